namespace ResearchSite.Tests.Content;

public class SiteConfigTests
{
    private static FixtureSite Site(string languages) => Some.Site()
        .File("site.yml", $"title: {{ ar: سلسلة, en: Series }}\nbase_url: https://research.example.org/\n{languages}")
        .Article("en", "a", Some.FrontMatter(title: "A"));

    [Fact]
    public void A_default_language_that_is_not_among_the_languages_is_an_error_at_its_line()
    {
        using var site = Site("languages: [en]\ndefault_language: ar\n");
        var result = site.Build();
        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal("site.yml", Path.GetFileName(error.File));
        Assert.Equal((4, 19), (error.Line, error.Column));
        Assert.Contains("default_language 'ar' is not one of languages", error.Message);
    }

    [Theory]
    [InlineData("languages: []\n", 3, "languages is empty")]
    [InlineData("languages:\n", 3, "languages is empty")]
    [InlineData("languages: [ar, en]\nbase_url: https://x.example/?q=1#f\n", 3, "base_url 'https://x.example/?q=1#f' has a query or fragment")]
    public void An_empty_language_list_or_a_base_url_with_a_query_is_an_error_at_its_line(string lines, int line, string message)
    {
        using var site = Some.Site()
            .File("site.yml", $"title: {{ ar: سلسلة, en: Series }}\n{(lines.Contains("base_url") ? string.Empty : "base_url: https://research.example.org/\n")}{lines}")
            .Article("en", "a", Some.FrontMatter(title: "A"));
        var result = site.Build();
        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal(("site.yml", line), (Path.GetFileName(error.File), error.Line));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_language_listed_twice_is_a_warning()
    {
        using var site = Site("languages: [en, en]\n");
        var result = site.Build();
        Assert.True(result.Succeeded);
        Assert.Contains(result.Diagnostics, d => !d.IsError && d.Message.Contains("listed twice"));
    }

    [Theory]
    [InlineData("languages: [en]\n", "en")]
    [InlineData("languages: [en, ar]\n", "en")]
    [InlineData("languages: [ar, en]\n", "ar")]
    [InlineData("", "ar")]
    [InlineData("languages: [ar, en]\ndefault_language: en\n", "en")]
    public void The_root_leads_to_the_default_language_or_else_the_first_one(string languages, string expected)
    {
        using var site = Site(languages);
        var result = site.Build();
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        Assert.Equal($"/{expected}/", site.Page("index.html").QuerySelector(".redirect a")!.GetAttribute("href"));
        Assert.True(File.Exists(site.OutputFile($"{expected}/index.html")));
    }

    [Fact]
    public void A_language_the_themes_strings_do_not_have_is_an_error_at_its_line_in_site_yml()
    {
        using var site = Site("languages: [ar, en]\n");
        var theme = site.CopyOfTheme();

        var strings = File.ReadAllText(Path.Combine(theme, "strings.yml"));
        File.WriteAllText(Path.Combine(theme, "strings.yml"), strings[..(strings.IndexOf("\nen:", StringComparison.Ordinal) + 1)]);

        var result = site.Build(theme);
        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal("site.yml", Path.GetFileName(error.File));
        Assert.Equal((3, 17), (error.Line, error.Column));
        Assert.Contains("strings.yml", error.Message);

        // The same theme serves a site in the languages it has words for.
        site.File("site.yml", "title: { ar: سلسلة }\nbase_url: https://research.example.org/\nlanguages: [ar]\n");
        File.Delete(Path.Combine(site.Input, "articles", "en", "a.md"));
        site.Article("ar", "a", Some.FrontMatter());
        result = site.Build(theme);
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
    }
}
