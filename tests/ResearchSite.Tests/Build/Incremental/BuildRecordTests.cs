using ResearchSite.Build.Incremental;

namespace ResearchSite.Tests.Build.Incremental;

/// <summary>
/// `build` run again into the same folder skips the work when nothing it reads changed, and only then:
/// after any change its output is byte for byte what a whole build writes into a fresh folder.
/// </summary>
public sealed class BuildRecordTests : IDisposable
{
    private const string NothingChanged = "Nothing changed since the last build";

    private readonly FixtureSite site = Some.Site();
    private readonly string theme;
    private readonly string cache;

    public BuildRecordTests()
    {
        theme = site.CopyOfTheme();
        cache = Path.Combine(site.Root, "cache");

        site.Article("ar", "study-one", Some.FrontMatter(title: "الدراسة الأولى"), "## مقدمة\n\nText A.\n")
            .Article("ar", "study-two", Some.FrontMatter(title: "الدراسة الثانية", author: "omar-saleh"), "## مقدمة\n\nنص.\n")
            .Article("ar", "study-draft", Some.FrontMatter(title: "مسودة", extra: "draft: true\n"))
            .File("assets/note.txt", "a note\n");
    }

    public void Dispose() => site.Dispose();

    private (int Code, string Out, string Err) Build(string? output = null, params string[] extra) =>
        Some.Cli(["build", "--input", site.Input, "--theme", theme, "--output", output ?? site.Output, "--cache", cache, "--no-search", "--no-pdf", .. extra]);

    /// <summary>A whole build of the same input and options into a folder of its own.</summary>
    private IReadOnlyDictionary<string, string> Fresh(params string[] extra)
    {
        var fresh = Path.Combine(site.Root, "fresh-" + Guid.NewGuid().ToString("N"));
        var (code, stdout, stderr) = Build(fresh, extra);
        Assert.True(code == 0, stdout + stderr);
        Assert.DoesNotContain(NothingChanged, stdout, StringComparison.Ordinal);
        return site.Snapshot(fresh);
    }

    private Dictionary<string, DateTime> Times() =>
        Directory.EnumerateFileSystemEntries(site.Output, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(site.Output, f), f => File.GetLastWriteTimeUtc(f));

    private string Record() => Assert.Single(Directory.GetFiles(Path.Combine(cache, BuildRecord.Folder), "*.record"));

    private static void Replace(string path, string from, string to)
    {
        var text = File.ReadAllText(path);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    [Fact]
    public void A_rebuild_with_nothing_changed_writes_nothing_and_says_so()
    {
        var (code, stdout, stderr) = Build();
        Assert.True(code == 0, stdout + stderr);
        Assert.StartsWith("Built ", stdout.Trim().Split('\n')[^1], StringComparison.Ordinal);
        var times = Times();
        var before = site.Snapshot();

        (code, stdout, stderr) = Build();

        Assert.True(code == 0, stdout + stderr);
        var summary = stdout.Trim().Split('\n')[^1];
        Assert.StartsWith(NothingChanged, summary, StringComparison.Ordinal);
        Assert.Contains("(ar: ", summary, StringComparison.Ordinal);
        Assert.Equal(times, Times());
        Assert.Equal(before, site.Snapshot());
        Assert.Equal(Fresh().OrderBy(f => f.Key), site.Snapshot().OrderBy(f => f.Key));
    }

    [Fact]
    public void A_rebuild_with_nothing_changed_reports_the_warnings_again()
    {
        site.Article("ar", "study-three", Some.FrontMatter(title: "الدراسة الثالثة"), "نص.\n\n[^a]: ملاحظة لم يشر إليها.\n");
        var (_, first, _) = Build();
        var warnings = first.Split('\n').Where(l => l.Contains(": warning: ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(warnings);

        var (code, stdout, stderr) = Build();

        Assert.True(code == 0, stdout + stderr);
        Assert.StartsWith(NothingChanged, stdout.Trim().Split('\n')[^1], StringComparison.Ordinal);
        Assert.Equal(warnings, stdout.Split('\n').Where(l => l.Contains(": warning: ", StringComparison.Ordinal)).ToList());
    }

    [Fact]
    public void A_study_saved_again_within_the_same_clock_tick_is_known_by_its_hash()
    {
        var path = Path.Combine(site.Input, "articles/ar/study-one.md");
        var stamp = File.GetLastWriteTimeUtc(path);
        Assert.Equal(0, Build().Code);

        // A second save that keeps the length and, as on a coarse clock, the last-write time.
        Replace(path, "Text A.", "Text B.");
        File.SetLastWriteTimeUtc(path, stamp);
        var (code, stdout, stderr) = Build();

        Assert.True(code == 0, stdout + stderr);
        Assert.DoesNotContain(NothingChanged, stdout, StringComparison.Ordinal);
        Assert.Contains("Text B.", site.Page("ar/articles/study-one/index.html").QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(Fresh().OrderBy(f => f.Key), site.Snapshot().OrderBy(f => f.Key));
    }

    [Fact]
    public void An_editor_s_swap_file_beside_a_study_is_no_change()
    {
        Assert.Equal(0, Build().Code);
        site.File("articles/ar/.study-one.md.swp", "vim's");

        var (code, stdout, _) = Build();

        Assert.Equal(0, code);
        Assert.StartsWith(NothingChanged, stdout.Trim().Split('\n')[^1], StringComparison.Ordinal);
    }

    public static TheoryData<string> Changes() =>
    [
        "one byte of a study", "a study added", "a study deleted", "a registry", "site.yml", "an asset of the input",
        "a template", "the theme's strings", "an asset of the theme",
        "an output file edited", "an output file deleted", "a file added to the output",
    ];

    [Theory]
    [MemberData(nameof(Changes))]
    public void After_a_change_the_rebuild_writes_what_a_whole_build_writes(string change)
    {
        var (code, stdout, stderr) = Build();
        Assert.True(code == 0, stdout + stderr);
        var before = site.Snapshot();

        switch (change)
        {
            case "one byte of a study":
                // Same length, at once: only the hash of a file written so recently can tell.
                Replace(Path.Combine(site.Input, "articles/ar/study-one.md"), "Text A.", "Text B.");
                break;
            case "a study added":
                site.Article("ar", "study-new", Some.FrontMatter(title: "دراسة جديدة"));
                break;
            case "a study deleted":
                File.Delete(Path.Combine(site.Input, "articles/ar/study-two.md"));
                break;
            case "a registry":
                Replace(Path.Combine(site.Input, "data/authors.yml"), "Senior Researcher", "Senior Researchex");
                break;
            case "site.yml":
                Replace(Path.Combine(site.Input, "site.yml"), "page_size: 3", "page_size: 1");
                break;
            case "an asset of the input":
                File.WriteAllText(Path.Combine(site.Input, "assets/note.txt"), "a nute\n");
                break;
            case "a template":
                Replace(Path.Combine(theme, "layouts/base.html"), "class=\"skip-link\"", "class=\"skip-linc\"");
                break;
            case "the theme's strings":
                Replace(Path.Combine(theme, "strings.yml"), "انتقل إلى المحتوى", "انتقل الى المحتوى");
                break;
            case "an asset of the theme":
                File.AppendAllText(Path.Combine(theme, "assets/site.css"), "\n/* changed */\n");
                break;
            case "an output file edited":
                File.AppendAllText(site.OutputFile("index.html"), "<!-- by hand -->");
                break;
            case "an output file deleted":
                File.Delete(site.OutputFile("index.html"));
                break;
            case "a file added to the output":
                File.WriteAllText(site.OutputFile("stray.html"), "left here");
                break;
        }

        (code, stdout, stderr) = Build();

        Assert.True(code == 0, stdout + stderr);
        Assert.DoesNotContain(NothingChanged, stdout, StringComparison.Ordinal);
        var fresh = Fresh();
        Assert.Equal(fresh.OrderBy(f => f.Key), site.Snapshot().OrderBy(f => f.Key));
        if (!change.StartsWith("an output", StringComparison.Ordinal) && !change.StartsWith("a file added", StringComparison.Ordinal))
        {
            // The change reached the site: the test would prove nothing otherwise.
            Assert.NotEqual(before.OrderBy(f => f.Key), fresh.OrderBy(f => f.Key));
        }

        // And once built, the next rebuild skips again.
        (_, stdout, _) = Build();
        Assert.StartsWith(NothingChanged, stdout.Trim().Split('\n')[^1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--drafts", null)]
    [InlineData("--base-url", "https://mirror.example.org/research/")]
    public void Another_command_line_option_makes_a_whole_build(string name, string? value)
    {
        string[] option = value is null ? [name] : [name, value];
        Assert.Equal(0, Build().Code);

        var (code, stdout, stderr) = Build(null, option);

        Assert.True(code == 0, stdout + stderr);
        Assert.DoesNotContain(NothingChanged, stdout, StringComparison.Ordinal);
        Assert.Equal(Fresh(option).OrderBy(f => f.Key), site.Snapshot().OrderBy(f => f.Key));
        Assert.NotEqual(Fresh().OrderBy(f => f.Key), site.Snapshot().OrderBy(f => f.Key));
    }

    [Fact]
    public void Force_builds_even_when_nothing_changed()
    {
        Assert.Equal(0, Build().Code);

        var (code, stdout, _) = Build(null, "--force");

        Assert.Equal(0, code);
        Assert.StartsWith("Built ", stdout.Trim().Split('\n')[^1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("torn")]
    [InlineData("garbage")]
    [InlineData("of other options")]
    public void A_missing_or_broken_record_makes_a_whole_build(string damage)
    {
        Assert.Equal(0, Build().Code);
        var record = Record();
        var text = File.ReadAllText(record);
        switch (damage)
        {
            case "missing":
                File.Delete(record);
                break;
            case "torn":
                File.WriteAllText(record, text[..(text.Length / 2)]);
                break;
            case "garbage":
                File.WriteAllBytes(record, [0xFF, 0xFE, 0x00, 0x0A, 0x09]);
                break;
            case "of other options":
                File.WriteAllText(record, text.Replace("\nkey\t", "\nkey\t0", StringComparison.Ordinal));
                break;
        }

        var (code, stdout, stderr) = Build();

        Assert.True(code == 0, stdout + stderr);
        Assert.StartsWith("Built ", stdout.Trim().Split('\n')[^1], StringComparison.Ordinal);
        Assert.Equal(Fresh().OrderBy(f => f.Key), site.Snapshot().OrderBy(f => f.Key));
    }

    [Fact]
    public void Another_build_of_the_program_makes_a_whole_build()
    {
        Assert.Equal(0, Build().Code);
        var extra = Path.Combine(AppContext.BaseDirectory, $"researchsite-test-{Guid.NewGuid():N}.dll");
        File.WriteAllText(extra, "another library");
        try
        {
            var (code, stdout, _) = Build();

            Assert.Equal(0, code);
            Assert.StartsWith("Built ", stdout.Trim().Split('\n')[^1], StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(extra);
        }
    }
}
