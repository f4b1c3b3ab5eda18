using ResearchSite.Build;
using ResearchSite.Build.Incremental;
using ResearchSite.Diagnostics;

namespace ResearchSite.Tests.Build.Incremental;

/// <summary>
/// The articles are read and rendered by every core at once, and the theme is read beside the settings
/// and registries: what comes out must not depend on which thread finished first.
/// </summary>
public class ReadAndRenderTests
{
    private const int Articles = 150;

    /// <summary>A site whose every article has problems (broken links, an unknown front matter key), with a broken registry too.</summary>
    private static FixtureSite BrokenSite()
    {
        var site = Some.Site();
        site.File("data/categories.yml", "security-terrorism: { ar: الدراسات الأمنية والإرهاب, en: Security and Terrorism Studies }\nreports: { ar: تقارير, en: Reports }\nenergy: { ar: الطاقة, en: Energy }\nBad Key: { ar: خطأ, en: Wrong }\n");
        for (var i = 0; i < Articles; i++)
        {
            var language = i % 2 == 0 ? "ar" : "en";
            var extra = i % 5 == 0 ? "colour: blue\n" : string.Empty;
            var body = $"## مقدمة {i}\n\nنص [أ](missing-{i}.md).\n\n" + (i % 3 == 0 ? $"فقرة أخرى [ب](gone-{i}.md) و[ج](../ar/none-{i}.md).\n" : string.Empty);
            site.Article(language, $"study-{i:D3}", Some.FrontMatter(title: $"دراسة {i}", extra: extra), body);
        }

        return site;
    }

    private static IReadOnlyList<Diagnostic> Check(FixtureSite site)
    {
        using var engine = new IncrementalBuild(new BuildOptions(site.Input, Some.Theme, site.Output, false, null));
        var result = engine.Next(null, IncrementalBuild.Everything).Result;
        Assert.False(result.Succeeded);
        return result.Diagnostics;
    }

    [Fact]
    public void Many_broken_files_are_reported_all_in_file_line_and_column_order_the_same_on_every_build()
    {
        using var site = BrokenSite();
        var first = Check(site);

        // Every problem of every file, none lost by the workers (the bag drops doubles and sorts, so the order below is the
        // reader's promise, not a test of the threads).
        var links = first.Where(d => d.Message.Contains("points to no article", StringComparison.Ordinal)).ToList();
        Assert.Equal(Articles + (2 * ((Articles + 2) / 3)), links.Count);
        Assert.Equal(Articles, links.Select(d => d.File).Distinct().Count());
        Assert.Equal((Articles + 4) / 5, first.Count(d => d.Message.Contains("colour", StringComparison.Ordinal)));
        Assert.Contains(first, d => d.File.EndsWith("categories.yml", StringComparison.Ordinal) && d.IsError);

        // In the order a reader scans them: by file, then line, then column, whatever the threads did.
        var sorted = first.OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column).ThenBy(d => d.Message, StringComparer.Ordinal).ToList();
        Assert.Equal(sorted.Select(d => d.ToString()), first.Select(d => d.ToString()));

        for (var run = 0; run < 4; run++)
        {
            Assert.Equal(first.Select(d => d.ToString()), Check(site).Select(d => d.ToString()));
        }
    }

    [Fact]
    public void The_phases_of_the_articles_read_and_rendered_together_are_told_apart_and_add_up()
    {
        using var site = Some.Site();
        for (var i = 0; i < 40; i++)
        {
            site.Article("ar", $"study-{i:D2}", Some.FrontMatter(title: $"دراسة {i}"), $"## مقدمة\n\n{string.Concat(Enumerable.Repeat("نص طويل للدراسة. ", 200))}\n");
        }

        using var engine = new IncrementalBuild(new BuildOptions(site.Input, Some.Theme, site.Output, false, null));
        var result = engine.Next(null, IncrementalBuild.Everything).Result;
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        var read = Assert.Single(result.Phases, p => p.Phase == "read");
        var render = Assert.Single(result.Phases, p => p.Phase == "render");

        // Each has its share of the time and of the bytes.
        Assert.True(read.Elapsed > TimeSpan.Zero && render.Elapsed > TimeSpan.Zero);
        Assert.True(read.AllocatedBytes > 0 && render.AllocatedBytes > 0, $"read {read.AllocatedBytes}, render {render.AllocatedBytes}");
        Assert.True(result.Phases.Sum(p => p.Elapsed.Ticks) <= result.Elapsed.Ticks);
    }
}
