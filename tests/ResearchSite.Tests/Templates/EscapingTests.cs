namespace ResearchSite.Tests.Templates;

public class EscapingTests
{
    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("\\\"><img src=x onerror=alert(1)>")]
    public void Front_matter_values_appear_as_text_everywhere(string title)
    {
        using var site = Some.Site().Article("en", "x", Some.FrontMatter(title: title, extra: $"summary: \"{title}\"\n"));
        var result = site.Build();
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        var shown = title.Replace("\\\"", "\"");
        foreach (var path in new[] { "en/articles/x/index.html", "en/index.html", "ar/index.html" })
        {
            var page = site.Page(path);
            Assert.Empty(page.QuerySelectorAll("script:not([src]):not([type='application/ld+json'])"));
            Assert.Empty(page.QuerySelectorAll("img"));
            Assert.Contains(page.QuerySelectorAll("h1, h3, .study-summary, .summary p"), e => e.TextContent.Contains(shown));
        }
    }

    [Fact]
    public void Text_is_escaped_once_and_written_as_its_UTF8_characters()
    {
        const string title = "Café & “quotes” <b>not bold</b> 'single' 🌍";
        using var site = Some.Site().Article("en", "x", Some.FrontMatter(title: title.Replace("\"", "\\\""), extra: "summary: \"Résumé © 2026\"\n"));
        Assert.True(site.Build().Succeeded);
        var bytes = File.ReadAllText(site.OutputFile("en/articles/x/index.html"));
        var page = site.Page("en/articles/x/index.html");

        Assert.Equal(title, page.QuerySelector("h1")!.TextContent);
        Assert.Empty(page.QuerySelectorAll("h1 b"));
        Assert.Equal("Résumé © 2026", page.QuerySelector(".summary p")!.TextContent);
        // The page is UTF-8: characters outside ASCII are written as themselves, not as numeric references.
        Assert.Contains("Café &amp; “quotes” &lt;b&gt;not bold&lt;/b&gt; &#39;single&#39; 🌍", bytes, StringComparison.Ordinal);
        Assert.Contains("content=\"Résumé © 2026\"", bytes, StringComparison.Ordinal);
        Assert.DoesNotContain("&#233;", bytes, StringComparison.Ordinal);
    }

    [Fact]
    public void Loops_and_conditions_of_the_theme_leave_no_blank_lines()
    {
        using var site = Some.Site().Article("en", "x", Some.FrontMatter(title: "Blank lines"), "## One\n\nText.\n\n### Two\n\nMore.\n");
        Assert.True(site.Build().Succeeded);
        foreach (var path in new[] { "en/articles/x/index.html", "en/index.html", "en/categories/index.html", "en/404.html" })
        {
            var lines = File.ReadAllLines(site.OutputFile(path));
            var blank = lines.Select((line, i) => (line, i)).Where(l => string.IsNullOrWhiteSpace(l.line)).Select(l => l.i + 1).ToList();
            Assert.True(blank.Count == 0, $"{path}: blank lines {string.Join(", ", blank)}");
            Assert.Equal("<!DOCTYPE html>", lines[0]);
            Assert.Equal("</html>", lines[^1]);
        }
    }
}
