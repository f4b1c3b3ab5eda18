using ResearchSite.Import;

namespace ResearchSite.Tests.Import;

/// <summary>WordPress HTML to the content format, shape by shape; the Markdown is then built to check what readers get.</summary>
public sealed class HtmlToMarkdownTests
{
    private sealed class Context : IConversionContext
    {
        public List<string> Notices { get; } = [];

        public string Link(string href) => href;

        public string Figure(string src, string alt, string caption) => $"[{alt}]({src})";

        public void Notice(string message) => Notices.Add(message);
    }

    private static string Convert(string html, string footnotes = "") => HtmlToMarkdown.Convert(html, footnotes, new Context()).Markdown;

    private static AngleSharp.Dom.IDocument Built(string markdown)
    {
        using var site = Some.Site().Article("ar", "study", Some.FrontMatter(), markdown);
        var result = site.Build();
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics) + "\n" + markdown);
        return site.Page("ar/articles/study/index.html");
    }

    [Fact]
    public void Block_comments_are_removed_and_entities_and_nbsp_decoded()
    {
        var markdown = Convert("<!-- wp:paragraph -->\n<p>أ&nbsp;ب &amp; ج &lt;script&gt; &#8220;د&#8221;</p>\n<!-- /wp:paragraph -->");
        Assert.Equal("أ ب & ج \\<script\\> “د”\n", markdown);
        Assert.Equal("أ ب & ج <script> “د”", Built(markdown).QuerySelector(".article-body p")!.TextContent);
    }

    [Fact]
    public void Nested_and_ordered_lists_keep_their_structure()
    {
        var markdown = Convert("<ol start=\"3\"><li>ثالث<ul><li>فرع <strong>مهم</strong></li><li>فرع آخر</li></ul></li><li>رابع</li></ol>");
        Assert.Equal("3. ثالث\n   - فرع **مهم**\n   - فرع آخر\n4. رابع\n", markdown);
        var page = Built(markdown);
        Assert.Equal("3", page.QuerySelector(".article-body ol")!.GetAttribute("start"));
        Assert.Equal(2, page.QuerySelectorAll(".article-body ol > li > ul > li").Length);
        Assert.Equal("مهم", page.QuerySelector(".article-body ol ul strong")!.TextContent);
    }

    [Fact]
    public void Tables_blockquotes_with_cite_and_headings_h2_to_h6_are_kept()
    {
        var markdown = Convert("<h3>قسم</h3><table><tr><th>أ</th><th>ب|ج</th></tr><tr><td>1</td><td>2</td></tr></table><blockquote class=\"wp-block-quote\"><p>قول مأثور</p><cite>قائله</cite></blockquote><h6>صغير</h6>");
        var page = Built(markdown);
        Assert.Equal("قسم", page.QuerySelector(".article-body h3")!.TextContent.Trim());
        Assert.Equal(["أ", "ب|ج"], page.QuerySelectorAll(".article-body table th").Select(t => t.TextContent));
        Assert.Equal("قول مأثور", page.QuerySelector(".article-body blockquote p")!.TextContent);
        Assert.Contains("— قائله", page.QuerySelector(".article-body blockquote")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("صغير", page.QuerySelector(".article-body h6")!.TextContent.Trim());
    }

    [Fact]
    public void Code_keeps_its_text_exactly_even_a_cdata_end_split_across_sections()
    {
        // WordPress writes ']]>' in content as ']]]]><![CDATA[>': the reader joins the sections again.
        var xml = File.ReadAllText(Samples.Export).Replace("<p>نص تجريبي.</p>", "<pre class=\"wp-block-code\"><code>if (a[b[0]]]]]><![CDATA[> 1) { x = `y`; }\n  *not emphasis*</code></pre><p>قال <code>a ` b</code></p>", StringComparison.Ordinal);
        var export = ResearchSite.Import.WxrReader.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(xml)));
        var markdown = Convert(export.Items.Single(i => i.Id == 206).Content);
        var page = Built(markdown);
        Assert.Equal("if (a[b[0]]]> 1) { x = `y`; }\n  *not emphasis*", page.QuerySelector(".article-body pre code")!.TextContent.TrimEnd('\n'));
        Assert.Equal("a ` b", page.QuerySelector(".article-body p code")!.TextContent);
    }

    [Fact]
    public void A_classic_post_s_bare_lines_become_paragraphs_and_line_breaks()
    {
        var markdown = Convert("سطر أول\nسطر ثان\n\nفقرة ثانية فيها <em>تأكيد</em>.");
        var page = Built(markdown);
        var paragraphs = page.QuerySelectorAll(".article-body p").Where(p => p.TextContent.Contains("سطر", StringComparison.Ordinal) || p.TextContent.Contains("فقرة", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, paragraphs.Count);
        Assert.Single(paragraphs[0].QuerySelectorAll("br"));
        Assert.Equal("تأكيد", paragraphs[1].QuerySelector("em")!.TextContent);
    }

    [Theory]
    [InlineData("<p>المراجع</p><p>[1] أول.<br>[2] ثان.</p>")]
    [InlineData("<p><strong>المصادر:</strong></p><p>[1] أول.</p><p>[2] ثان.</p>")]
    [InlineData("<h2>Sources</h2><p>[1] أول.</p><p>[2] ثان.</p>")]
    public void Numbered_sources_in_every_shape_become_the_notes(string sources)
    {
        var markdown = Convert("<p>نص[1] ونص[2].</p>" + sources);
        var page = Built(markdown);
        Assert.Equal(2, page.QuerySelectorAll("a[role=doc-noteref]").Length);
        Assert.Equal(["أول.", "ثان."], page.QuerySelectorAll("section.notes > ol > li .note-body, section.notes > ol > li").Select(n => n.TextContent.Trim()).Where(t => t is "أول." or "ثان.").Distinct());
    }

    [Fact]
    public void Block_editor_footnotes_are_numbered_in_order_of_citation()
    {
        const string meta = "[{\"content\":\"الثانية\",\"id\":\"b\"},{\"content\":\"الأولى <a href=\\\"https://example.org/\\\">رابط</a>\",\"id\":\"a\"}]";
        var markdown = Convert("<p>نص<sup data-fn=\"a\" class=\"fn\"><a href=\"#a\" id=\"a-link\">1</a></sup> ثم<sup data-fn=\"b\" class=\"fn\"><a href=\"#b\">2</a></sup></p><!-- wp:footnotes /-->", meta);
        Assert.Equal("نص[^1] ثم[^2]\n\n[^1]: الأولى [رابط](https://example.org/)\n[^2]: الثانية\n", markdown);
    }

    [Fact]
    public void A_bold_paragraph_that_reads_as_a_title_becomes_a_heading_and_a_bold_sentence_does_not()
    {
        Assert.Equal("## أولًا: الخلفية\n\n**هذه جملة مؤكدة تنتهي بنقطة.**\n", Convert("<p><strong>أولًا: الخلفية:</strong></p><p><strong>هذه جملة مؤكدة تنتهي بنقطة.</strong></p>"));
    }

    [Fact]
    public void Text_that_markdown_would_read_as_markup_stays_text()
    {
        var markdown = Convert("<p>1. ليس قائمة</p><p># ليس عنوانا و*ليس* [رابطا](x) و[^a]</p>");
        var page = Built(markdown);
        Assert.Equal(["1. ليس قائمة", "# ليس عنوانا و*ليس* [رابطا](x) و[^a]"], page.QuerySelectorAll(".article-body p").Take(2).Select(p => p.TextContent));
    }
}
