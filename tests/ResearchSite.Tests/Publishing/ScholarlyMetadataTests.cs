using System.Text.Json;
using AngleSharp.Dom;

namespace ResearchSite.Tests.Publishing;

public sealed class MetadataFixture : IDisposable
{
    public MetadataFixture()
    {
        Site = Some.Site()
            .File("site.yml", "title: { ar: سلسلة الاختبار, en: Test Series }\ninstitution: { ar: مركز الاختبار, en: Test Centre }\nbase_url: https://research.example.org/\ndefault_language: ar\nlanguages: [ar, en]\npage_size: 5\n")
            .Article("ar", "pair", Some.FrontMatter(title: "دراسة {مزدوجة} </script>", author: "[ilham-elnaggar, omar-saleh]", extra: "summary: ملخص الدراسة.\n"), "## مقدمة\n\nنص[1] و[2].\n\nالمصادر:\n[1] مصدر أول https://example.org/one\n[2] مصدر ثان.\n")
            .Article("en", "pair", Some.FrontMatter(title: "A Paired Study", author: "[ilham-elnaggar, omar-saleh]", date: "2024-03-05"), "## Intro\n\nText[^a].\n\n[^a]: Smith, *A Work*, https://example.org/work\n");
        Assert.True(Site.Build().Succeeded);
    }

    public FixtureSite Site { get; }

    public void Dispose() => Site.Dispose();
}

public class ScholarlyMetadataTests(MetadataFixture fixture) : IClassFixture<MetadataFixture>
{
    private static IEnumerable<string> Meta(IDocument page, string name) =>
        page.QuerySelectorAll($"meta[name='{name}'], meta[property='{name}']").Select(m => m.GetAttribute("content")!);

    [Fact]
    public void Article_pages_carry_google_scholar_tags_from_their_front_matter()
    {
        var page = fixture.Site.Page("en/articles/pair/index.html");
        Assert.Equal(["A Paired Study"], Meta(page, "citation_title"));
        Assert.Equal(["Ilham El-Naggar", "Omar Saleh"], Meta(page, "citation_author"));
        Assert.Equal(["2024/03/05"], Meta(page, "citation_publication_date"));
        Assert.Equal(["en"], Meta(page, "citation_language"));
        Assert.Equal(["Test Centre"], Meta(page, "citation_technical_report_institution"));
        Assert.Equal(["https://research.example.org/en/articles/pair/"], Meta(page, "citation_abstract_html_url"));
        var arabic = fixture.Site.Page("ar/articles/pair/index.html");
        Assert.Equal(["دراسة {مزدوجة} </script>"], Meta(arabic, "citation_title"));
        Assert.Equal(["إلهام النجار", "عمر صالح"], Meta(arabic, "citation_author"));
    }

    [Theory]
    [InlineData("ar", "مصدر أول")]
    [InlineData("en", "Smith")]
    public void The_notes_text_is_in_the_page_once_and_not_copied_into_its_head(string lang, string noteWords)
    {
        var page = fixture.Site.Page($"{lang}/articles/pair/index.html");
        Assert.Contains(noteWords, page.QuerySelector("[role=doc-endnotes]")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(noteWords, page.Head!.InnerHtml, StringComparison.Ordinal);
        Assert.Empty(Meta(page, "citation_reference"));
        var json = JsonDocument.Parse(page.QuerySelector("script[type='application/ld+json']")!.TextContent).RootElement;
        Assert.False(json.TryGetProperty("citation", out _));
    }

    [Fact]
    public void X_reads_the_open_graph_tags_and_gets_only_what_has_no_open_graph_form()
    {
        var page = fixture.Site.Page("en/articles/pair/index.html");
        Assert.Equal(["twitter:card", "twitter:image:alt"], page.QuerySelectorAll("meta[name^='twitter:']").Select(m => m.GetAttribute("name")));
        Assert.Equal(["A Paired Study"], Meta(page, "og:title"));
        Assert.Equal(["Text."], Meta(page, "og:description"));
        Assert.Equal(["https://research.example.org/en/articles/pair/card.png"], Meta(page, "og:image"));
    }

    [Fact]
    public void Open_graph_twitter_canonical_and_description_are_set()
    {
        var page = fixture.Site.Page("ar/articles/pair/index.html");
        Assert.Equal(["article"], Meta(page, "og:type"));
        Assert.Equal(["https://research.example.org/ar/articles/pair/"], Meta(page, "og:url"));
        Assert.Equal(["ar_EG"], Meta(page, "og:locale"));
        Assert.Equal(["en_GB"], Meta(page, "og:locale:alternate"));
        Assert.Equal(["summary_large_image"], Meta(page, "twitter:card"));
        Assert.Equal(["ملخص الدراسة."], Meta(page, "description"));
        Assert.Equal("https://research.example.org/ar/articles/pair/", page.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
        Assert.Equal(["Text."], Meta(fixture.Site.Page("en/articles/pair/index.html"), "description"));
    }

    [Fact]
    public void The_json_ld_is_a_report_linked_to_its_translation()
    {
        var page = fixture.Site.Page("ar/articles/pair/index.html");
        var scripts = page.QuerySelectorAll("script[type='application/ld+json']");
        var json = JsonDocument.Parse(Assert.Single(scripts).TextContent).RootElement;
        Assert.Equal("Report", json.GetProperty("@type").GetString());
        Assert.Equal("دراسة {مزدوجة} </script>", json.GetProperty("headline").GetString());
        Assert.Equal("ar", json.GetProperty("inLanguage").GetString());
        Assert.Equal("2024-10-15", json.GetProperty("datePublished").GetString());
        Assert.Equal(["إلهام النجار", "عمر صالح"], json.GetProperty("author").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.Equal("Organization", json.GetProperty("publisher").GetProperty("@type").GetString());
        Assert.Equal("CreativeWorkSeries", json.GetProperty("isPartOf").GetProperty("@type").GetString());
        Assert.Equal("https://research.example.org/en/articles/pair/", json.GetProperty("workTranslation").GetProperty("url").GetString());
        var english = JsonDocument.Parse(fixture.Site.Page("en/articles/pair/index.html").QuerySelector("script[type='application/ld+json']")!.TextContent).RootElement;
        Assert.Equal("https://research.example.org/ar/articles/pair/", english.GetProperty("translationOfWork").GetProperty("url").GetString());
    }

    [Theory]
    [InlineData("ar")]
    [InlineData("en")]
    public void The_cite_block_and_bib_file_hold_a_balanced_techreport(string lang)
    {
        var page = fixture.Site.Page($"{lang}/articles/pair/index.html");
        var bibtex = page.QuerySelector("#cite-bibtex")!.TextContent;
        var file = File.ReadAllText(fixture.Site.OutputFile($"{lang}/articles/pair/cite.bib"));
        Assert.Equal(file, bibtex);
        Assert.StartsWith("@techreport{pair-2024-" + lang + ",", bibtex);
        var depth = 0;
        for (var i = 0; i < bibtex.Length; i++)
        {
            if (bibtex[i] == '\\')
            {
                i++;
                continue;
            }

            depth += bibtex[i] == '{' ? 1 : bibtex[i] == '}' ? -1 : 0;
            Assert.True(depth >= 0);
        }

        Assert.Equal(0, depth);
        foreach (var field in new[] { "title", "author", "institution", "year", "month", "url", "language" })
        {
            Assert.Matches($@"\n  {field} = ", bibtex);
        }

        Assert.Contains($"url = {{https://research.example.org/{lang}/articles/pair/}}", bibtex);
        Assert.Equal(fixture.Site.Page($"{lang}/articles/pair/index.html").QuerySelector(".cite a[download]")!.GetAttribute("href"), $"/{lang}/articles/pair/cite.bib");
        var reference = page.QuerySelector(".cite-reference")!.TextContent;
        Assert.Contains(lang == "ar" ? "إلهام النجار، عمر صالح (2024، 15 أكتوبر)." : "Ilham El-Naggar & Omar Saleh (2024, 5 March).", reference);
    }

    [Fact]
    public void Every_built_page_satisfies_the_content_security_policy()
    {
        using var defaultSite = Some.Site();
        Assert.True(ResearchSite.Build.BuildPipeline.Run(new(Path.Combine(Some.RepoRoot, "input"), Some.Theme, defaultSite.Output, false, null)).Succeeded);
        foreach (var output in new[] { fixture.Site.Output, defaultSite.Output })
        {
            foreach (var file in Directory.EnumerateFiles(output, "*.html", SearchOption.AllDirectories))
            {
                var page = Some.Html(File.ReadAllText(file));
                Assert.Empty(page.QuerySelectorAll("script:not([src]):not([type='application/ld+json'])"));
                Assert.Empty(page.QuerySelectorAll("[style], style"));
                Assert.DoesNotContain(page.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal)));
                foreach (var resource in page.QuerySelectorAll("script[src], link[rel=stylesheet], img[src], link[rel=preload]"))
                {
                    var url = resource.GetAttribute("src") ?? resource.GetAttribute("href")!;
                    Assert.True(url.StartsWith('/'), $"{file}: {url} is not from the site itself");
                }
            }

            foreach (var css in Directory.EnumerateFiles(Path.Combine(output, "assets"), "*.css", SearchOption.AllDirectories))
            {
                Assert.DoesNotMatch(@"url\(\s*[""']?(https?:)?//", File.ReadAllText(css));
            }
        }
    }
}
