namespace ResearchSite.Tests.Pages;

/// <summary>Front matter 'aliases': a study's old addresses redirect to its page, and may not hide anything of the site.</summary>
public sealed class AliasTests
{
    private static string WithAliases(params string[] aliases) =>
        Some.FrontMatter(extra: "aliases:\n" + string.Join(string.Empty, aliases.Select(a => $"  - \"{a}\"\n")));

    [Fact]
    public void Old_addresses_become_301_rules_and_redirect_pages()
    {
        using var site = Some.Site().Article("ar", "study", WithAliases("/2024/10/%d8%b9%d9%88%d8%af%d8%a9/", "/?p=201", "/old.html"));
        var result = site.Build();
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));

        var rules = File.ReadAllLines(site.OutputFile("_redirects")).Where(l => !l.StartsWith('#')).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Contains(rules, r => r.SequenceEqual(["/2024/10/%D8%B9%D9%88%D8%AF%D8%A9/", "/ar/articles/study/", "301"]));
        Assert.Contains(rules, r => r.SequenceEqual(["/", "p=201", "/ar/articles/study/", "301"]));
        Assert.Contains(rules, r => r.SequenceEqual(["/old.html", "/ar/articles/study/", "301"]));

        // Hosts without _redirects: a page at the old (decoded) address leads on, canonical to the study.
        var page = site.Page("2024/10/عودة/index.html");
        Assert.Equal("0; url=/ar/articles/study/", page.QuerySelector("meta[http-equiv=refresh]")!.GetAttribute("content"));
        Assert.Equal("https://research.example.org/ar/articles/study/", page.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
        Assert.Equal("/ar/articles/study/", site.Page("old.html").QuerySelector("main a, .redirect a")!.GetAttribute("href"));
        Assert.DoesNotContain("2024/10", File.ReadAllText(site.OutputFile("sitemap.xml")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_site_without_aliases_writes_no_redirects_file()
    {
        using var site = Some.Site().Article("ar", "study", Some.FrontMatter());
        Assert.True(site.Build().Succeeded);
        Assert.False(File.Exists(site.OutputFile("_redirects")));
    }

    [Theory]
    [InlineData("/ar/articles/other/", "/ar/articles/other/")]
    [InlineData("/EN/", "/en/")]
    [InlineData("/ar/feed.xml", "/ar/feed.xml")]
    [InlineData("/ar/feed.xml/", "/ar/feed.xml")]
    [InlineData("/ar/articles/other/cite.bib", "/ar/articles/other/cite.bib")]
    [InlineData("/ar/articles/other/card.png", "/ar/articles/other/card.png")]
    [InlineData("/ar/articles/other/index.html/", "/ar/articles/other/index.html")]
    [InlineData("/_redirects", "/_redirects")]
    [InlineData("/pagefind/pagefind.js", "/pagefind/")]
    [InlineData("/search-text/ar/articles/other.json", "/search-text/")]
    public void An_alias_at_an_address_of_the_site_fails_the_build_naming_file_and_line(string alias, string owner)
    {
        using var site = Some.Site()
            .Article("ar", "other", Some.FrontMatter())
            .Article("ar", "study", WithAliases(alias));
        var result = site.Build();
        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.EndsWith(Path.Combine("ar", "study.md"), error.File, StringComparison.Ordinal);
        Assert.Equal(7, error.Line);
        Assert.Contains(owner, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_old_address_given_to_two_studies_fails_the_build()
    {
        using var site = Some.Site()
            .Article("ar", "one", WithAliases("/?p=7"))
            .Article("ar", "two", WithAliases("/?p=7"));
        var result = site.Build();
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.EndsWith(Path.Combine("ar", "two.md"), error.File, StringComparison.Ordinal);
        Assert.Contains("one.md", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2024/old/")]
    [InlineData("https://old.example.org/x/")]
    [InlineData("/a/../b/")]
    [InlineData("/news/:year/")]
    public void An_alias_that_is_not_a_path_of_the_site_is_an_error(string alias)
    {
        using var site = Some.Site().Article("ar", "study", WithAliases(alias));
        var result = site.Build();
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal(7, error.Line);
        Assert.Contains($"alias '{alias}'", error.Message, StringComparison.Ordinal);
    }
}
