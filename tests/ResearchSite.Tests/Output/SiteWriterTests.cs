using ResearchSite.Output;

namespace ResearchSite.Tests.Output;

/// <summary>Rebuilds reuse the folder of the site before last; what they leave must equal a build from scratch.</summary>
public class SiteWriterTests
{
    private static FixtureSite TwoStudies() =>
        Some.Site()
            .Article("ar", "first", Some.FrontMatter(title: "الأولى"))
            .Article("ar", "second", Some.FrontMatter(title: "الثانية"))
            .Article("en", "second", Some.FrontMatter(title: "The Second", author: "Ilham El-Naggar", category: "reports"))
            .File("assets/maps/iraq.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
            .File("assets/report", "a file that will become a folder");

    private static void AssertSameAsFromScratch(FixtureSite site)
    {
        var scratch = Path.Combine(site.Root, "scratch");
        Assert.True(site.Build(output: scratch).Succeeded);
        Assert.Equal(site.Snapshot(scratch).OrderBy(f => f.Key), site.Snapshot().OrderBy(f => f.Key));
        Directory.Delete(scratch, recursive: true);
    }

    [Fact]
    public void A_rebuild_leaves_exactly_what_a_build_from_scratch_writes()
    {
        using var site = TwoStudies();
        Assert.True(site.Build().Succeeded);
        Assert.True(site.Build().Succeeded);
        Assert.True(Directory.Exists(SiteWriter.PreviousOf(site.Output)), "the replaced site is kept for the next build");

        // A study deleted, one renamed, an asset moved, a file turned into a folder and a folder into a file.
        File.Delete(Path.Combine(site.Input, "articles/ar/second.md"));
        File.Delete(Path.Combine(site.Input, "articles/en/second.md"));
        File.Move(Path.Combine(site.Input, "articles/ar/first.md"), Path.Combine(site.Input, "articles/ar/renamed.md"));
        File.Delete(Path.Combine(site.Input, "assets/report"));
        site.File("assets/report/summary.txt", "now a folder");
        Directory.Delete(Path.Combine(site.Input, "assets/maps"), recursive: true);
        site.File("assets/maps", "now a file");

        // An edit that keeps every file's length: only the bytes tell the old page from the new.
        Assert.True(site.Build().Succeeded);
        site.Article("en", "third", Some.FrontMatter(title: "The Third", author: "Ilham El-Naggar", category: "reports"), "## Start\n\nText A.\n");
        Assert.True(site.Build().Succeeded);
        Assert.True(site.Build().Succeeded);
        site.Article("en", "third", Some.FrontMatter(title: "The Third", author: "Ilham El-Naggar", category: "reports"), "## Start\n\nText B.\n");
        Assert.True(site.Build().Succeeded);
        Assert.Contains("Text B.", File.ReadAllText(site.OutputFile("en/articles/third/index.html")));

        Assert.False(Directory.Exists(site.OutputFile("ar/articles/second")));
        Assert.False(Directory.Exists(site.OutputFile("ar/articles/first")));
        Assert.True(File.Exists(site.OutputFile("ar/articles/renamed/index.html")));
        Assert.Equal("now a folder", File.ReadAllText(site.OutputFile("files/report/summary.txt")));
        AssertSameAsFromScratch(site);
    }

    [Fact]
    public void Every_build_in_a_row_gives_the_same_site()
    {
        using var site = TwoStudies();
        Assert.True(site.Build().Succeeded);
        var first = site.Snapshot();
        for (var i = 0; i < 3; i++)
        {
            Assert.True(site.Build().Succeeded);
            Assert.Equal(first.OrderBy(f => f.Key), site.Snapshot().OrderBy(f => f.Key));
        }

        // Only output/ and the one folder kept for the next build: nothing piles up beside them.
        Assert.Equal([".output.previous", "output"], Directory.EnumerateDirectories(site.Root, "*output*").Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_failed_rebuild_leaves_output_as_it_was_and_the_next_build_recovers()
    {
        using var site = TwoStudies();
        Assert.True(site.Build().Succeeded);
        Assert.True(site.Build().Succeeded);
        var before = site.Snapshot();

        site.Article("ar", "broken", Some.FrontMatter(author: "مؤلف مجهول"));
        Assert.False(site.Build().Succeeded);
        Assert.Equal(before, site.Snapshot());

        File.Delete(Path.Combine(site.Input, "articles/ar/broken.md"));
        site.Article("ar", "third", Some.FrontMatter(title: "الثالثة"));
        Assert.True(site.Build().Succeeded);
        AssertSameAsFromScratch(site);
    }
}
