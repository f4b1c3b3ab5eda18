namespace ResearchSite.Tests.Markdown.Headings;

public class HeadingIdTests
{
    [Fact]
    public void Arabic_headings_get_arabic_ids_never_section_n()
    {
        var (article, html, _) = Render.Body("## أولاً: نُبذة\n\nنص\n\n## ثانيًا: تفاصيلُ الخُطة\n");
        Assert.Equal(["أولا-نبذة", "ثانيا-تفاصيل-الخطة"], html.QuerySelectorAll("h2").Select(h => h.Id));
        Assert.DoesNotContain(article.Headings, h => h.Id.StartsWith("section"));
    }

    [Fact]
    public void Repeated_headings_get_unique_ids()
    {
        var (_, html, _) = Render.Body("## خاتمة\n\n## خاتمة\n\n## خاتمة\n");
        Assert.Equal(["خاتمة", "خاتمة-2", "خاتمة-3"], html.QuerySelectorAll("h2").Select(h => h.Id));
    }

    [Fact]
    public void The_table_of_contents_nests_h3_under_h2_and_links_to_the_ids()
    {
        var (article, html, _) = Render.Body("## الأول\n\n### فرع\n\n## الثاني\n\n#### عميق\n");
        Assert.Equal(2, article.Toc.Count);
        Assert.Equal("فرع", Assert.Single(article.Toc[0].Children).Text);
        foreach (var id in article.Toc.SelectMany(e => e.Children.Prepend(e)).Select(e => e.Id))
        {
            Assert.NotNull(html.GetElementById(id));
        }
    }

    [Fact]
    public void A_heading_that_is_only_punctuation_still_gets_an_id()
    {
        var (_, html, _) = Render.Body("## ...\n");
        Assert.False(string.IsNullOrEmpty(html.QuerySelector("h2")!.Id));
    }

    [Fact]
    public void A_heading_never_takes_an_id_of_the_page_or_of_the_raw_html()
    {
        var (article, html, _) = Render.Body("## main\n\n## Article title\n\n<span id=\"intro\">x</span>\n\n## Intro\n", "en");
        Assert.Equal(["main-2", "article-title-2", "intro-2"], article.Headings.Select(h => h.Id));
        Assert.Equal(["main-2", "article-title-2", "intro-2"], html.QuerySelectorAll("h2").Select(h => h.Id));
    }

    [Fact]
    public void A_built_article_page_repeats_no_id_whatever_its_headings_and_raw_html()
    {
        using var site = Some.Site().Article("en", "ids", Some.FrontMatter(), """
            ## Main

            Text[^a] <span id="toc-title">x</span> <span id="cite-bibtex">y</span>.

            ## Contents

            <div id="note_1_body">forged</div>

            ## Cite title

            ## Note popover

            [^a]: A note.
            """);
        var result = site.Build();
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        var page = site.Page("en/articles/ids/index.html");
        var ids = page.QuerySelectorAll("[id]").Select(e => e.Id!).ToList();
        Assert.Empty(ids.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Equal("main", page.GetElementById("main")!.LocalName);
        Assert.Subset(page.QuerySelectorAll("h2").Select(h => h.Id!).ToHashSet(), new HashSet<string> { "main-2", "contents", "cite-title-2", "note-popover-2" });
        Assert.Contains(result.Diagnostics, d => d.Message.Contains("'cite-bibtex'"));
    }
}
