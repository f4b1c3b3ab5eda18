using System.Text.Json;
using ResearchSite.Build;
using ResearchSite.Search;

namespace ResearchSite.Tests.Pages;

/// <summary>What a study page adds to the text: key points, series number, reading time, related studies, "More by", sharing.</summary>
public class StudyPageFieldsTests
{
    private static string Words(int count, string word) => string.Join(' ', Enumerable.Repeat(word, count));

    [Fact]
    public void Related_studies_prefer_what_is_shared_then_the_page_language_then_the_newest_and_leave_out_what_shares_nothing()
    {
        using var site = Some.Site()
            .Article("ar", "base", Some.FrontMatter(title: "الأساس", category: "security-terrorism", date: "2024-10-15"))
            .Article("ar", "same-author", Some.FrontMatter(title: "نفس الباحثة", category: "security-terrorism", date: "2023-01-01"))
            .Article("ar", "same-category", Some.FrontMatter(title: "نفس التصنيف", author: "omar-saleh", category: "security-terrorism", date: "2024-05-01"))
            .Article("ar", "same-category-older", Some.FrontMatter(title: "نفس التصنيف أقدم", author: "omar-saleh", category: "security-terrorism", date: "2020-05-01"))
            .Article("en", "english-only", Some.FrontMatter(title: "English only", category: "reports", date: "2024-01-01"))
            .Article("ar", "unrelated", Some.FrontMatter(title: "لا صلة", author: "sara-adel", category: "energy", date: "2024-12-01"));
        var result = site.Build();
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));

        var related = site.Page("ar/articles/base/index.html").QuerySelectorAll(".related-list a").Select(a => a.GetAttribute("href")).ToList();
        // same-author shares author, category and unit (6); english-only author and unit (4) but is not in Arabic;
        // the two of the same category (2) by date; unrelated shares nothing.
        Assert.Equal(["/ar/articles/same-author/", "/ar/articles/same-category/", "/ar/articles/same-category-older/", "/en/articles/english-only/"], related);
        var foreign = site.Page("ar/articles/base/index.html").QuerySelector(".related-list a[href='/en/articles/english-only/']")!;
        Assert.Equal(("en", "ltr"), (foreign.GetAttribute("lang"), foreign.GetAttribute("dir")));
        Assert.Null(site.Page("ar/articles/unrelated/index.html").QuerySelector(".related"));
    }

    [Fact]
    public void More_by_the_author_is_shown_only_for_an_author_with_other_studies()
    {
        using var site = Some.Site()
            .Article("ar", "a", Some.FrontMatter(title: "أ", author: "[ilham-elnaggar, omar-saleh]"))
            .Article("ar", "b", Some.FrontMatter(title: "ب", date: "2023-01-01"));
        Assert.True(site.Build().Succeeded);
        var more = site.Page("ar/articles/a/index.html").QuerySelectorAll(".more-by").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/ar/authors/ilham-elnaggar/"], more);
        Assert.Equal("المزيد من أعمال إلهام النجار", site.Page("ar/articles/a/index.html").QuerySelector(".more-by")!.TextContent.Trim());
    }

    [Theory]
    [InlineData("ar", "latin", 700, "5 دقائق قراءة")]
    [InlineData("ar", "native", 700, "٥ دقائق قراءة")]
    [InlineData("ar", "latin", 140, "دقيقة قراءة واحدة")]
    [InlineData("ar", "latin", 1680, "12 دقيقة قراءة")]
    [InlineData("en", "latin", 1610, "7 min read")]
    [InlineData("en", "latin", 3, "1 min read")]
    public void The_reading_time_is_the_word_count_at_the_language_s_rate_in_its_plurals_and_digits(string lang, string digits, int words, string expected)
    {
        using var site = Some.Site().File("site.yml", $"title: {{ ar: سلسلة الاختبار, en: Test Series }}\nbase_url: https://research.example.org/\nlanguages: [ar, en]\ndigits: {digits}\n");
        site.Article(lang, "s", Some.FrontMatter(title: "t"), "## " + (lang == "ar" ? "مقدمة" : "Start") + "\n\n" + Words(words - 1, lang == "ar" ? "كلمة" : "word") + "\n");
        Assert.True(site.Build().Succeeded);
        Assert.Equal(expected, site.Page($"{lang}/articles/s/index.html").QuerySelector(".reading-time")!.TextContent);
    }

    [Fact]
    public void Key_points_and_the_number_are_on_the_page_in_the_feed_the_json_ld_the_citation_the_bibtex_and_the_search_record()
    {
        using var site = Some.Site().Article("en", "s", Some.FrontMatter(title: "The Study", extra: "number: 12\nkey_points:\n  - First point.\n  - Second & point.\n  - Third point.\n"), "## Start\n\nText.\n");
        var built = BuildPipeline.BuildInMemory(new BuildOptions(site.Input, Some.Theme, site.Output, false, null));
        Assert.True(built.Succeeded, string.Join('\n', built.Result.Diagnostics));
        var page = Some.Html(System.Text.Encoding.UTF8.GetString(built.Files["en/articles/s/index.html"]));

        Assert.Equal("Key points", page.QuerySelector(".key-points h2")!.TextContent);
        Assert.Equal(["First point.", "Second & point.", "Third point."], page.QuerySelectorAll(".key-points li").Select(li => li.TextContent));
        Assert.Equal("No. 12", page.QuerySelector(".article-number")!.TextContent);
        Assert.Equal("12", page.QuerySelector("meta[name=citation_technical_report_number]")!.GetAttribute("content"));

        var jsonLd = JsonDocument.Parse(page.QuerySelector("script[type='application/ld+json']")!.TextContent).RootElement;
        Assert.Equal("First point. Second & point. Third point.", jsonLd.GetProperty("abstract").GetString());
        Assert.Equal("12", jsonLd.GetProperty("reportNumber").GetString());

        Assert.Contains("The Study (No. 12).", page.QuerySelector("#cite-reference")!.TextContent);
        Assert.Contains("  number = {12},\n", System.Text.Encoding.UTF8.GetString(built.Files["en/articles/s/cite.bib"]));

        var feed = System.Xml.Linq.XDocument.Parse(System.Text.Encoding.UTF8.GetString(built.Files["en/feed.xml"]));
        System.Xml.Linq.XNamespace atom = "http://www.w3.org/2005/Atom";
        var content = Some.Html(feed.Descendants(atom + "entry").Single().Element(atom + "content")!.Value);
        Assert.Equal("Key points", content.QuerySelector("h2")!.TextContent);
        Assert.Equal(["First point.", "Second & point.", "Third point."], content.QuerySelectorAll("li").Select(li => li.TextContent));

        var record = SearchIndexer.Record(Assert.Single(built.Prepared!.Site.Articles), built.Prepared.Planner.Strings, built.Prepared.Site.Config.Digits);
        Assert.Contains("Second & point.", JsonDocument.Parse(record.Shown).RootElement.GetProperty("words").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Share_links_carry_the_title_and_url_and_need_no_script_of_another_site()
    {
        using var site = Some.Site().Article("en", "s", Some.FrontMatter(title: "Gaza & the Day After?"), "## Start\n\nText.\n");
        Assert.True(site.Build().Succeeded);
        var page = site.Page("en/articles/s/index.html");
        var links = page.QuerySelectorAll(".share-link").ToDictionary(a => a.TextContent, a => a.GetAttribute("href")!);
        Assert.Equal(["X", "Facebook", "LinkedIn", "WhatsApp", "Telegram", "E-mail"], links.Keys);
        const string url = "https%3A%2F%2Fresearch.example.org%2Fen%2Farticles%2Fs%2F";
        const string title = "Gaza%20%26%20the%20Day%20After%3F";
        Assert.Equal($"https://x.com/intent/post?text={title}&url={url}", links["X"]);
        Assert.Equal($"https://www.facebook.com/sharer/sharer.php?u={url}", links["Facebook"]);
        Assert.Equal($"https://wa.me/?text={title}%20{url}", links["WhatsApp"]);
        Assert.Equal($"mailto:?subject={title}&body={title}%0A{url}", links["E-mail"]);
        Assert.Equal("https://research.example.org/en/articles/s/", page.QuerySelector("button[data-copy-text]")!.GetAttribute("data-copy-text"));
        Assert.All(page.QuerySelectorAll("script[src]"), s => Assert.StartsWith("/assets/", s.GetAttribute("src")));
    }

    [Fact]
    public void Share_links_carry_an_arabic_title_as_its_letters_which_the_browser_encodes_when_followed()
    {
        const string title = "غزة واليوم التالي: ما العمل؟";
        using var site = Some.Site().Article("ar", "s", Some.FrontMatter(title: title), "## بداية\n\nنص.\n");
        Assert.True(site.Build().Succeeded);
        var page = site.Page("ar/articles/s/index.html");
        var links = page.QuerySelectorAll(".share-link").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Equal(6, links.Count);

        // Letters as they are; the space, colon and question mark percent-encoded as before.
        const string query = "غزة%20واليوم%20التالي%3A%20ما%20العمل%D8%9F";
        Assert.StartsWith($"https://x.com/intent/post?text={query}&url=https%3A%2F%2F", links[0], StringComparison.Ordinal);
        Assert.Equal($"mailto:?subject={query}&body={query}%0Ahttps%3A%2F%2Fresearch.example.org%2Far%2Farticles%2Fs%2F", links[5]);
        // What the browser sends: the title, once decoded, whole.
        var x = new Uri(links[0]);
        Assert.Equal(title, System.Web.HttpUtility.ParseQueryString(x.Query)["text"]);
        Assert.Equal(Uri.EscapeDataString(title), x.Query.Split('&')[0]["?text=".Length..], ignoreCase: true);
    }
}
