namespace ResearchSite.Tests.Templates;

public class PartialScopeTests
{
    [Fact]
    public void A_partial_that_calls_another_partial_keeps_its_own_arg_and_variables()
    {
        using var site = Some.Site().Article("en", "x", Some.FrontMatter(title: "X"));
        var theme = site.CopyOfTheme();

        var partials = Path.Combine(theme, "layouts", "partials");
        // The inner partial takes the link's text (another type) and sets a variable of the same name as the outer one's.
        File.WriteAllText(Path.Combine(partials, "inner.html"), "{{ label = 'inner' }}<i>{{ arg.text }}</i>");
        File.WriteAllText(
            Path.Combine(partials, "outer.html"),
            "{{ label = 'outer' }}<p class=\"outer\">{{ partial 'inner' arg.text }}<a href=\"{{ arg.href }}\" data-label=\"{{ label }}\">{{ arg.text.text }}</a></p>");
        File.AppendAllText(Path.Combine(partials, "footer.html"), "\n{{ for link in page.nav }}{{ partial 'outer' link }}{{ end }}\n");

        var result = site.Build(theme);

        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        var page = site.Page("en/articles/x/index.html");
        var outers = page.QuerySelectorAll("p.outer");
        var nav = page.QuerySelectorAll(".site-nav a");
        Assert.NotEmpty(nav);
        Assert.Equal(nav.Select(a => (a.GetAttribute("href"), a.TextContent)), outers.Select(p => (p.QuerySelector("a")!.GetAttribute("href"), p.QuerySelector("a")!.TextContent)));
        Assert.Equal(nav.Select(a => a.TextContent), outers.Select(p => p.QuerySelector("i")!.TextContent));
        Assert.All(outers, p => Assert.Equal("outer", p.QuerySelector("a")!.GetAttribute("data-label")));
    }
}
