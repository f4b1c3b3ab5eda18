using System.Diagnostics;
using System.Text;
using ResearchSite.Build;

namespace ResearchSite.Tests.Build;

/// <summary>No input file may crash or hang the build: every failure is a diagnostic with file and line.</summary>
public class HostileInputTests
{
    private static FixtureSite GoodSite() => Some.Site().Article("ar", "good", Some.FrontMatter(), "## مقدمة\n\nنص[1].\n\nالمصادر:\n[1] مصدر.\n");

    public static TheoryData<string, byte[], int> BrokenFiles() => new()
    {
        { "an empty file", [], 1 },
        { "front matter only", Encoding.UTF8.GetBytes(Some.FrontMatter()), 0 },
        { "no closing ---", Encoding.UTF8.GetBytes("---\ntitle: x\nauthor: y\n"), 1 },
        { "a BOM and CRLF", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Some.FrontMatter().Replace("\n", "\r\n") + "\r\nنص\r\n")], 0 },
        { "lone CR line endings", Encoding.UTF8.GetBytes(Some.FrontMatter().Replace("\n", "\r") + "\rنص\r"), 0 },
        { "a NUL byte", Encoding.UTF8.GetBytes(Some.FrontMatter() + "\nنص\0نص\n"), 1 },
        { "invalid UTF-8", [.. Encoding.UTF8.GetBytes(Some.FrontMatter() + "\n"), 0xFF, 0xFE, 0x41], 1 },
        { "duplicate YAML keys", Encoding.UTF8.GetBytes("---\ntitle: a\ntitle: b\nauthor: ilham-elnaggar\ncategory: reports\ndate: 2024-01-01\n---\n"), 1 },
        { "a list where a value belongs", Encoding.UTF8.GetBytes("---\ntitle: [a, b]\nauthor: ilham-elnaggar\ncategory: reports\ndate: 2024-01-01\n---\n"), 1 },
        { "a mapping as the date", Encoding.UTF8.GetBytes("---\ntitle: a\nauthor: ilham-elnaggar\ncategory: reports\ndate: {a: 1}\n---\n"), 1 },
        { "tabs in YAML", Encoding.UTF8.GetBytes("---\ntitle: a\n\tauthor: x\n---\n"), 1 },
        { "YAML that is a list", Encoding.UTF8.GetBytes("---\n- a\n- b\n---\n"), 1 },
        { "a billion laughs", Encoding.UTF8.GetBytes("---\na: &a [\"lol\",\"lol\"]\n" + string.Join('\n', Enumerable.Range(0, 200).Select(i => $"b{i}: &b{i} [*a, *a, *a]")) + "\n---\n"), 1 },
    };

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void A_broken_file_ends_in_a_diagnostic_and_the_previous_output_survives(string what, byte[] content, int exitCode)
    {
        using var site = GoodSite();
        Assert.True(site.Build().Succeeded);
        var before = site.Snapshot();
        site.Bytes("articles/ar/bad.md", content);
        var result = site.Build();
        Assert.Equal(exitCode == 0, result.Succeeded);
        if (exitCode == 1)
        {
            var error = Assert.Single(result.Diagnostics, d => d.IsError);
            Assert.EndsWith("bad.md", error.File);
            Assert.True(error.Line >= 1, what);
            Assert.Equal(before, site.Snapshot());
        }
    }

    [Fact]
    public void Huge_and_deep_articles_build_without_crashing()
    {
        var deepList = string.Concat(Enumerable.Range(0, 100).Select(i => new string(' ', i * 2) + "- level\n"));
        var manyNotes = string.Concat(Enumerable.Range(1, 2000).Select(i => $"text[^{i}] ")) + "\n\n" + string.Concat(Enumerable.Range(1, 2000).Select(i => $"[^{i}]: note {i}\n"));
        var longLine = string.Concat(Enumerable.Repeat("كلمة ", 2000)) + "\n";
        var big = string.Concat(Enumerable.Repeat("## قسم\n\n" + string.Concat(Enumerable.Repeat("نص طويل جدا ", 400)) + "\n\n", 1000));
        using var site = Some.Site()
            .Article("ar", "deep", Some.FrontMatter(), deepList + "\n" + longLine)
            .Article("en", "notes", Some.FrontMatter(), manyNotes)
            .Article("ar", "big", Some.FrontMatter(), big);
        Assert.True(Encoding.UTF8.GetByteCount(big) > 5_000_000);
        var clock = Stopwatch.StartNew();
        var result = site.Build();
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics.Take(5)));
        Assert.Equal(2000, site.Page("en/articles/notes/index.html").QuerySelectorAll("section.notes li").Length);
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), "a hang, not a benchmark");
    }

    [Fact]
    public void Quotes_nested_a_thousand_deep_are_an_error_not_a_crash()
    {
        using var site = GoodSite().Article("ar", "quotes", Some.FrontMatter(), new string('>', 1000) + " quoted\n");
        var error = Assert.Single(site.Build().Diagnostics, d => d.IsError);
        Assert.EndsWith("quotes.md", error.File);
        Assert.Contains("cannot be rendered", error.Message);
    }

    /// <summary>Bodies that once took a minute before their error (or none); the marker is where the error belongs.</summary>
    public static TheoryData<string, string, string> PathologicalNesting() => new()
    {
        { "40,000 nested <div>s (200 KB)", "نص.\n\n" + string.Concat(Enumerable.Repeat("<div>", 40_000)) + "\n", "<div>" },
        { "40,000 <div/>s, which HTML nests all the same", "نص.\n\n" + string.Concat(Enumerable.Repeat("<div/>", 40_000)) + "\n", "<div/>" },
        { "a 2,000-deep list", "نص.\n\n" + string.Concat(Enumerable.Range(0, 2000).Select(i => new string(' ', i * 2) + (i == 100 ? "- here\n" : "- x\n"))), "- here" },
        { "2,000 nested quotes", "نص.\n\n" + new string('>', 2000) + " quoted\n", ">>>" },
    };

    [Theory]
    [MemberData(nameof(PathologicalNesting))]
    public void Pathological_nesting_is_an_error_at_its_line_in_well_under_a_second(string what, string body, string marker)
    {
        using var site = GoodSite();
        Assert.True(site.Build().Succeeded);
        var before = site.Snapshot();
        site.Article("ar", "deep", Some.FrontMatter(), body);
        var text = Some.FrontMatter() + "\n" + body;
        var line = text[..text.IndexOf(marker, StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        var clock = Stopwatch.StartNew();
        var result = site.Build();
        clock.Stop();
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.EndsWith("deep.md", error.File);
        Assert.True(error.Line == line, $"{what}: {error}");
        Assert.Contains("cannot be rendered", error.Message);
        Assert.Equal(before, site.Snapshot());

        // It took 65 s (divs) and 20 s (list) before; the whole build, process aside, now takes a fraction of a second.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{what} took {clock.Elapsed}");
    }

    [Fact]
    public void Hostile_links_in_a_sources_list_and_raw_html_build_with_warnings_and_no_page_carries_a_script_url()
    {
        const string body = """
            ## مقدمة

            نص[1] و[2] و[3] و[4] و<a href="JaVaScRiPt:alert(1)">رابط</a> و[^a].

            [^a]: ملاحظة [رابط](java&#x09;script:alert(1)).

            المصادر:
            [1] مرجع <javascript:alert(document.cookie)>
            [2] مرجع <data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==>
            [3] مرجع <vbscript:msgbox(1)>
            [4] مرجع <file:///etc/passwd>
            """;
        using var site = Some.Site().Article("ar", "hostile", Some.FrontMatter(), body);
        var result = site.Build();
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        var text = Some.FrontMatter() + "\n" + body;
        int LineOf(string marker) => text[..text.IndexOf(marker, StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        foreach (var marker in new[] { "<javascript:", "<data:", "<vbscript:", "<file:", "JaVaScRiPt", "(java&" })
        {
            Assert.Contains(result.Diagnostics, d => d.File.EndsWith("hostile.md", StringComparison.Ordinal) && d.Line == LineOf(marker) && d.Message.Contains("removed"));
        }

        var pages = Directory.EnumerateFiles(site.Output, "*.html", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(pages);
        foreach (var page in pages)
        {
            ResearchSite.Tests.Markdown.Safety.UrlTests.AssertOnlyAllowedUrls(Some.Html(File.ReadAllText(page)));
        }

        Assert.Equal(5, site.Page("ar/articles/hostile/index.html").QuerySelectorAll("section.notes li").Length);
    }

    [Fact]
    public void An_html_comment_that_never_closes_fails_the_build_at_its_line_and_keeps_the_previous_output()
    {
        using var site = GoodSite();
        Assert.True(site.Build().Succeeded);
        var before = site.Snapshot();
        site.Article("ar", "comment", Some.FrontMatter(), "First para.\n\n<!-- editor note\n\n## Findings\n\nEverything else.\n");
        var result = site.Build();
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal(10, error.Line);
        Assert.Contains("comment is never closed", error.Message);
        Assert.Equal(before, site.Snapshot());
    }

    [Theory]
    [InlineData("..", "articles/ar/...md")]
    [InlineData("con", "articles/ar/con.md")]
    [InlineData("space", "articles/ar/a b.md")]
    [InlineData("colon", "articles/ar/a:b.md")]
    public void A_file_name_that_is_no_safe_url_is_an_error(string what, string path)
    {
        using var site = GoodSite();
        site.File(path, Some.FrontMatter());
        var result = site.Build();
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Contains("becomes the article's URL", error.Message + what);
    }

    [Fact]
    public void A_symbolic_link_out_of_the_input_folder_is_refused()
    {
        using var site = GoodSite();
        var outside = Path.Combine(site.Root, "secret.md");
        File.WriteAllText(outside, Some.FrontMatter());
        File.CreateSymbolicLink(Path.Combine(site.Input, "articles", "ar", "link.md"), outside);
        var error = Assert.Single(site.Build().Diagnostics, d => d.IsError);
        Assert.Contains("symbolic link points outside", error.Message);
    }

    /// <summary>Seeded mutations of a valid article: byte flips, truncations and markup insertions.</summary>
    [Fact]
    public void Thousands_of_mutated_articles_each_end_in_success_or_diagnostics()
    {
        var valid = Encoding.UTF8.GetBytes(Some.FrontMatter(title: "دراسة", category: "[reports, energy]", extra: "summary: ملخص\ntags: [a, b]\n")
            + "\n## مقدمة\n\nنص[1] و[^a] مع **غامق** و`رمز` و[رابط](https://example.org) و<span lang=\"en\">CENTCOM</span>.\n\n- بند\n  - فرع\n\n| أ | ب |\n|---|---|\n| ١ | ٢ |\n\n[^a]: ملاحظة.\n\nالمصادر:\n[1] مصدر https://example.org/x\n");
        var random = new Random(20241015);
        byte[] markup = "[]()*_`#>|-:^!<>&\"'\n\r\t{}\\"u8.ToArray();
        using var site = Some.Site();
        var path = Path.Combine(site.Input, "articles", "ar", "fuzz.md");
        var worst = TimeSpan.Zero;
        for (var run = 0; run < 1500; run++)
        {
            var bytes = valid.ToList();
            for (var m = random.Next(1, 6); m > 0; m--)
            {
                var at = random.Next(bytes.Count);
                switch (random.Next(4))
                {
                    case 0: bytes[at] = (byte)random.Next(256); break;
                    case 1: bytes.RemoveRange(at, bytes.Count - at); break;
                    case 2: bytes.Insert(at, markup[random.Next(markup.Length)]); break;
                    default: bytes.InsertRange(at, Enumerable.Repeat(markup[random.Next(markup.Length)], random.Next(1, 50))); break;
                }

                if (bytes.Count == 0)
                {
                    break;
                }
            }

            File.WriteAllBytes(path, bytes.ToArray());
            var clock = Stopwatch.StartNew();
            var result = BuildPipeline.Check(new BuildOptions(site.Input, Some.Theme, site.Output, false, null));
            worst = clock.Elapsed > worst ? clock.Elapsed : worst;
            if (!result.Succeeded)
            {
                Assert.Contains(result.Diagnostics, d => d.IsError && d.Line >= 1 && d.File.Length > 0);
            }
        }

        Assert.True(worst < TimeSpan.FromSeconds(10), $"one mutated file took {worst}");
    }
}
