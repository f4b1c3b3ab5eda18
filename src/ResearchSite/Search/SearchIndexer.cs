using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ResearchSite.Site;
using ResearchSite.Text;

namespace ResearchSite.Search;

/// <summary>The outcome of indexing: done, skipped (and why, in one line), or failed.</summary>
public sealed record SearchOutcome(bool Indexed, string Message);

/// <summary>
/// Runs Pagefind (the npm package pinned in package.json, whose Linux binary comes with it) over one
/// record per study version: the title, summary, body and notes, normalized for Arabic matching, with
/// category, author, unit and year filters and the date as sort key. One index per language.
/// </summary>
public static class SearchIndexer
{
    /// <summary>One record per study version, in the order of their paths; built in parallel (reading the text out of the HTML is most of the work).</summary>
    public static IReadOnlyList<Dictionary<string, object>> Records(SiteModel site, Pages.PagePlanner planner) =>
        site.Articles.OrderBy(a => a.Path, StringComparer.Ordinal)
            .AsParallel()
            .AsOrdered()
            .Select(article => Record(article, site.Config.Digits, planner.Href, planner.Strings.Get(article.Language, "list_separator")))
            .ToList();

    private static Dictionary<string, object> Record(Article article, DigitStyle digits, Func<string, string> href, string listSeparator)
    {
        var lang = article.Language.Code;
        var text = string.Join(' ', [article.Title, article.Summary ?? string.Empty, .. article.KeyPoints, HtmlText.FromHtml(article.Rendered.HtmlUtf8)]);
        var localizer = new Localizer(article.Language, digits);
        return new Dictionary<string, object>
        {
            ["url"] = href(article.Path),
            ["language"] = lang,
            ["content"] = SearchNormalizer.Normalize(text),
            ["meta"] = new Dictionary<string, string>
            {
                ["title"] = article.Title,
                ["date"] = localizer.Date(article.Date),
                ["authors"] = string.Join(listSeparator, article.Authors.Select(a => a.Name.Get(lang))),
            },
            ["filters"] = new Dictionary<string, string[]>
            {
                ["category"] = article.Categories.Select(c => c.Name.Get(lang)).ToArray(),
                ["author"] = article.Authors.Select(a => a.Name.Get(lang)).ToArray(),
                ["unit"] = [article.Unit.Name.Get(lang)],
                ["year"] = [localizer.Number(article.Date.Year.ToString(CultureInfo.InvariantCulture))],
            },
            ["sort"] = new Dictionary<string, string> { ["date"] = article.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
        };
    }

    /// <summary>Writes the index into <paramref name="siteDir"/>/pagefind, installing the pinned package when it is missing.</summary>
    public static SearchOutcome Index(IReadOnlyList<Dictionary<string, object>> records, string siteDir)
    {
        var tooling = FindTooling();
        if (tooling is null)
        {
            return new(false, "search skipped: tools/search-index.mjs and package.json were not found above the program or the current folder.");
        }

        if (!CanRun("node", "--version"))
        {
            return new(false, "search skipped: Node.js is not installed; install Node.js 20 or later (the build then installs Pagefind itself), or pass --no-search.");
        }

        if (!File.Exists(Path.Combine(tooling, "node_modules", "pagefind", "package.json")))
        {
            var (code, output) = Run("npm", ["ci", "--no-audit", "--no-fund"], tooling);
            if (code != 0)
            {
                return new(false, $"search skipped: 'npm ci' failed in {tooling}: {Last(output)}");
            }
        }

        var recordsFile = Path.Combine(Path.GetTempPath(), $"researchsite-search-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(recordsFile, JsonSerializer.Serialize(records));
            var (code, output) = Run("node", [Path.Combine(tooling, "tools", "search-index.mjs"), recordsFile, Path.GetFullPath(siteDir)], tooling);
            return code == 0 ? new(true, Last(output)) : new(false, $"search failed: {Last(output)}");
        }
        finally
        {
            File.Delete(recordsFile);
        }
    }

    private static string? FindTooling()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = start; dir is not null; dir = Path.GetDirectoryName(dir))
            {
                if (File.Exists(Path.Combine(dir, "tools", "search-index.mjs")) && File.Exists(Path.Combine(dir, "package.json")))
                {
                    return dir;
                }
            }
        }

        return null;
    }

    private static bool CanRun(string file, string argument)
    {
        try
        {
            return Run(file, [argument], Environment.CurrentDirectory).Code == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static (int Code, string Output) Run(string file, string[] arguments, string directory)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, (stdout.Result + stderr.Result).Trim());
    }

    private static string Last(string output) => output.Split('\n').LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? string.Empty;
}
