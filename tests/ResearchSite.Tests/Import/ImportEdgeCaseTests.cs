using System.Text.RegularExpressions;
using ResearchSite.Cli;

namespace ResearchSite.Tests.Import;

/// <summary>What a newcomer's or an attacker's export does to `import`: it ends in a site `check` passes, or says why not.</summary>
public sealed partial class ImportEdgeCaseTests
{
    private static (int Code, string Out, string Err) Import(FixtureSite site, string xml, params string[] more) =>
        Samples.Import(site, ["import", "wordpress", Wxr.Write(site, xml), .. more]);

    private static int Check(FixtureSite site) => Some.Cli("check", "--input", site.Input, "--theme", Some.Theme).Code;

    [Fact]
    public void A_slug_or_key_that_windows_reserves_is_renamed_and_reported_and_the_site_passes_check()
    {
        using var site = Some.Site();
        var (code, output, error) = Import(site, Wxr.Export("ar",
            new WxrPost(7, "دراسة قصيرة") { Name = "con" },
            new WxrPost(8, "دراسة أخرى") { Name = "other", Creator = "nul" }));
        Assert.True(code == Program.Success, output + error);
        Assert.False(File.Exists(Path.Combine(site.Input, "articles", "ar", "con.md")));
        Assert.Contains("title: \"دراسة قصيرة\"", Samples.Article(site, "ar", "con-2"), StringComparison.Ordinal);
        var report = Samples.Report(site);
        Assert.Contains("the slug 'con' cannot be used: it is a name Windows reserves for a device (CON, PRN, AUX, NUL, COM1–9, LPT1–9), which no file of the site may have; so the study is 'con-2'", report, StringComparison.Ordinal);
        Assert.Contains("author: nul-2\n", Samples.Article(site, "ar", "other"), StringComparison.Ordinal);
        Assert.DoesNotContain("\nnul:", File.ReadAllText(Path.Combine(site.Input, "data", "authors.yml")), StringComparison.Ordinal);
        Assert.Equal(Program.Success, Check(site));
    }

    [Fact]
    public void An_import_that_leaves_a_site_check_rejects_exits_1_naming_the_file_and_line()
    {
        using var site = Some.Site().File("articles/en/broken.md", "---\ntitle: \"Broken\"\nauthor: ilham-elnaggar\ncategory: reports\ndate: 2024-13-45\n---\n\n## Intro\n\nText.\n");
        var (code, output, error) = Samples.Import(site, "import", "wordpress", Samples.Export);
        Assert.Equal(Program.ContentErrors, code);
        Assert.Matches(@"broken\.md\(5,\d+\): error: date '2024-13-45' is not an ISO date", error);
        Assert.Contains("Imported 5 article(s)", output, StringComparison.Ordinal);
        Assert.Contains("The site fails `check`", Samples.Report(site), StringComparison.Ordinal);
        Assert.Equal(Program.ContentErrors, Check(site));
    }

    [Fact]
    public void A_draft_without_a_post_date_takes_its_gmt_or_modified_date_never_1970()
    {
        using var site = Some.Site();
        var (code, output, error) = Import(site, Wxr.Export("ar",
            new WxrPost(7, "مسودة أولى") { Status = "draft", Date = "0000-00-00 00:00:00", DateGmt = "2023-05-06 08:00:00" },
            new WxrPost(8, "مسودة ثانية") { Status = "draft", Date = "0000-00-00 00:00:00", DateGmt = "0000-00-00 00:00:00", Modified = "2023-07-08 09:00:00" }));
        Assert.True(code == Program.Success, output + error);
        Assert.Contains("\ndate: 2023-05-06\n", Samples.Article(site, "ar", "post-7"), StringComparison.Ordinal);
        Assert.Contains("\ndate: 2023-07-08\n", Samples.Article(site, "ar", "post-8"), StringComparison.Ordinal);
        Assert.Contains("it has no date on the old site; its last modification (2023-07-08) is its date: correct 'date:'", Samples.Report(site), StringComparison.Ordinal);
    }

    [Fact]
    public void A_post_with_no_valid_date_is_reported_by_id_and_line_and_check_fails_until_it_is_dated()
    {
        using var site = Some.Site();
        var xml = Wxr.Export("ar", new WxrPost(9, "بلا تاريخ") { Status = "draft", Date = "0000-00-00 00:00:00", DateGmt = "0000-00-00 00:00:00", Modified = "0000-00-00 00:00:00" });
        var (code, output, error) = Import(site, xml);
        Assert.Equal(Program.ContentErrors, code);
        var markdown = Samples.Article(site, "ar", "post-9");
        Assert.DoesNotContain("1970", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("\ndate:", markdown, StringComparison.Ordinal);
        Assert.Contains($"warning: 'بلا تاريخ' (id 9, line {Wxr.LineOf(xml, "<item>")}) has no valid date", output, StringComparison.Ordinal);
        Assert.Matches(@"post-9\.md\(1,1\): error: the required field 'date' is missing", error);

        File.WriteAllText(Path.Combine(site.Input, "articles", "ar", "post-9.md"), markdown.Replace("title:", "date: 2020-01-02\ntitle:", StringComparison.Ordinal));
        Assert.Equal(Program.Success, Check(site));
    }

    [Fact]
    public void Posts_that_share_an_id_are_reported_as_such_and_come_in_once_each()
    {
        using var site = Some.Site();
        var xml = Wxr.Export("ar", new WxrPost(7, "الدراسة الأولى") { Name = "first" }, new WxrPost(7, "الدراسة الثانية") { Name = "second" });
        var (code, output, error) = Import(site, xml);
        Assert.True(code == Program.Success, output + error);
        var second = xml.IndexOf("<item>", xml.IndexOf("<item>", StringComparison.Ordinal) + 1, StringComparison.Ordinal);
        var secondLine = xml[..second].Count(c => c == '\n') + 1;
        Assert.Contains($"warning: 'الدراسة الثانية' (id 7, line {secondLine}) has the same post id as 'الدراسة الأولى' (id 7, line {Wxr.LineOf(xml, "<item>")})", output, StringComparison.Ordinal);
        Assert.DoesNotContain("translation group", output, StringComparison.Ordinal);
        Assert.Contains("- \"/?p=7\"", Samples.Article(site, "ar", "first"), StringComparison.Ordinal);
        Assert.DoesNotContain("/?p=7", Samples.Article(site, "ar", "second"), StringComparison.Ordinal);
        Assert.Contains("(0 written, 2 unchanged, 0 kept as edited)", Import(site, xml).Out, StringComparison.Ordinal);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(site.Input, "articles", "ar")).Length);
    }

    [Fact]
    public void The_reasons_a_study_became_a_draft_name_the_lines_of_the_file_as_written()
    {
        using var site = Some.Site();
        Import(site, Wxr.Export("ar", new WxrPost(7, "مصادر ناقصة", "<p>نص[1] ونص[3].</p>\n<p>المصادر</p>\n<p>[1] مصدر أول.</p>\n<p>[3] مصدر ثالث.</p>") { Name = "sources" }));
        var lines = Samples.Article(site, "ar", "sources").Split('\n');
        Assert.Contains("draft: true", lines);
        var line = int.Parse(ReasonLine().Match(Samples.Report(site)).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith("[3]", lines[line - 1], StringComparison.Ordinal);
    }

    [Fact]
    public void Escaped_brackets_are_text_not_shortcodes()
    {
        using var site = Some.Site();
        Import(site, Wxr.Export("ar", new WxrPost(7, "معادلة", "<p>المعادلة \\[x\\] و\\[y] و[[gallery]] و[contact-form-7 id=\"3\"]</p>") { Name = "math" }));
        var report = Samples.Report(site);
        Assert.Contains("the shortcode [contact-form-7] is kept as text", report, StringComparison.Ordinal);
        Assert.DoesNotContain("the shortcode [x]", report, StringComparison.Ordinal);
        Assert.DoesNotContain("the shortcode [y]", report, StringComparison.Ordinal);
        Assert.DoesNotContain("the shortcode [gallery]", report, StringComparison.Ordinal);
        // WordPress shows '[[gallery]]' as the text '[gallery]'.
        Assert.True(site.Build().Succeeded);
        Assert.Contains("و[gallery] و", site.Page("ar/articles/math/index.html").QuerySelector(".article-body p")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Remote_images_are_reported_as_links_and_only_local_figures_are_counted()
    {
        using var site = Some.Site();
        Import(
            site,
            Wxr.Export("ar", new WxrPost(7, "صور", "<p>نص.</p>\n<p><img src=\"https://other.example.com/a.png\" alt=\"صورة\"></p>\n<p><img src=\"https://old.example.org/wp-content/uploads/2024/10/chart.png\" alt=\"رسم\"></p>") { Name = "images" }),
            "--uploads",
            Samples.Uploads);
        Assert.Contains("- converted: 0 note(s), 1 figure(s), 1 remote image(s) left as links, 0 link(s) to other studies", Samples.Report(site), StringComparison.Ordinal);
    }

    [Fact]
    public void Scripts_event_handlers_and_javascript_links_are_removed_and_each_is_listed_with_its_line()
    {
        using var site = Some.Site();
        var xml = Wxr.Export("ar", new WxrPost(7, "نص خطر", "<p>أول</p>\n<p><a href=\"javascript:alert(1)\">اضغط</a></p>\n<script>alert(2)</script>\n<p><span onclick=\"steal()\">نص</span></p>") { Name = "unsafe" });
        Import(site, xml);
        var markdown = Samples.Article(site, "ar", "unsafe");
        Assert.DoesNotContain("javascript", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("alert", markdown, StringComparison.Ordinal);
        Assert.Contains("اضغط", markdown, StringComparison.Ordinal);
        var report = Samples.Report(site);
        Assert.Contains($"line {Wxr.LineOf(xml, "javascript:")}: a 'javascript:' link was removed (its text is kept)", report, StringComparison.Ordinal);
        Assert.Contains($"line {Wxr.LineOf(xml, "<script>")}: a <script> was removed", report, StringComparison.Ordinal);
        Assert.Contains($"line {Wxr.LineOf(xml, "onclick")}: the event handler 'onclick' was removed", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Importing_a_text_copy_of_a_study_already_in_the_site_makes_no_second_copy()
    {
        using var site = Some.Site();
        foreach (var registry in new[] { "authors", "units", "categories" })
        {
            site.File($"data/{registry}.yml", File.ReadAllText(Path.Combine(Some.RepoRoot, "input", "data", registry + ".yml")));
        }

        // The seed is the default site's coalition study, written by hand under another name.
        var existing = Path.Combine(site.Input, "articles", "ar", "coalition-withdrawal-iraq.md");
        var handWritten = File.ReadAllText(Path.Combine(Some.RepoRoot, "input", "articles", "ar", "coalition-withdrawal-iraq.md"));
        File.WriteAllText(existing, handWritten);
        var (code, output, error) = Samples.Import(site, "import", "text", Samples.Seed);
        Assert.True(code == Program.Success, output + error);
        Assert.Contains("(0 written, 0 unchanged, 1 kept as edited)", output, StringComparison.Ordinal);
        Assert.Equal([existing], Directory.GetFiles(Path.Combine(site.Input, "articles", "ar")));
        Assert.Equal(handWritten, File.ReadAllText(existing));

        Samples.Import(site, "import", "text", Samples.Seed, "--force");
        Assert.Equal([existing], Directory.GetFiles(Path.Combine(site.Input, "articles", "ar")));
        Assert.NotEqual(handWritten, File.ReadAllText(existing));

        (code, output, _) = Samples.Import(site, "import", "text", Samples.Seed);
        Assert.Contains("(0 written, 1 unchanged, 0 kept as edited)", output, StringComparison.Ordinal);
        Assert.Equal([existing], Directory.GetFiles(Path.Combine(site.Input, "articles", "ar")));
    }

    [Fact]
    public void Wpml_pairs_translations_through_its_language_and_translation_group_fields()
    {
        using var site = Some.Site();
        var (code, output, error) = Import(site, Wxr.Export(
            "ar",
            new WxrPost(11, "الدراسة") { Name = "%d8%a7%d9%84%d8%af%d8%b1%d8%a7%d8%b3%d8%a9", Extra = Wxr.Meta("_wpml_import_language_code", "ar") + Wxr.Meta("_wpml_import_translation_group", "5") },
            new WxrPost(12, "The Study", "<p>The text of the study.</p>") { Name = "the-study", Extra = Wxr.Meta("_wpml_import_language_code", "en") + Wxr.Meta("_wpml_import_source_language_code", "ar") + Wxr.Meta("_wpml_import_translation_group", "5") }));
        Assert.True(code == Program.Success, output + error);
        Assert.Contains("title: \"الدراسة\"", Samples.Article(site, "ar", "the-study"), StringComparison.Ordinal);
        Assert.Contains("title: \"The Study\"", Samples.Article(site, "en", "the-study"), StringComparison.Ordinal);
        Assert.True(site.Build().Succeeded);
        Assert.EndsWith("/ar/articles/the-study/", site.Page("en/articles/the-study/index.html").QuerySelector(".translation-link a")!.GetAttribute("href"), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"line (\d+): the numbered source list has a gap")]
    private static partial Regex ReasonLine();
}
