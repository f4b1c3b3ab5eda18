using ResearchSite.Cli;

namespace ResearchSite.Tests.Import;

/// <summary>`import wordpress` with the old site's sample export (../shared/samples/wordpress).</summary>
public sealed class WordPressImportTests
{
    [Fact]
    public void Posts_become_studies_and_pages_attachments_and_menu_items_are_skipped_and_counted()
    {
        using var site = Some.Site();
        var (code, output, error) = Samples.Import(site, "import", "wordpress", Samples.Export);
        Assert.True(code == Program.Success, error);
        Assert.Contains("Imported 5 article(s) from export.xml", output, StringComparison.Ordinal);
        Assert.Contains("4 item(s) skipped", output, StringComparison.Ordinal);
        var report = Samples.Report(site);
        Assert.Contains("- 2 × attachment:", report, StringComparison.Ordinal);
        Assert.Contains("- 1 × page:", report, StringComparison.Ordinal);
        Assert.Contains("- 1 × nav_menu_item:", report, StringComparison.Ordinal);
        Assert.Contains("'من نحن' (id 205)", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Polylang_pairs_the_arabic_and_english_posts_into_one_study_under_the_latin_slug()
    {
        using var site = Some.Site();
        Samples.Import(site, "import", "wordpress", Samples.Export);
        Assert.StartsWith("---\ntitle: \"عودة \\\"داعش\\\" في البادية السورية", Samples.Article(site, "ar", "isis-return-syrian-desert"), StringComparison.Ordinal);
        Assert.StartsWith("---\ntitle: \"The Return of ISIS in the Syrian Desert", Samples.Article(site, "en", "isis-return-syrian-desert"), StringComparison.Ordinal);
        // An Arabic slug is transliterated, as `new` does.
        Assert.True(File.Exists(Path.Combine(site.Input, "articles", "ar", "alqwaad-alamrykya-fy-alaraq-bad-2025.md")));
    }

    [Fact]
    public void The_site_builds_right_after_an_import_and_the_old_addresses_redirect()
    {
        using var site = Some.Site();
        Assert.Equal(Program.Success, Samples.Import(site, "import", "wordpress", Samples.Export).Code);
        var result = site.Build();
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));

        // The English version: block-editor footnotes are the page's notes, with their links and emphasis.
        var english = site.Page("en/articles/isis-return-syrian-desert/index.html");
        Assert.Equal(2, english.QuerySelectorAll("a[role=doc-noteref]").Length);
        var notes = english.QuerySelectorAll("section.notes > ol > li");
        Assert.Equal(2, notes.Length);
        Assert.Equal("https://example.net/report-2024", notes[0].QuerySelector("a[href^='https:']")!.GetAttribute("href"));
        Assert.Equal("The Organisation after the Caliphate", notes[1].QuerySelector("em")!.TextContent);
        Assert.Equal(["First: A Map of the Attacks", "Second: Indicators"], english.QuerySelectorAll(".article-body h2:not(#notes_title):not(#cite-title):not(#share-title):not(#related-title)").Select(h => h.TextContent.Trim()));

        var rules = File.ReadAllText(site.OutputFile("_redirects"));
        Assert.Contains("/en/2024/10/isis-return-syrian-desert/  /en/articles/isis-return-syrian-desert/  301", rules, StringComparison.Ordinal);
        Assert.Contains("/ p=202  /en/articles/isis-return-syrian-desert/  301", rules, StringComparison.Ordinal);
        var redirect = site.Page("en/2024/10/isis-return-syrian-desert/index.html");
        Assert.Equal("0; url=/en/articles/isis-return-syrian-desert/", redirect.QuerySelector("meta[http-equiv=refresh]")!.GetAttribute("content"));
        // The Arabic permalink, percent-encoded on the old site, is a page under its decoded name.
        Assert.True(File.Exists(site.OutputFile("2024/10/عودة-داعش-في-البادية-السورية/index.html")));
    }

    [Fact]
    public void A_classic_post_keeps_its_numbered_sources_and_its_bold_lines_become_headings()
    {
        using var site = WithKarimHaddad();
        Samples.Import(site, "import", "wordpress", Samples.Export);
        var markdown = Samples.Article(site, "ar", "alqwaad-alamrykya-fy-alaraq-bad-2025");
        Assert.Contains("author: karim-haddad\n", markdown, StringComparison.Ordinal);
        Assert.Contains("\n## أولًا: مراحل الانسحاب\n", markdown, StringComparison.Ordinal);
        Assert.Contains("\n## ثانيًا: المواقف الداخلية\n", markdown, StringComparison.Ordinal);
        Assert.Contains("\nالمصادر:\n[1] ", markdown, StringComparison.Ordinal);
        Assert.Contains("\n[3] مرجع سابق.", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("[caption", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("&nbsp;", markdown, StringComparison.Ordinal);

        Assert.True(site.Build().Succeeded);
        var page = site.Page("ar/articles/alqwaad-alamrykya-fy-alaraq-bad-2025/index.html");
        Assert.Equal(3, page.QuerySelectorAll("section.notes > ol > li").Length);
        Assert.Equal(4, page.QuerySelectorAll("a[role=doc-noteref]").Length);
    }

    [Fact]
    public void Footnote_plugin_shortcodes_become_notes_and_other_shortcodes_stay_visible_and_reported()
    {
        using var site = Some.Site();
        Samples.Import(site, "import", "wordpress", Samples.Export);
        var markdown = Samples.Article(site, "ar", "tmwyl-aljmaaat-almslha");
        Assert.Contains("والإتاوات[^1]", markdown, StringComparison.Ordinal);
        Assert.Contains("[^2]: دراسة عن [العملات المشفرة](https://example.org/crypto) والتمويل غير المشروع.", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("efn_note", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("<!-- wp:", markdown, StringComparison.Ordinal);
        // The embed is a link with its caption; the form shortcode is text a reader sees, and the report lists it.
        Assert.Contains("[ندوة المركز حول التمويل](https://www.youtube.com/watch?v=dQw4w9WgXcQ)", markdown, StringComparison.Ordinal);
        Assert.Contains("\\[contact-form-7 id=", markdown, StringComparison.Ordinal);
        Assert.Contains("the shortcode [contact-form-7] is kept as text", Samples.Report(site), StringComparison.Ordinal);
        Assert.Contains("draft: true\n", markdown, StringComparison.Ordinal);

        // The other drafts lack a unit or a category; this one builds.
        Assert.DoesNotContain(site.Build(drafts: true).Diagnostics, d => d.IsError && d.File.EndsWith("tmwyl-aljmaaat-almslha.md", StringComparison.Ordinal));
        File.Delete(Path.Combine(site.Input, "articles", "ar", "khwatr.md"));
        File.Delete(Path.Combine(site.Input, "articles", "ar", "alqwaad-alamrykya-fy-alaraq-bad-2025.md"));
        Assert.True(site.Build(drafts: true).Succeeded);
        var page = site.Page("ar/articles/tmwyl-aljmaaat-almslha/index.html");
        Assert.Equal(2, page.QuerySelectorAll("section.notes > ol > li").Length);
        Assert.Contains("[contact-form-7", page.QuerySelector(".article-body")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Authors_are_matched_whatever_their_hamza_and_new_ones_are_appended_with_a_latin_key()
    {
        using var site = Some.Site();
        site.File("data/authors.yml", "# Authors of the series\n" + File.ReadAllText(Path.Combine(site.Input, "data", "authors.yml")));
        var export = Path.Combine(site.Root, "export.xml");
        File.WriteAllText(export, File.ReadAllText(Samples.Export).Replace("<wp:author_display_name><![CDATA[إلهام النجار]]>", "<wp:author_display_name><![CDATA[الهام النجار]]>", StringComparison.Ordinal));
        Samples.Import(site, "import", "wordpress", export);
        Assert.Contains("author: ilham-elnaggar\n", Samples.Article(site, "en", "isis-return-syrian-desert"), StringComparison.Ordinal);
        var authors = File.ReadAllText(Path.Combine(site.Input, "data", "authors.yml"));
        Assert.StartsWith("# Authors of the series\nilham-elnaggar:", authors, StringComparison.Ordinal);
        Assert.Contains("\nkrym-hdad:\n  name: {ar: كريم حداد}\n", authors, StringComparison.Ordinal);
        Assert.DoesNotContain("الهام", authors, StringComparison.Ordinal);
        // The new author has no unit: the study waits as a draft, and the report says what to add.
        Assert.Contains("draft: true", Samples.Article(site, "ar", "alqwaad-alamrykya-fy-alaraq-bad-2025"), StringComparison.Ordinal);
        Assert.Contains("its author 'krym-hdad' has no unit", Samples.Report(site), StringComparison.Ordinal);
    }

    [Fact]
    public void Statuses_other_than_publish_are_drafts_and_the_default_category_is_none()
    {
        using var site = Some.Site();
        Samples.Import(site, "import", "wordpress", Samples.Export);
        var privatePost = Samples.Article(site, "ar", "khwatr");
        Assert.Contains("draft: true\n", privatePost, StringComparison.Ordinal);
        Assert.DoesNotContain("category:", privatePost, StringComparison.Ordinal);
        Assert.DoesNotContain("uncategorized", File.ReadAllText(Path.Combine(site.Input, "data", "categories.yml")), StringComparison.Ordinal);
        var report = Samples.Report(site);
        Assert.Contains("it was 'private' on the old site", report, StringComparison.Ordinal);
        Assert.Contains("it has no category of the series", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Links_between_imported_posts_become_md_links()
    {
        using var site = WithKarimHaddad();
        Samples.Import(site, "import", "wordpress", Samples.Export);
        Assert.Contains("[دراسة سابقة](alqwaad-alamrykya-fy-alaraq-bad-2025.md)", Samples.Article(site, "ar", "isis-return-syrian-desert"), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_uploads_images_stay_remote_links_and_the_report_says_so()
    {
        using var site = Some.Site();
        Samples.Import(site, "import", "wordpress", Samples.Export);
        var markdown = Samples.Article(site, "ar", "isis-return-syrian-desert");
        Assert.Contains("[عدد الهجمات شهريًا في البادية السورية (عدد الهجمات شهريًا خلال عام 2024)](https://old.example.org/wp-content/uploads/2024/10/chart-1024x576.png)", markdown, StringComparison.Ordinal);
        Assert.Contains("was not copied (no --uploads)", Samples.Report(site), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(site.Input, "assets", "figures")));
    }

    // Needs #16 (figures) for the build to accept the figure link; the import itself is checked here.
    [Fact]
    public void With_uploads_images_become_figures_of_the_original_file_copied_into_the_assets()
    {
        using var site = Some.Site();
        Assert.Equal(Program.Success, Samples.Import(site, "import", "wordpress", Samples.Export, "--uploads", Samples.Uploads).Code);
        var markdown = Samples.Article(site, "ar", "isis-return-syrian-desert");
        Assert.Contains("\n\n![عدد الهجمات شهريًا في البادية السورية](../../assets/figures/2024/10/chart.png \"عدد الهجمات شهريًا خلال عام 2024\")\n\n", markdown, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Samples.Uploads, "2024", "10", "chart.png")), File.ReadAllBytes(Path.Combine(site.Input, "assets", "figures", "2024", "10", "chart.png")));
        Assert.False(File.Exists(Path.Combine(site.Input, "assets", "figures", "2024", "10", "chart-1024x576.png")));
        Assert.Contains("![خريطة القواعد العسكرية في العراق](../../assets/figures/2024/10/bases-map.png \"خريطة توضح مواقع القواعد الرئيسية\")", Samples.Article(site, "ar", "alqwaad-alamrykya-fy-alaraq-bad-2025"), StringComparison.Ordinal);
        // Whatever the build says of the figure now, the import leaves a site that builds.
        Assert.True(site.Build().Succeeded);
    }

    [Fact]
    public void Importing_the_same_export_again_changes_nothing()
    {
        using var site = Some.Site();
        Samples.Import(site, "import", "wordpress", Samples.Export, "--uploads", Samples.Uploads);
        var first = Snapshot(site.Input);
        var (code, output, _) = Samples.Import(site, "import", "wordpress", Samples.Export, "--uploads", Samples.Uploads);
        Assert.Equal(Program.Success, code);
        Assert.Contains("(0 written, 5 unchanged, 0 kept as edited)", output, StringComparison.Ordinal);
        Assert.Equal(first, Snapshot(site.Input));
    }

    [Fact]
    public void A_study_edited_after_import_is_kept_without_force_and_replaced_with_it()
    {
        using var site = Some.Site();
        Samples.Import(site, "import", "wordpress", Samples.Export);
        var path = Path.Combine(site.Input, "articles", "en", "isis-return-syrian-desert.md");
        File.AppendAllText(path, "\nAn editor's paragraph.\n");
        var (_, output, _) = Samples.Import(site, "import", "wordpress", Samples.Export);
        Assert.Contains("1 kept as edited", output, StringComparison.Ordinal);
        Assert.EndsWith("An editor's paragraph.\n", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Contains("kept: it was edited since it was imported; --force replaces it", Samples.Report(site), StringComparison.Ordinal);

        Samples.Import(site, "import", "wordpress", Samples.Export, "--force");
        Assert.DoesNotContain("An editor's paragraph.", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void A_dry_run_writes_nothing_and_prints_the_report()
    {
        using var site = Some.Site();
        var before = Snapshot(site.Input);
        var (code, output, _) = Samples.Import(site, "import", "wordpress", Samples.Export, "--uploads", Samples.Uploads, "--dry-run");
        Assert.Equal(Program.Success, code);
        Assert.Contains("# Import report", output, StringComparison.Ordinal);
        Assert.Contains("`articles/en/isis-return-syrian-desert.md` (would be written)", output, StringComparison.Ordinal);
        Assert.Contains("Would import 5 article(s)", output, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(site.Input));
        Assert.False(File.Exists(Path.Combine(site.Root, "import-report.md")));
    }

    [Fact]
    public void A_slug_taken_by_another_study_gets_a_suffix_and_is_reported()
    {
        using var site = Some.Site().Article("en", "isis-return-syrian-desert", Some.FrontMatter(title: "Another study"), "## Intro\n\nText.\n");
        Samples.Import(site, "import", "wordpress", Samples.Export);
        Assert.Contains("title: \"Another study\"", Samples.Article(site, "en", "isis-return-syrian-desert"), StringComparison.Ordinal);
        Assert.Contains("The Return of ISIS", Samples.Article(site, "en", "isis-return-syrian-desert-2"), StringComparison.Ordinal);
        Assert.Contains("the slug 'isis-return-syrian-desert' is taken, so the study is 'isis-return-syrian-desert-2'", Samples.Report(site), StringComparison.Ordinal);
    }

    /// <summary>A site whose registry knows the sample's second author, with a unit.</summary>
    private static FixtureSite WithKarimHaddad()
    {
        var site = Some.Site();
        return site.File("data/authors.yml", File.ReadAllText(Path.Combine(site.Input, "data", "authors.yml")) + "\nkarim-haddad:\n  name: { ar: كريم حداد }\n  unit: regional\n");
    }

    internal static Dictionary<string, string> Snapshot(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToBase64String(File.ReadAllBytes(f)));
}
