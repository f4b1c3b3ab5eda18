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
}
