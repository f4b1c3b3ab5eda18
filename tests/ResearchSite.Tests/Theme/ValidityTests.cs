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
        using var defaultSite = Some.Site();
        Assert.True(ResearchSite.Build.BuildPipeline.Run(new(Path.Combine(Some.RepoRoot, "input"), Some.Theme, defaultSite.Output, false, null)).Succeeded);
        using var fixture = Some.Site()
            .Article("ar", "a", Some.FrontMatter(title: "دراسة <مع> رموز & علامات", author: "[sara-adel, omar-saleh]", category: "[energy, reports]"), "## مقدمة\n\nنص[^x] و CENTCOM.\n\n| أ | ب |\n|---|---|\n| ١ | ٢ |\n\n[^x]: ملاحظة https://example.org/a?b=1&c=2\n")
            .Article("en", "b", Some.FrontMatter(title: "English only", author: "omar-saleh", category: "energy", extra: "summary: A summary with مخيم الهول inside.\n"), "## Intro\n\nText[1].\n\nReferences:\n[1] A source.\n");
        var built = fixture.Build();
        Assert.True(built.Succeeded);

        // Every page is named, so the checker cannot skip one unnoticed.
        var pages = new[] { defaultSite.Output, fixture.Output }.SelectMany(o => Directory.EnumerateFiles(o, "*.html", SearchOption.AllDirectories)).Order(StringComparer.Ordinal).ToList();
        var messages = Errors(pages);
        Assert.True(messages.Count == 0, string.Join('\n', messages));
        Assert.Equal(built.PagesPerLanguage.Values.Sum(), pages.Count(p => p.StartsWith(fixture.Output, StringComparison.Ordinal)));
    }

    [Fact]
    public void A_study_with_figures_in_both_languages_has_no_html_errors()
    {
        // The Arabic study of the figure tests (photo, chart, SVG diagram, inline icon), and its English version.
        using var site = Markdown.Figures.FigureTests.Study()
            .Article("en", "study", Some.FrontMatter(title: "An illustrated study"), """
                ## Introduction

                ![A field photo of a border crossing](../../assets/figures/photo.jpg "The crossing in 2024")

                Text with a pin ![pin](../../assets/icons/pin.png) inside the sentence.

                ![decorative](/files/figures/chart.png)

                ![An organisation chart](../../assets/figures/diagram.svg "Who reports to whom")

                See [the second figure](#figure-2).
                """);
        var built = site.Build();
        Assert.True(built.Succeeded, string.Join('\n', built.Diagnostics));
        var pages = new[] { "ar", "en" }.Select(l => site.OutputFile($"{l}/articles/study/index.html")).ToList();
        Assert.All(pages, p => Assert.Equal(3, Some.Html(File.ReadAllText(p)).QuerySelectorAll("main figure").Length));
        var messages = Errors(pages);
        Assert.True(messages.Count == 0, string.Join('\n', messages));
    }

    /// <summary>The checker's errors (not its warnings) on <paramref name="files"/>, each with its file and line.</summary>
    internal static IReadOnlyList<string> Errors(IReadOnlyList<string> files)
    {
        var vnu = Path.Combine(Some.RepoRoot, "node_modules", "vnu-jar", "build", "dist", "vnu.jar");
        Assert.True(File.Exists(vnu), "vnu.jar is missing: run ./test.sh, which installs it with npm ci");
        var start = new ProcessStartInfo("java", ["-jar", vnu, "--format", "json", "--stdout", .. files])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var json = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        _ = stderr.Result;
        return JsonDocument.Parse(json).RootElement.GetProperty("messages").EnumerateArray()
            .Where(m => m.GetProperty("type").GetString() == "error")
            .Select(m => $"{m.GetProperty("url").GetString()}:{(m.TryGetProperty("lastLine", out var l) ? l.GetInt32() : 0)}: {m.GetProperty("message").GetString()}")
            .ToList();
    }
}
