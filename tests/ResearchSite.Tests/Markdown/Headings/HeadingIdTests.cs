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
}
