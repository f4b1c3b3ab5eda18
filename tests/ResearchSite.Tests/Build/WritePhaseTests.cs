using ResearchSite.Build;

namespace ResearchSite.Tests.Build;

/// <summary>
/// The write phase builds each page's view with the views of listed and related studies shared between pages, and
/// reads each study's body from where it waits straight into its page; a page rendered alone (`serve`, on request)
/// builds everything anew and takes the body from memory. Both must write the same bytes.
/// </summary>
public class WritePhaseTests
{
    [Fact]
    public void Every_page_the_build_writes_is_byte_for_byte_the_page_rendered_alone_on_request()
    {
        using var site = Some.Site()
            .Article("ar", "one", Some.FrontMatter(title: "الأولى", date: "2024-01-10"), "## مقدمة\n\nنص [^1].\n\n[^1]: مصدر.\n")
            .Article("en", "one", Some.FrontMatter(title: "One", date: "2024-01-10"))
            .Article("ar", "two", Some.FrontMatter(title: "الثانية", author: "omar-saleh", category: "reports", date: "2024-02-10"))
            .Article("en", "two", Some.FrontMatter(title: "Two", author: "omar-saleh", category: "reports", date: "2024-02-10"))
            .Article("ar", "three", Some.FrontMatter(title: "الثالثة", category: "energy", date: "2023-03-10"))
            .Article("en", "four", Some.FrontMatter(title: "Four", date: "2022-05-10"));

        var written = site.Build();
        var alone = BuildPipeline.BuildInMemory(new BuildOptions(site.Input, Some.Theme, site.Output, false, null));

        Assert.True(written.Succeeded, string.Join('\n', written.Diagnostics));
        Assert.True(alone.Succeeded, string.Join('\n', alone.Result.Diagnostics));
        var pages = alone.Files.Keys.Where(k => k.EndsWith(".html", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Contains("ar/index.html", pages);
        Assert.Contains("en/articles/two/index.html", pages);
        Assert.All(pages, page => Assert.True(
            File.ReadAllBytes(site.OutputFile(page)).AsSpan().SequenceEqual(alone.Files[page]),
            $"{page} written by the build differs from the page rendered alone"));
    }
}
