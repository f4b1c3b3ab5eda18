namespace ResearchSite.Tests.Markdown;

public class RenderedArticleTests
{
    private static string Paragraph(int words, int seed) =>
        string.Join(' ', Enumerable.Range(0, words).Select(i => (((i * 7) + seed) % 5) switch
        {
            0 => "التحالف",
            1 => "الدولي",
            2 => "في",
            3 => "العراق",
            _ => "وسوريا",
        })) + ".";

    [Fact]
    public void A_long_study_s_body_is_held_in_less_than_half_its_HTML_and_given_back_whole()
    {
        var body = string.Join("\n\n", Enumerable.Range(0, 60).Select(i => (i % 10 == 0 ? $"## القسم {i}\n\n" : string.Empty) + Paragraph(40, i)));
        var (article, html, _) = Render.Body(body);

        Assert.Equal(60, html.QuerySelectorAll("p").Length);
        Assert.Equal(6, html.QuerySelectorAll("h2").Length);
        Assert.Equal(article.Html, System.Text.Encoding.UTF8.GetString(article.HtmlUtf8));
        Assert.True(article.HeldBytes * 2 < article.HtmlUtf8.Length, $"{article.HeldBytes} bytes held for {article.HtmlUtf8.Length} bytes of HTML");
    }

    [Fact]
    public void An_empty_body_is_held_as_no_bytes()
    {
        var (article, _, _) = Render.Body(string.Empty);

        Assert.Empty(article.HtmlUtf8);
        Assert.Equal(0, article.HeldBytes);
    }

    [Fact]
    public void A_first_paragraph_longer_than_the_text_buffer_is_kept_whole_and_the_next_study_renders()
    {
        var long1 = Paragraph(2000, 1);
        var (first, _, diagnostics) = Render.Body(long1 + "\n\n## عنوان\n\nنص.");
        var (second, html, _) = Render.Body("## مقدمة\n\nنص قصير.");

        Assert.Empty(diagnostics);
        Assert.Equal(long1, first.FirstParagraph);
        Assert.Equal("نص قصير.", second.FirstParagraph);
        Assert.Equal("مقدمة", html.QuerySelector("h2")!.TextContent);
    }
}
