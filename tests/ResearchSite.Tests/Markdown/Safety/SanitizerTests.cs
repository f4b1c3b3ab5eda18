namespace ResearchSite.Tests.Markdown.Safety;

public class SanitizerTests
{
    [Fact]
    public void Scripts_event_handlers_and_frames_are_removed_with_a_warning_on_their_line()
    {
        var (_, html, diagnostics) = Render.Body("""
            فقرة.

            <script>alert(1)</script>

            <p onclick="steal()">نص <span lang="en" dir="ltr">CENTCOM</span></p>

            <iframe src="https://evil.example"></iframe>

            <form action="x"><input name="a"></form>

            نص <img src="x" onerror="alert(1)"> و <b style="color:red">غامق</b>.
            """);
        Assert.Empty(html.QuerySelectorAll("script, iframe, form, input, [onclick], [onerror], [style]"));
        var span = html.QuerySelector("span[lang=en]")!;
        Assert.Equal(("ltr", "CENTCOM"), (span.GetAttribute("dir"), span.TextContent));
        Assert.Contains(diagnostics, d => d.Line == 12 && d.Message.StartsWith("<script>"));
        Assert.Contains(diagnostics, d => d.Line == 14 && d.Message.Contains("onclick"));
        Assert.Contains(diagnostics, d => d.Line == 16 && d.Message.StartsWith("<iframe>"));
        Assert.Contains(diagnostics, d => d.Line == 18 && d.Message.StartsWith("<form>"));
        Assert.Contains(diagnostics, d => d.Line == 20 && d.Message.Contains("onerror"));
        Assert.All(diagnostics, d => Assert.False(d.IsError));
    }

    [Fact]
    public void Tables_figures_and_abbreviations_that_articles_need_are_kept()
    {
        var (_, html, diagnostics) = Render.Body("""
            <figure><img src="/files/map.png" alt="خريطة"><figcaption>خريطة</figcaption></figure>

            <table><tr><th scope="col">أ</th></tr><tr><td>١</td></tr></table>

            نص <abbr title="Central Command">CENTCOM</abbr> و<sup>2</sup>.
            """);
        Assert.Empty(diagnostics);
        Assert.NotNull(html.QuerySelector("figure img[src='/files/map.png'][alt]"));
        Assert.NotNull(html.QuerySelector("table th[scope=col]"));
        Assert.NotNull(html.QuerySelector("abbr[title]"));
    }

    [Theory]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](JavaScript:alert(1))")]
    [InlineData("[click](data:text/html;base64,PHNjcmlwdD4=)")]
    public void Markdown_links_to_javascript_or_data_are_refused(string markdown)
    {
        var (_, html, diagnostics) = Render.Body($"see {markdown} here\n", "en");
        Assert.Empty(html.QuerySelectorAll("a"));
        Assert.Contains("click", html.Body!.TextContent);
        Assert.Contains(diagnostics, d => d.Message.Contains("was removed") && d.Line == 10);
    }

    [Fact]
    public void Links_to_the_web_mail_and_the_site_are_kept()
    {
        var (_, html, diagnostics) = Render.Body("[a](https://x.org) [b](mailto:a@b.org) [c](/ar/) [d](#x) [e](other.md)\n", "en");
        Assert.Empty(diagnostics);
        Assert.Equal(5, html.QuerySelectorAll("a").Length);
    }
}
