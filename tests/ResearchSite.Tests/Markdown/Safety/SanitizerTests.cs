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

    [Fact]
    public void Text_inside_removed_scripts_styles_and_templates_never_becomes_text()
    {
        var (article, html, diagnostics) = Render.Body("""
            فقرة <script>stealInline()</script> أولى.

            ## عنوان <style>.x{color:red}</style> القسم

            <script>stealBlock()</script>

            <div><style>.y{}</style><template><p>hiddenTemplate</p></template><noscript>enableScripts</noscript>نص ظاهر</div>

            <svg><text>svgText</text></svg>
            """);
        var text = html.Body!.TextContent + article.FirstParagraph + string.Join(' ', article.Headings.Select(h => h.Text));
        foreach (var hidden in new[] { "steal", "color", ".y", "hiddenTemplate", "enableScripts", "svgText" })
        {
            Assert.DoesNotContain(hidden, text);
        }

        Assert.Contains("نص ظاهر", html.Body.TextContent);
        Assert.Equal("عنوان القسم", article.Headings.Single().Text.Replace("  ", " "));
        Assert.Contains(diagnostics, d => d.Line == 10 && d.Message.StartsWith("<script>"));
        Assert.Contains(diagnostics, d => d.Line == 14 && d.Message.StartsWith("<script>"));
        Assert.Contains(diagnostics, d => d.Line == 16 && d.Message.StartsWith("<template>"));
        Assert.All(diagnostics, d => Assert.False(d.IsError));
    }

    public static TheoryData<string, string, int> UnclosedHtml() => new()
    {
        // Line 12 is the body's third line; what is after the opening must not vanish.
        { "a comment", "<!-- editor note\n\n## Findings\n\nMore text.", 12 },
        { "a comment inside a block", "<div>\n<!-- editor note\n</div>\n\n## Findings", 13 },
        { "a script block", "<script>\nvar a = 1;\n\n## Findings", 12 },
        { "a pre block", "<pre>\ncode\n\n## Findings", 12 },
        { "a script inside a block", "<div><script>\nvar a = 1;\n</div>\n\n## Findings", 12 },
        { "a template inside a block", "<div><template>\n</div>\n\n## Findings", 12 },
        { "a script in a paragraph", "Some <script> text\n\n## Findings", 12 },
        { "a processing instruction", "<?php echo 1;\n\n## Findings", 12 },
    };

    [Theory]
    [MemberData(nameof(UnclosedHtml))]
    public void Html_that_never_closes_is_an_error_at_its_line_not_a_silent_loss(string what, string markdown, int line)
    {
        var (_, _, diagnostics) = Render.Body("First para.\n\n" + markdown + "\n", "en");
        var error = Assert.Single(diagnostics, d => d.IsError);
        Assert.True(error.Line == line, $"{what}: {error}");
        Assert.Contains("would disappear", error.Message);
    }

    [Fact]
    public void Closed_comments_hide_only_themselves()
    {
        var (_, html, diagnostics) = Render.Body("First.\n\n<!-- editor note\nstill the note -->\n\n## Findings\n\n<!---->More <!-- x --> text.\n", "en");
        Assert.DoesNotContain(diagnostics, d => d.IsError);
        Assert.Equal("Findings", html.QuerySelector("h2")!.TextContent);
        Assert.DoesNotContain("editor note", html.Body!.TextContent);
        Assert.Contains("More", html.Body.TextContent);
    }

    [Fact]
    public void Raw_html_ids_that_the_page_or_its_notes_use_or_that_repeat_are_removed_with_a_warning()
    {
        var (_, html, diagnostics) = Render.Body("""
            نص[1] <span id="main">أ</span> <span id="mine">ب</span>.

            <div id="note_1_body">مزور</div>

            <p id="mine">مكرر</p> <span id="ref_1_a">ج</span>

            المصادر:
            [1] مصدر.
            """);
        var ids = html.QuerySelectorAll("[id]").Select(e => e.Id!).ToList();
        Assert.Equal(ids.Distinct(), ids);
        Assert.Equal("ب", html.GetElementById("mine")!.TextContent);
        Assert.Equal("note-body", html.GetElementById("note_1_body")!.ClassName);
        Assert.Equal("ref_1_a", html.QuerySelector("a[role=doc-noteref]")!.Id);
        Assert.Null(html.GetElementById("main"));
        Assert.Contains(diagnostics, d => d.Line == 10 && d.Message.Contains("'main'"));
        Assert.Contains(diagnostics, d => d.Line == 12 && d.Message.Contains("'note_1_body'"));
        Assert.Contains(diagnostics, d => d.Line == 14 && d.Message.Contains("'mine'"));
        Assert.Contains(diagnostics, d => d.Line == 14 && d.Message.Contains("'ref_1_a'"));
    }
}
