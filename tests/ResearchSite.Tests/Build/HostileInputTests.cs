using System.Diagnostics;
using System.Text;
using ResearchSite.Build;

namespace ResearchSite.Tests.Build;

/// <summary>No input file may crash or hang the build: every failure is a diagnostic with file and line.</summary>
public class HostileInputTests
{
    private static FixtureSite GoodSite() => Some.Site().Article("ar", "good", Some.FrontMatter(), "## مقدمة\n\nنص[1].\n\nالمصادر:\n[1] مصدر.\n");

    /// <summary>A good site with a published file, so that input/assets/ is there.</summary>
    private static FixtureSite WithAssets() => GoodSite().File("assets/readme.txt", "published");

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

    /// <summary>A link planted in the input: where it points is filled in for the test's own folders.</summary>
    public static TheoryData<string, string> LinksOut() => new()
    {
        { "assets/env.txt", "/proc/self/environ" },
        { "assets/passwd", "/etc/passwd" },
        { "assets/etc", "/etc" },
        { "assets/notes.txt", "{outside}/secret.txt" },
        { "articles/ar/drafts", "{outside}" },
        { "articles/en", "{outside}" },
        { "data/units.yml", "{outside}/units.yml" },
        { "site.yml", "{outside}/site.yml" },
    };

    [Theory]
    [MemberData(nameof(LinksOut))]
    public void A_link_out_of_the_input_is_an_error_at_the_link_and_nothing_of_it_is_published(string link, string target)
    {
        using var site = WithAssets();
        var outside = Path.Combine(site.Root, "outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "secret.txt"), "TOKEN=secret");
        File.Copy(Path.Combine(site.Input, "site.yml"), Path.Combine(outside, "site.yml"));
        File.Copy(Path.Combine(site.Input, "data", "units.yml"), Path.Combine(outside, "units.yml"));
        File.WriteAllText(Path.Combine(outside, "leak.md"), Some.FrontMatter(title: "SECRET DRAFT"));
        Assert.True(site.Build().Succeeded);
        var before = site.Snapshot();

        var path = Path.Combine(site.Input, link);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Delete(path);

        target = target.Replace("{outside}", outside);
        if (Directory.Exists(target))
        {
            Directory.CreateSymbolicLink(path, target);
        }
        else
        {
            File.CreateSymbolicLink(path, target);
        }

        var result = site.Build();
        var error = Assert.Single(result.Diagnostics, d => d.IsError && d.File == ResearchSite.Content.ContentLoader.Display(path));
        Assert.Contains("points outside the input folder", error.Message);
        Assert.Equal(before, site.Snapshot());
        Assert.DoesNotContain(result.Diagnostics, d => d.Message.Contains("TOKEN") || d.Message.Contains("SECRET"));
    }

    [Fact]
    public void Registries_in_a_folder_linked_from_outside_are_refused()
    {
        using var site = GoodSite();
        var outside = Path.Combine(site.Root, "shared-data");
        Directory.Move(Path.Combine(site.Input, "data"), outside);
        Directory.CreateSymbolicLink(Path.Combine(site.Input, "data"), outside);
        var errors = site.Build().Diagnostics.Where(d => d.IsError && d.Message.Contains("lies outside the input folder")).Select(d => Path.GetFileName(d.File));
        Assert.Equal(["authors.yml", "categories.yml", "units.yml"], errors.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("assets/gone.png")]
    [InlineData("articles/en/gone.md")]
    [InlineData("data/categories.yml")]
    public void A_link_to_nothing_is_an_error_at_the_link_not_a_crash(string link)
    {
        using var site = GoodSite();
        var path = Path.Combine(site.Input, link);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Delete(path);
        File.CreateSymbolicLink(path, Path.Combine(site.Root, "nowhere"));
        var error = Assert.Single(site.Build().Diagnostics, d => d.IsError && d.File == ResearchSite.Content.ContentLoader.Display(path));
        Assert.Contains("which does not exist", error.Message);
    }

    [Fact]
    public void Links_that_loop_back_are_errors_at_the_link_not_a_crash()
    {
        using var site = GoodSite();
        Directory.CreateDirectory(Path.Combine(site.Input, "assets", "a"));
        Directory.CreateDirectory(Path.Combine(site.Input, "assets", "b"));
        Directory.CreateSymbolicLink(Path.Combine(site.Input, "assets", "loop"), "..");
        Directory.CreateSymbolicLink(Path.Combine(site.Input, "assets", "a", "to-b"), "../b");
        Directory.CreateSymbolicLink(Path.Combine(site.Input, "assets", "b", "to-a"), "../a");
        Directory.CreateSymbolicLink(Path.Combine(site.Input, "articles", "ar", "self"), ".");
        var result = SpecialFiles.Within(() => site.Build());
        var errors = result.Diagnostics.Where(d => d.IsError).ToList();
        Assert.All(errors, e => Assert.Contains("leads back to", e.Message));
        Assert.Equal(
            ["articles/ar/self", "assets/a/to-b/to-a", "assets/b/to-a/to-b", "assets/loop"],
            errors.Select(e => Path.GetRelativePath(site.Input, Path.GetFullPath(e.File)).Replace('\\', '/')).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Links_that_stay_inside_the_input_are_followed()
    {
        using var site = WithAssets()
            .File("shared/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
            .File("shared/maps/iraq.txt", "map")
            .File("texts/linked.md", Some.FrontMatter(title: "Linked") + "\n## Start\n\nLinked text.\n");
        File.CreateSymbolicLink(Path.Combine(site.Input, "assets", "logo.svg"), "../shared/logo.svg");
        Directory.CreateSymbolicLink(Path.Combine(site.Input, "assets", "maps"), "../shared/maps");
        File.CreateSymbolicLink(Path.Combine(site.Input, "articles", "ar", "linked.md"), "../../texts/linked.md");
        var result = site.Build();
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        Assert.Equal("map", File.ReadAllText(site.OutputFile("files/maps/iraq.txt")));
        Assert.Equal(File.ReadAllText(Path.Combine(site.Input, "shared", "logo.svg")), File.ReadAllText(site.OutputFile("files/logo.svg")));
        Assert.Null(new FileInfo(site.OutputFile("files/logo.svg")).LinkTarget);
        Assert.Equal("Linked text.", site.Page("ar/articles/linked/index.html").QuerySelector(".article-body p")!.TextContent);
    }

    [Fact]
    public void A_named_pipe_is_skipped_with_a_warning_and_never_hangs_the_build()
    {
        using var site = GoodSite();
        string[] pipes = [Path.Combine(site.Input, "assets", "pipe"), Path.Combine(site.Input, "articles", "en", "pipe.md"), Path.Combine(site.Input, "assets", "deep", "pipe.css")];
        foreach (var pipe in pipes)
        {
            SpecialFiles.Fifo(pipe);
        }

        var result = SpecialFiles.Within(() => site.Build(), pipes);
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        Assert.Equal(
            pipes.Select(ResearchSite.Content.ContentLoader.Display).Order(StringComparer.Ordinal),
            result.Diagnostics.Where(d => d.Message.Contains("named pipe (FIFO)")).Select(d => d.File).Order(StringComparer.Ordinal));
        Assert.All(result.Diagnostics.Where(d => d.Message.Contains("named pipe")), d => Assert.False(d.IsError));
        Assert.False(File.Exists(site.OutputFile("files/pipe")));
        Assert.False(Directory.Exists(site.OutputFile("en/articles/pipe")));

        var check = SpecialFiles.Within(() => Some.Cli("check", "--input", site.Input, "--theme", Some.Theme), pipes);
        Assert.Equal(0, check.Code);
    }

    [Fact]
    public void A_named_pipe_where_a_registry_belongs_is_an_error_not_a_hang()
    {
        using var site = GoodSite();
        var registry = Path.Combine(site.Input, "data", "units.yml");
        File.Delete(registry);
        SpecialFiles.Fifo(registry);
        var result = SpecialFiles.Within(() => site.Build(), registry);
        var error = Assert.Single(result.Diagnostics, d => d.IsError && d.File == ResearchSite.Content.ContentLoader.Display(registry));
        Assert.Contains("named pipe", error.Message);
    }

    [Fact]
    public void Editor_lock_swap_and_backup_files_are_ignored_silently()
    {
        using var site = WithAssets();
        var clean = site.Build();
        Assert.True(clean.Succeeded);
        var pages = site.Snapshot().Keys.ToHashSet();

        // Emacs's lock is a link to nowhere; macOS's ._ file holds binary resource data.
        File.CreateSymbolicLink(Path.Combine(site.Input, "articles", "ar", ".#good.md"), "editor@laptop.4242:1700000000");
        site.Bytes("articles/ar/._good.md", [0x00, 0x05, 0x16, 0x07, 0xFF, 0xFE]);
        site.File("articles/ar/good.md~", "old text");
        site.File("articles/ar/.good.md.swp", "vim swap");
        site.File("articles/ar/#good.md#", "emacs autosave");
        site.File("articles/en/~$draft.md", "office lock");
        File.CreateSymbolicLink(Path.Combine(site.Input, "assets", ".#style.css"), "editor@laptop.4242:1700000000");
        site.File("assets/style.css~", "backup");

        var result = site.Build();
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        Assert.Equal(clean.Diagnostics, result.Diagnostics);
        Assert.Equal(pages, site.Snapshot().Keys.ToHashSet());
    }

    [Fact]
    public void A_link_out_of_the_theme_is_an_error_at_the_link()
    {
        using var site = GoodSite();
        var theme = site.CopyOfTheme();

        var leaks = new[] { Path.Combine(theme, "assets", "passwd.txt"), Path.Combine(theme, "layouts", "partials", "environ.html") };
        File.CreateSymbolicLink(leaks[0], "/etc/passwd");
        File.CreateSymbolicLink(leaks[1], "/proc/self/environ");
        var result = site.Build(theme);
        Assert.False(result.Succeeded);
        Assert.Equal(
            leaks.Select(ResearchSite.Content.ContentLoader.Display).Order(StringComparer.Ordinal),
            result.Diagnostics.Where(d => d.IsError).Select(d => d.File).Order(StringComparer.Ordinal));
        Assert.All(result.Diagnostics.Where(d => d.IsError), d => Assert.Contains("points outside the theme folder", d.Message));
    }

    [Fact]
    public void File_names_that_differ_only_in_unicode_normalization_are_one_page_reported_with_both_files()
    {
        using var site = GoodSite();
        var composed = "caf\u00e9";
        var decomposed = "cafe\u0301";
        site.Article("en", composed, Some.FrontMatter(title: "Composed"));
        site.Article("en", decomposed, Some.FrontMatter(title: "Decomposed"));
        Assert.Equal(2, Directory.EnumerateFiles(Path.Combine(site.Input, "articles", "en"), "caf*").Count());

        var result = site.Build();
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Contains($"two pages would be written to en/articles/{composed}/index.html", error.Message);
        Assert.Contains(ResearchSite.Content.ContentLoader.Display(Path.Combine(site.Input, "articles", "en", composed + ".md")), error.Message);
        Assert.Contains(ResearchSite.Content.ContentLoader.Display(Path.Combine(site.Input, "articles", "en", decomposed + ".md")), error.Message);
        Assert.Contains("encoded differently", error.Message);

        // `serve` builds the same way in memory: the error, not a silently missing page.
        var served = BuildPipeline.BuildInMemory(new BuildOptions(site.Input, Some.Theme, site.Output, false, null));
        Assert.Contains(served.Result.Diagnostics, d => d.IsError && d.Message.Contains("two pages would be written"));
    }

    [Fact]
    public void Asset_names_are_published_composed_and_two_that_are_one_name_are_an_error()
    {
        using var site = GoodSite();
        site.File("assets/cafe\u0301/menu.txt", "menu");
        Assert.True(site.Build().Succeeded);
        Assert.Equal("menu", File.ReadAllText(site.OutputFile("files/caf\u00e9/menu.txt")));

        site.File("assets/caf\u00e9/menu.txt", "another menu");
        var error = Assert.Single(site.Build().Diagnostics, d => d.IsError);
        Assert.Contains("two files would be written to files/caf\u00e9/menu.txt", error.Message);
    }

    [Fact]
    public void Hidden_files_in_the_assets_are_not_published_and_each_is_named_once()
    {
        using var site = GoodSite()
            .File("assets/report.pdf", "%PDF")
            .File("assets/.env", "TOKEN=secret")
            .File("assets/.git/config", "[remote]")
            .File("assets/.git/objects/ab/cdef", "x")
            .File("assets/maps/.htaccess", "Deny")
            .File("assets/.gitkeep", string.Empty)
            .File("assets/maps/.DS_Store", "x")
            .File("assets/Thumbs.db", "x");
        var result = site.Build();
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));

        var published = Directory.EnumerateFiles(site.OutputFile("files"), "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(site.OutputFile("files"), f));
        Assert.Equal(["report.pdf"], published);
        var warned = result.Diagnostics.Where(d => d.Message.Contains("is not published")).Select(d => Path.GetRelativePath(Path.Combine(site.Input, "assets"), Path.GetFullPath(d.File)));
        Assert.Equal([".env", ".git", Path.Combine("maps", ".htaccess")], warned.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("evil.html", "<!DOCTYPE html><script>alert(1)</script>", "is a page or script")]
    [InlineData("lib/evil.js", "alert(1)", "is a page or script")]
    [InlineData("chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>", "holds <script>")]
    [InlineData("chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>", "event handler onload")]
    [InlineData("chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject><p>x</p></foreignObject></svg>", "holds <foreignObject>")]
    [InlineData("chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><a xlink:href=\"&#106;avascript:alert(1)\"><text>x</text></a></svg>", "links to")]
    [InlineData("chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"x\"><animate attributeName=\"href\" to=\"javascript:alert(1)\"/></a></svg>", "holds <animate>")]
    [InlineData("chart.svg", "<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&x;</svg>", "declares an entity that reads another file")]
    [InlineData("chart.svg", "<html><body/></html>", "not an SVG image")]
    [InlineData("chart.svg", "<!DOCTYPE svg [<!ENTITY s \"<script>alert(1)</script>\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&s;</svg>", "holds <script>")]
    [InlineData("chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n<image xlink:href=\"https://tracker.example/pixel.png\"/></svg>", "loads 'https://tracker.example/pixel.png' (line 2)")]
    [InlineData("chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><use href=\"/files/other.svg#part\"/></svg>", "loads '/files/other.svg#part'")]
    [InlineData("chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><style>\n@import url(https://fonts.example/f.css);</style></svg>", "loads '@import url(https://fonts.example/f.css)'")]
    [InlineData("chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect style=\"fill: url('https://x.example/p.svg#g')\"/></svg>", "loads 'https://x.example/p.svg#g'")]
    [InlineData("chart.svg", "<?xml version=\"1.0\"?>\n<?xml-stylesheet href=\"https://x.example/s.css\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>", "<?xml-stylesheet?> instruction (line 2)")]
    public void Assets_a_browser_would_run_are_errors_and_are_not_published(string name, string content, string message)
    {
        using var site = GoodSite().File("assets/" + name, content).File("assets/map.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><a href=\"#c\"><circle id=\"c\" r=\"4\"/></a></svg>");
        var result = site.Build();
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.EndsWith(name.Replace('/', Path.DirectorySeparatorChar), Path.GetFullPath(error.File));
        Assert.Contains(message, error.Message);
        Assert.False(Directory.Exists(site.Output));

        File.Delete(Path.Combine(site.Input, "assets", name));
        Assert.True(site.Build().Succeeded);
        Assert.True(File.Exists(site.OutputFile("files/map.svg")));
    }

    [Theory]
    [InlineData("![map](https://maps.example.org/iraq.png)")]
    [InlineData("![map](//maps.example.org/iraq.png)")]
    [InlineData("<img src=\"https://tracker.example.org/p.gif\" alt=\"\">")]
    [InlineData("![map][m]\n\n[m]: HTTPS://maps.example.org/iraq.png")]
    public void An_image_from_another_site_is_an_error_since_the_published_policy_would_block_it(string image)
    {
        using var site = Some.Site().Article("en", "a", Some.FrontMatter(title: "A"), $"Intro.\n\n{image}\n");
        var error = Assert.Single(site.Build().Diagnostics, d => d.IsError);
        Assert.Equal(10, error.Line);
        Assert.Contains("blocked by the published site's Content-Security-Policy", error.Message);

        // The same image copied into the site is fine.
        site.Bytes("assets/iraq.png", global::ResearchSite.Tests.Images.TestImages.Png(40, 30)).Article("en", "a", Some.FrontMatter(title: "A"), "Intro.\n\n![map](/files/iraq.png)\n");
        Assert.True(site.Build().Succeeded);
    }
}
