namespace ResearchSite.Tests.Build;

public class LinkCheckerTests
{
    private static FixtureSite Site(string body) =>
        Some.Site()
            .Article("en", "other", Some.FrontMatter(title: "Other"), "## Findings\n\nText.\n")
            .Article("ar", "other", Some.FrontMatter(title: "أخرى"), "## النتائج\n\nنص.\n")
            .Article("en", "main", Some.FrontMatter(title: "Main"), body);

    [Fact]
    public void Links_to_markdown_files_become_the_studies_urls()
    {
        using var site = Site("See [the other](other.md#findings), [the Arabic](../ar/other.md#النتائج) and [self](#intro).\n\n## Intro\n");
        var result = site.Build();
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        var hrefs = site.Page("en/articles/main/index.html").QuerySelectorAll(".article-body > p a").Select(a => Uri.UnescapeDataString(a.GetAttribute("href")!)).ToList();
        Assert.Equal(["/en/articles/other/#findings", "/ar/articles/other/#النتائج", "#intro"], hrefs);
    }

    [Theory]
    [InlineData("[x](missing.md)", "points to no article")]
    [InlineData("[x](other.md#nowhere)", "'#nowhere', which is no heading")]
    [InlineData("[x](#nowhere)", "'#nowhere', which is no heading")]
    [InlineData("[x](/en/articles/gone/)", "leads to no page")]
    [InlineData("[x](/en/categories/nope/)", "leads to no page")]
    public void A_broken_link_or_anchor_fails_with_file_line_and_column(string link, string message)
    {
        using var site = Site($"Intro.\n\nSee {link} now.\n");
        var result = site.Build();
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.EndsWith("main.md", error.File);
        Assert.Equal((10, 5), (error.Line, error.Column));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Links_to_indexes_feeds_files_and_notes_resolve_to_what_the_build_writes()
    {
        using var site = Site("See [cat](/en/categories/energy/), [feed](/en/feed.xml), [pdf](/files/report.pdf), [note](#note_1)[^a].\n\n[^a]: A note.\n")
            .File("assets/report.pdf", "%PDF");
        var result = site.Build();
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        Assert.Empty(result.Diagnostics);

        var page = site.Page("en/articles/main/index.html");
        var hrefs = page.QuerySelectorAll(".article-body > p a:not([role])").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Equal(["/en/categories/energy/", "/en/feed.xml", "/files/report.pdf", "#note_1"], hrefs);
        Assert.True(File.Exists(site.OutputFile("en/categories/energy/index.html")));
        Assert.True(File.Exists(site.OutputFile("en/feed.xml")));
        Assert.Equal("%PDF", File.ReadAllText(site.OutputFile("files/report.pdf")));
        Assert.NotNull(page.GetElementById("note_1"));
    }
}
