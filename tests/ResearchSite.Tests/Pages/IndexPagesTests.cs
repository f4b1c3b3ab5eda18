using System.Xml.Linq;

namespace ResearchSite.Tests.Pages;

/// <summary>A fixture series with studies in one or both languages, several authors, units and categories; page_size 3.</summary>
public sealed class IndexFixture : IDisposable
{
    public IndexFixture()
    {
        Site = Some.Site()
            .Article("ar", "s1", Some.FrontMatter(title: "دراسة ١", date: "2023-01-10", category: "security-terrorism"))
            .Article("en", "s1", Some.FrontMatter(title: "Study 1", date: "2023-01-10", category: "security-terrorism"))
            .Article("ar", "s2", Some.FrontMatter(title: "دراسة ٢", author: "omar-saleh", date: "2024-03-01", category: "[reports, energy]"))
            .Article("en", "s3", Some.FrontMatter(title: "Study 3 only in English", author: "[omar-saleh, sara-adel]", date: "2024-05-01", category: "energy", unit: "economy"))
            .Article("ar", "s4", Some.FrontMatter(title: "دراسة ٤", date: "2024-07-01", category: "reports"))
            .Article("ar", "s5", Some.FrontMatter(title: "دراسة ٥", author: "sara-adel", date: "2022-12-31", category: "energy"));
        Result = Site.Build();
    }

    public FixtureSite Site { get; }

    public ResearchSite.Build.BuildResult Result { get; }

    public void Dispose() => Site.Dispose();
}

public class IndexPagesTests(IndexFixture fixture) : IClassFixture<IndexFixture>
{
    private FixtureSite Site => fixture.Site;

    private static IEnumerable<string> Hrefs(AngleSharp.Dom.IDocument page) =>
        page.QuerySelectorAll("li.study h3 a").Select(a => a.GetAttribute("href")!);

    [Fact]
    public void The_build_succeeds() => Assert.True(fixture.Result.Succeeded, string.Join('\n', fixture.Result.Diagnostics));

    [Fact]
    public void The_series_table_of_contents_lists_every_study_newest_first_paged_by_page_size()
    {
        var first = Site.Page("ar/index.html");
        Assert.Equal(["/ar/articles/s4/", "/en/articles/s3/", "/ar/articles/s2/"], Hrefs(first));
        Assert.Equal(["2024"], first.QuerySelectorAll("section.year h2").Select(h => h.TextContent));
        Assert.Equal("/ar/page/2/", first.QuerySelector("a[rel=next]")!.GetAttribute("href"));
        var second = Site.Page("ar/page/2/index.html");
        Assert.Equal(["/ar/articles/s1/", "/ar/articles/s5/"], Hrefs(second));
        Assert.Equal(["2023", "2022"], second.QuerySelectorAll("section.year h2").Select(h => h.TextContent));
        Assert.Equal("/ar/", second.QuerySelector("a[rel=prev]")!.GetAttribute("href"));
        Assert.Null(second.QuerySelector("a[rel=next]"));
    }

    [Fact]
    public void A_study_missing_in_the_page_language_shows_its_other_title_marked_up_in_its_language()
    {
        var en = Site.Page("en/index.html");
        var s4 = en.QuerySelector("a[href='/ar/articles/s4/']")!;
        Assert.Equal(("ar", "rtl", "دراسة ٤"), (s4.GetAttribute("lang"), s4.GetAttribute("dir"), s4.TextContent));
        Assert.Equal("In Arabic", s4.Closest("li")!.QuerySelector(".other-language")!.TextContent);
        var ar = Site.Page("ar/index.html");
        var s3 = ar.QuerySelector("a[href='/en/articles/s3/']")!;
        Assert.Equal(("en", "ltr"), (s3.GetAttribute("lang"), s3.GetAttribute("dir")));
        Assert.Equal("/en/articles/s1/", Site.Page("en/page/2/index.html").QuerySelector("a[href='/en/articles/s1/']")!.GetAttribute("href"));
    }

    [Theory]
    [InlineData("ar", "categories", "energy", new[] { "/en/articles/s3/", "/ar/articles/s2/", "/ar/articles/s5/" })]
    [InlineData("en", "categories", "reports", new[] { "/ar/articles/s4/", "/ar/articles/s2/" })]
    [InlineData("en", "authors", "omar-saleh", new[] { "/en/articles/s3/", "/ar/articles/s2/" })]
    [InlineData("ar", "authors", "sara-adel", new[] { "/en/articles/s3/", "/ar/articles/s5/" })]
    [InlineData("en", "units", "economy", new[] { "/en/articles/s3/", "/ar/articles/s5/" })]
    [InlineData("ar", "units", "terrorism-extremism", new[] { "/ar/articles/s4/", "/ar/articles/s1/" })]
    public void Each_index_entry_lists_exactly_its_studies_newest_first(string lang, string kind, string key, string[] expected) =>
        Assert.Equal(expected, Hrefs(Site.Page($"{lang}/{kind}/{key}/index.html")));

    [Fact]
    public void Index_list_pages_show_every_entry_with_its_count_in_collation_order()
    {
        var categories = Site.Page("ar/categories/index.html");
        var entries = categories.QuerySelectorAll("ul.term-list li").Select(li => (li.QuerySelector("a")!.TextContent, li.QuerySelector(".term-count")!.TextContent)).ToList();
        Assert.Equal([("الدراسات الأمنية والإرهاب", "(1)"), ("الطاقة", "(3)"), ("تقارير وملفات", "(2)")], entries);
        var units = Site.Page("en/units/index.html");
        var economy = units.QuerySelector("a[href='/en/units/economy/']")!;
        Assert.Equal(("ar", "وحدة الاقتصاد"), (economy.GetAttribute("lang"), economy.TextContent));
    }

    [Fact]
    public void The_author_page_shows_name_role_unit_and_bio_in_the_page_language()
    {
        var page = Site.Page("en/authors/ilham-elnaggar/index.html");
        Assert.Equal("Ilham El-Naggar", page.QuerySelector("h1")!.TextContent);
        Assert.Contains("Research Assistant", page.QuerySelector(".intro .role")!.TextContent);
        Assert.Equal("/en/units/terrorism-extremism/", page.QuerySelector(".intro .role a")!.GetAttribute("href"));
        Assert.Equal("Researcher on extremism.", page.QuerySelector(".intro .bio")!.TextContent);
        var arabicOnly = Site.Page("en/authors/sara-adel/index.html").QuerySelector("h1 span")!;
        Assert.Equal(("ar", "rtl"), (arabicOnly.GetAttribute("lang"), arabicOnly.GetAttribute("dir")));
    }

    [Fact]
    public void Every_page_links_to_its_counterpart_in_the_other_language()
    {
        foreach (var (path, other) in new[] { ("ar/categories/energy/index.html", "/en/categories/energy/"), ("en/articles/s1/index.html", "/ar/articles/s1/"), ("ar/page/2/index.html", "/en/page/2/") })
        {
            var page = Site.Page(path);
            Assert.Equal(other, page.QuerySelector("a.language-switch")!.GetAttribute("href"));
            Assert.Equal(["ar", "en", "x-default"], page.QuerySelectorAll("link[rel=alternate][hreflang]").Select(l => l.GetAttribute("hreflang")));
        }
    }

    [Fact]
    public void No_internal_link_or_anchor_is_broken_on_any_page()
    {
        var broken = SiteLinks.Broken(Site.Output);
        Assert.True(broken.Count == 0, string.Join('\n', broken));
    }

    [Fact]
    public void The_feeds_are_atom_with_absolute_urls_for_their_language_only()
    {
        XNamespace atom = "http://www.w3.org/2005/Atom";
        var feed = XDocument.Load(Site.OutputFile("en/feed.xml"));
        Assert.Equal(atom + "feed", feed.Root!.Name);
        var entries = feed.Root.Elements(atom + "entry").ToList();
        Assert.Equal(["https://research.example.org/en/articles/s3/", "https://research.example.org/en/articles/s1/"], entries.Select(e => e.Element(atom + "id")!.Value));
        Assert.All(entries, e =>
        {
            Assert.NotEmpty(e.Elements(atom + "author"));
            Assert.NotNull(e.Element(atom + "title"));
            Assert.NotNull(e.Element(atom + "updated"));
            Assert.NotEmpty(e.Elements(atom + "category"));
        });
        Assert.Equal(3, XDocument.Load(Site.OutputFile("ar/feed.xml")).Root!.Elements(atom + "entry").Count());
    }

    [Fact]
    public void The_sitemap_lists_every_page_once_with_hreflang_alternates()
    {
        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var sitemap = XDocument.Load(Site.OutputFile("sitemap.xml"));
        var locs = sitemap.Root!.Elements(ns + "url").Select(u => u.Element(ns + "loc")!.Value).ToList();
        var pages = Directory.EnumerateFiles(Site.Output, "index.html", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Site.Output, Path.GetDirectoryName(f)!))
            .Where(p => p != ".")
            .Select(p => $"https://research.example.org/{p.Replace('\\', '/')}/")
            .Order()
            .ToList();
        Assert.Equal(pages, locs.Order().ToList());
        Assert.Equal(locs.Count, locs.Distinct().Count());
        Assert.Contains("Sitemap: https://research.example.org/sitemap.xml", File.ReadAllText(Site.OutputFile("robots.txt")));
    }

    [Fact]
    public void The_root_page_leads_to_the_default_language()
    {
        var root = Site.Page("index.html");
        Assert.Equal("0; url=/ar/", root.QuerySelector("meta[http-equiv=refresh]")!.GetAttribute("content"));
        Assert.Equal("/ar/", root.QuerySelector("main a")!.GetAttribute("href"));
        Assert.Equal("https://research.example.org/ar/", root.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
        Assert.True(File.Exists(Site.OutputFile("404.html")) && File.Exists(Site.OutputFile("ar/404.html")) && File.Exists(Site.OutputFile("en/404.html")));
    }
}

public class ArabicIndicDigitsTests
{
    [Fact]
    public void With_arabic_indic_digits_arabic_pages_show_them_in_dates_counts_and_note_markers()
    {
        using var site = Some.Site()
            .File("site.yml", "title: { ar: سلسلة, en: Series }\nbase_url: https://research.example.org/\ndefault_language: ar\nlanguages: [ar, en]\npage_size: 20\ndigits: arabic-indic\n")
            .Article("ar", "a", Some.FrontMatter(), "نص[1].\n\nالمصادر:\n[1] مصدر.\n")
            .Article("en", "a", Some.FrontMatter(title: "A"), "Text[^1].\n\n[^1]: Source.\n");
        Assert.True(site.Build().Succeeded);
        var arabic = site.Page("ar/articles/a/index.html");
        Assert.Equal("١٥ أكتوبر ٢٠٢٤", arabic.QuerySelector(".article-meta time")!.TextContent);
        Assert.EndsWith("١", arabic.QuerySelector("a[role=doc-noteref]")!.TextContent);
        Assert.Contains("arabic-indic", arabic.QuerySelector("section.notes ol")!.ClassName);
        Assert.Equal("(١)", site.Page("ar/categories/index.html").QuerySelector("a[href='/ar/categories/security-terrorism/'] + .term-count")!.TextContent);
        var english = site.Page("en/articles/a/index.html");
        Assert.Equal("15 October 2024", english.QuerySelector(".article-meta time")!.TextContent);
        Assert.EndsWith("1", english.QuerySelector("a[role=doc-noteref]")!.TextContent);
    }
}
