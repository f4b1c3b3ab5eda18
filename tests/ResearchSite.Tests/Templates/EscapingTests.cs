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
}
