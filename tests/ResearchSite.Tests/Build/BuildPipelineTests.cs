using ResearchSite.Diagnostics;

namespace ResearchSite.Tests.Build;

public class BuildPipelineTests
{
    private static FixtureSite ValidSite() =>
        Some.Site()
            .Article("ar", "first", Some.FrontMatter(title: "الدراسة الأولى", author: "إلهام النجار", category: "[الدراسات الأمنية والإرهاب, reports]"), "## مقدمة\n\nنص[1].\n\n### فرع\n\nنص.\n\nالمصادر:\n[1] مصدر.\n")
            .Article("en", "first", Some.FrontMatter(title: "The First Study", author: "Ilham El-Naggar", category: "security-terrorism"), "## Introduction\n\nText[^a].\n\n[^a]: A note.\n");

    private static Diagnostic SingleError(FixtureSite site)
    {
        var result = site.Build();
        Assert.False(result.Succeeded);
        return Assert.Single(result.Diagnostics, d => d.IsError);
    }

    [Fact]
    public void A_valid_site_builds_every_page_in_both_languages()
    {
        using var site = ValidSite();
        var result = site.Build();
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        var ar = site.Page("ar/articles/first/index.html");
        Assert.Equal("ar", ar.DocumentElement.GetAttribute("lang"));
        Assert.Equal("rtl", ar.DocumentElement.GetAttribute("dir"));
        Assert.Equal("الدراسة الأولى", ar.QuerySelector("h1")!.TextContent);
        Assert.Equal("15 أكتوبر 2024", ar.QuerySelector("time")!.TextContent);
        Assert.Equal("المحتويات", ar.QuerySelector("nav.toc h2")!.TextContent);
        Assert.Equal(["#مقدمة", "#فرع"], ar.QuerySelectorAll("nav.toc a").Select(a => a.GetAttribute("href")));
        Assert.All(ar.QuerySelectorAll("nav.toc a"), a => Assert.NotNull(ar.GetElementById(a.GetAttribute("href")![1..])));
        Assert.Equal("https://research.example.org/en/articles/first/", ar.QuerySelector("link[rel=alternate][hreflang=en]")!.GetAttribute("href"));
        Assert.Equal("/en/articles/first/", ar.QuerySelector("p.translation-link a")!.GetAttribute("href"));
        Assert.Equal(["/ar/categories/security-terrorism/", "/ar/categories/reports/"], ar.QuerySelectorAll("ul.categories a").Select(a => a.GetAttribute("href")));
        Assert.Contains("باحث مساعد", ar.QuerySelector("li.author")!.TextContent);

        var en = site.Page("en/articles/first/index.html");
        Assert.Equal("ltr", en.DocumentElement.GetAttribute("dir"));
        Assert.Equal("Contents", en.QuerySelector("nav.toc h2")!.TextContent);
        Assert.Equal("15 October 2024", en.QuerySelector("time")!.TextContent);
        Assert.Equal(1, result.PagesPerLanguage.Count(p => p.Key == "en"));
    }

    [Fact]
    public void Drafts_are_built_only_when_asked()
    {
        using var site = ValidSite().Article("ar", "draft", Some.FrontMatter(extra: "draft: true\n"));
        Assert.True(site.Build().Succeeded);
        Assert.False(File.Exists(site.OutputFile("ar/articles/draft/index.html")));
        Assert.True(site.Build(drafts: true).Succeeded);
        Assert.True(File.Exists(site.OutputFile("ar/articles/draft/index.html")));
    }

    [Fact]
    public void An_unknown_author_suggests_the_closest_registered_name_and_keeps_the_old_output()
    {
        using var site = ValidSite();
        Assert.True(site.Build().Succeeded);
        var before = site.Snapshot();
        site.Article("ar", "second", Some.FrontMatter(author: "الهام النجار"));
        var error = SingleError(site);
        Assert.EndsWith("second.md", error.File);
        Assert.Equal((3, 9), (error.Line, error.Column));
        Assert.Contains("'إلهام النجار'", error.Message);
        Assert.Equal(before, site.Snapshot());
    }

    [Fact]
    public void Unknown_unit_and_category_are_errors_naming_their_registry()
    {
        using var site = ValidSite().Article("ar", "second", Some.FrontMatter(category: "[reports, securty-terrorism]", unit: "nowhere"));
        var result = site.Build();
        Assert.Contains(result.Diagnostics, d => d.Line == 5 && d.Message.Contains("data/categories.yml") && d.Message.Contains("'security-terrorism'"));
        Assert.Contains(result.Diagnostics, d => d.Line == 4 && d.Message.Contains("unit 'nowhere' is not in data/units.yml"));
    }

    [Fact]
    public void Every_problem_in_every_file_is_reported_together()
    {
        using var site = ValidSite()
            .Article("ar", "a", "---\ntitle: x\n")
            .Article("ar", "b", Some.FrontMatter(date: "2024-13-01"))
            .Article("en", "c", "no front matter\n");
        var result = site.Build();
        Assert.Equal(3, result.Diagnostics.Count(d => d.IsError));
        Assert.Equal(["a.md", "b.md", "c.md"], result.Diagnostics.Where(d => d.IsError).Select(d => Path.GetFileName(d.File)));
    }

    [Fact]
    public void Two_articles_that_would_write_the_same_url_fail_the_build()
    {
        using var site = ValidSite().Article("ar", "First", Some.FrontMatter());
        var error = SingleError(site);
        Assert.Contains("two pages would be written to ar/articles/first/index.html", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_utf8_fails_with_its_line()
    {
        using var site = ValidSite().Bytes("articles/ar/latin1.md", System.Text.Encoding.Latin1.GetBytes(Some.FrontMatter(title: "Café")));
        var error = SingleError(site);
        Assert.EndsWith("latin1.md", error.File);
        Assert.Equal(2, error.Line);
        Assert.Contains("not valid UTF-8", error.Message);
    }

    [Fact]
    public void A_template_error_is_reported_with_the_template_file_and_line()
    {
        using var site = ValidSite();
        var theme = Path.Combine(site.Root, "theme");
        CopyDirectory(Some.Theme, theme);
        File.WriteAllText(Path.Combine(theme, "layouts", "terms.html"), "<p>\n{{ for x in }}\n");
        var result = site.Build(theme);
        Assert.False(result.Succeeded);
        Assert.Contains(result.Diagnostics, d => d.IsError && d.File.EndsWith("terms.html") && d.Line == 2);
    }

    [Fact]
    public void Output_may_not_be_the_input_folder_or_a_foreign_folder()
    {
        using var site = ValidSite();
        var foreign = Path.Combine(site.Root, "mine");
        Directory.CreateDirectory(foreign);
        File.WriteAllText(Path.Combine(foreign, "thesis.docx"), "precious");
        var result = ResearchSite.Build.BuildPipeline.Run(new(site.Input, Some.Theme, foreign, false, null));
        Assert.False(result.Succeeded);
        Assert.Contains("not written by ResearchSite", result.Diagnostics.Single().Message);
        Assert.Equal("precious", File.ReadAllText(Path.Combine(foreign, "thesis.docx")));

        var intoInput = ResearchSite.Build.BuildPipeline.Run(new(site.Input, Some.Theme, site.Root, false, null));
        Assert.Contains("may not be", intoInput.Diagnostics.Single().Message);
    }

    [Fact]
    public void Two_builds_of_the_same_input_are_byte_identical()
    {
        using var site = ValidSite();
        Assert.True(site.Build().Succeeded);
        var first = site.Snapshot();
        Assert.True(site.Build().Succeeded);
        Assert.Equal(first, site.Snapshot());
    }

    [Fact]
    public void The_default_site_builds_the_seed_study_with_its_full_text()
    {
        using var site = Some.Site();
        var output = site.Output;
        var result = ResearchSite.Build.BuildPipeline.Run(new(Path.Combine(Some.RepoRoot, "input"), Some.Theme, output, false, null));
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        Assert.DoesNotContain(result.Diagnostics, d => !d.IsError);
        var page = site.Page("ar/articles/coalition-withdrawal-iraq/index.html");
        var body = page.QuerySelector(".article-body")!;
        Assert.Equal(8, body.QuerySelectorAll("h2:not(#notes_title):not(#cite-title):not(#share-title):not(#related-title)").Length);
        Assert.Equal(11, body.QuerySelectorAll("a[role=doc-noteref]").Length);
        Assert.Equal(11, body.QuerySelectorAll("section.notes > ol > li").Length);
        // Source 11 is "مرجع سابق" (op. cit.): it has no URL of its own.
        Assert.Equal(10, body.QuerySelectorAll("section.notes a.url").Length);
        Assert.Equal(12, body.QuerySelectorAll("ul:not(.share-links):not(.related-list) > li").Length);
        Assert.Contains("يظل احتمالاً قائمًا", body.TextContent);
        Assert.Contains("طالما استمرت تلك التهديدات", body.TextContent);
        Assert.Equal("15 أكتوبر 2024", page.QuerySelector(".article-meta time")!.TextContent);
        Assert.All(page.QuerySelectorAll("nav.toc a"), a => Assert.NotNull(page.GetElementById(a.GetAttribute("href")![1..])));
        Assert.Contains(page.QuerySelectorAll("nav.toc a"), a => a.GetAttribute("href") == "#أولا-نبذة-عن-التحالف-الدولي");
        var english = site.Page("en/articles/coalition-withdrawal-iraq/index.html");
        Assert.Equal(11, english.QuerySelectorAll("section.notes > ol > li").Length);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
