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

    private static FixtureSite TargetSite(string link) =>
        Some.Site()
            .Article("en", "other", Some.FrontMatter(title: "Other"), "## Findings\n\nText[^a] and <span id=\"table-3\">a table</span>.\n\n[^a]: A note.\n")
            .Article("en", "plain", Some.FrontMatter(title: "Plain"), "Text without headings or notes.\n")
            .Article("en", "main", Some.FrontMatter(title: "Main"), $"See [there]({link}).\n");

    [Theory]
    [InlineData("other.md#cite-title")]
    [InlineData("other.md#cite-bibtex")]
    [InlineData("other.md#toc-title")]
    [InlineData("other.md#findings")]
    [InlineData("other.md#notes_title")]
    [InlineData("other.md#note_1")]
    [InlineData("other.md#note_1_body")]
    [InlineData("other.md#ref_1_a")]
    [InlineData("other.md#table-3")]
    [InlineData("plain.md#main")]
    public void A_link_to_any_id_the_linked_article_page_carries_resolves(string link)
    {
        using var site = TargetSite(link);
        var result = site.Build();
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        Assert.DoesNotContain(result.Diagnostics, d => d.Message.Contains("#"));

        // The id is really on the page the link leads to.
        var href = site.Page("en/articles/main/index.html").QuerySelector(".article-body > p a")!.GetAttribute("href")!;
        var hash = href.IndexOf('#');
        var target = site.Page(href[..hash].TrimStart('/') + "index.html");
        Assert.NotNull(target.GetElementById(href[(hash + 1)..]));
    }

    [Theory]
    [InlineData("plain.md#notes_title")]
    [InlineData("other.md#listing-title")]
    [InlineData("other.md#search-title")]
    public void A_link_to_an_id_only_other_pages_carry_is_an_error(string link)
    {
        using var site = TargetSite(link);
        var result = site.Build();
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Contains($"'{link[link.IndexOf('#')..]}', which is no heading", error.Message);
        Assert.Equal((8, 5), (error.Line, error.Column));
    }

    [Fact]
    public void A_link_to_a_file_written_beside_a_page_resolves()
    {
        using var site = TargetSite("/en/articles/other/cite.bib");
        var result = site.Build();
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        Assert.StartsWith("@techreport{other-2024-en,", File.ReadAllText(site.OutputFile("en/articles/other/cite.bib")));
    }

    [Fact]
    public void Check_accepts_a_link_to_the_citation_of_another_study_of_the_default_site()
    {
        using var site = Some.Site();
        CopyFolder(Path.Combine(Some.RepoRoot, "input"), site.Input);
        var english = Path.Combine(site.Input, "articles", "en", "coalition-withdrawal-iraq.md");
        File.AppendAllText(english, "\n\nCite it as [the Arabic version says](../ar/coalition-withdrawal-iraq.md#cite-title).\n");

        var (code, output, errors) = Some.Cli("check", "--input", site.Input, "--theme", Some.Theme);
        Assert.True(code == 0, output + errors);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
