namespace ResearchSite.Tests.Pages;

/// <summary>Emoji and letters outside the Basic Multilingual Plane, written with surrogate pairs in .NET strings.</summary>
public class SupplementaryPlaneTests
{
    [Fact]
    public void Emoji_and_supplementary_letters_in_headings_titles_and_file_names_build_into_valid_pages()
    {
        using var site = Some.Site()
            .Article("en", "𠀀-study", Some.FrontMatter(title: "Emoji 🎉 and 𝐁old"), "Intro.\n\n## Results 🎉\n\nText.\n\n## 𝐁old\n\n## 𠀀\n\n## 🎉\n");
        var result = site.Build();
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));

        var page = site.Page("en/articles/𠀀-study/index.html");
        Assert.Equal("Emoji 🎉 and 𝐁old", page.QuerySelector("h1#article-title")!.TextContent);
        var headings = page.QuerySelectorAll(".article-body > h2").ToList();
        Assert.Equal(["Results 🎉", "𝐁old", "𠀀", "🎉"], headings.Select(h => h.TextContent.Trim()));
        Assert.Equal(["results", "𝐁old", "𠀀", "h"], headings.Select(h => h.Id));
        Assert.Equal(4, page.QuerySelectorAll("nav.toc a").Length);
        foreach (var link in page.QuerySelectorAll("nav.toc a"))
        {
            Assert.NotNull(page.GetElementById(Uri.UnescapeDataString(link.GetAttribute("href")![1..])));
        }

        Assert.DoesNotContain('\uFFFD', page.DocumentElement.OuterHtml);
    }
}
