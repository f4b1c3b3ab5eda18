using System.Diagnostics;
using System.Text.Json;

namespace ResearchSite.Tests.Theme;

/// <summary>The W3C Nu HTML checker (vnu-jar, pinned in package.json) over every page of built sites, in one call.</summary>
[Trait("Speed", "Slow")]
public class ValidityTests
{
    [Fact]
    public void Every_page_of_the_default_and_a_fixture_site_has_no_html_errors()
    {
        var vnu = Path.Combine(Some.RepoRoot, "node_modules", "vnu-jar", "build", "dist", "vnu.jar");
        Assert.True(File.Exists(vnu), "vnu.jar is missing: run ./test.sh, which installs it with npm ci");

        using var defaultSite = Some.Site();
        Assert.True(ResearchSite.Build.BuildPipeline.Run(new(Path.Combine(Some.RepoRoot, "input"), Some.Theme, defaultSite.Output, false, null)).Succeeded);
        using var fixture = Some.Site()
            .Article("ar", "a", Some.FrontMatter(title: "دراسة <مع> رموز & علامات", author: "[sara-adel, omar-saleh]", category: "[energy, reports]"), "## مقدمة\n\nنص[^x] و CENTCOM.\n\n| أ | ب |\n|---|---|\n| ١ | ٢ |\n\n[^x]: ملاحظة https://example.org/a?b=1&c=2\n")
            .Article("en", "b", Some.FrontMatter(title: "English only", author: "omar-saleh", category: "energy", extra: "summary: A summary with مخيم الهول inside.\n"), "## Intro\n\nText[1].\n\nReferences:\n[1] A source.\n");
        var built = fixture.Build();
        Assert.True(built.Succeeded);

        // Every page is named, so the checker cannot skip one unnoticed.
        var pages = new[] { defaultSite.Output, fixture.Output }.SelectMany(o => Directory.EnumerateFiles(o, "*.html", SearchOption.AllDirectories)).Order(StringComparer.Ordinal).ToList();
        var start = new ProcessStartInfo("java", ["-jar", vnu, "--format", "json", "--stdout", .. pages])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var json = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var messages = JsonDocument.Parse(json).RootElement.GetProperty("messages").EnumerateArray()
            .Where(m => m.GetProperty("type").GetString() == "error")
            .Select(m => $"{m.GetProperty("url").GetString()}:{(m.TryGetProperty("lastLine", out var l) ? l.GetInt32() : 0)}: {m.GetProperty("message").GetString()}")
            .ToList();
        Assert.True(messages.Count == 0, string.Join('\n', messages));
        Assert.Equal(built.PagesPerLanguage.Values.Sum(), pages.Count(p => p.StartsWith(fixture.Output, StringComparison.Ordinal)));
    }
}
