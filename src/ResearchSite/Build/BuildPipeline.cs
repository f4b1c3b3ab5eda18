using System.Collections.Concurrent;
using System.Diagnostics;
using ResearchSite.Content;
using ResearchSite.Diagnostics;
using ResearchSite.Markdown;
using ResearchSite.Markdown.Notes;
using ResearchSite.Output;
using ResearchSite.Pages;
using ResearchSite.Site;
using ResearchSite.Templates;
using ResearchSite.Text;

namespace ResearchSite.Build;

public sealed record BuildOptions(string InputDir, string ThemeDir, string OutputDir, bool IncludeDrafts, Uri? BaseUrl);

public sealed record PhaseTiming(string Phase, TimeSpan Elapsed);

/// <summary>What a build did: its diagnostics, and on success how many pages of each language it wrote.</summary>
public sealed record BuildResult(
    bool Succeeded,
    IReadOnlyList<Diagnostic> Diagnostics,
    IReadOnlyDictionary<string, int> PagesPerLanguage,
    int TotalFiles,
    TimeSpan Elapsed,
    IReadOnlyList<PhaseTiming> Phases);

/// <summary>
/// The build, phase by phase: read (files → source documents), render (Markdown, in parallel),
/// cross-link (site model), plan pages, write (templates in parallel, into a staging folder), swap.
/// </summary>
public static class BuildPipeline
{
    private static readonly ArticleRenderer Renderer = new();

    public static BuildResult Run(BuildOptions options)
    {
        var clock = Stopwatch.StartNew();
        var phases = new List<PhaseTiming>();
        var diagnostics = new DiagnosticBag();
        var lap = Stopwatch.StartNew();

        void Phase(string name)
        {
            phases.Add(new PhaseTiming(name, lap.Elapsed));
            lap.Restart();
        }

        BuildResult Failed() => new(false, diagnostics.Sorted(), new Dictionary<string, int>(), 0, clock.Elapsed, phases);

        var templates = TemplateSet.Load(options.ThemeDir, diagnostics);
        var content = ContentLoader.Load(options.InputDir, options.IncludeDrafts, diagnostics);
        Phase("read");
        if (templates is null || content is null)
        {
            return Failed();
        }

        if (options.BaseUrl is not null)
        {
            content = content with { Site = content.Site.WithBaseUrl(options.BaseUrl) };
        }

        var rendered = RenderArticles(content, templates.Strings, diagnostics);
        Phase("render");

        var site = SiteModelBuilder.Build(content, rendered, diagnostics);
        var planner = new PagePlanner(site, templates.Strings);
        var pages = planner.Plan();
        CheckCollisions(pages, site, diagnostics);
        Phase("cross-link");
        if (diagnostics.HasErrors)
        {
            return Failed();
        }

        SiteWriter.CleanLeftovers(options.OutputDir);
        var writer = SiteWriter.Open(options.OutputDir, [options.InputDir, options.ThemeDir, Environment.CurrentDirectory], diagnostics);
        if (writer is null)
        {
            return Failed();
        }

        try
        {
            Parallel.ForEach(pages, page =>
            {
                var html = templates.Render(page, diagnostics);
                if (html.Length > 0)
                {
                    writer.WriteText(page.OutputPath, html);
                }
            });
            foreach (var language in site.Config.Languages)
            {
                writer.WriteText($"{language.Code}/feed.xml", FeedWriter.Feed(site, planner, language));
            }

            writer.WriteText("sitemap.xml", FeedWriter.Sitemap(pages, planner));
            writer.WriteText("robots.txt", FeedWriter.Robots(planner));
            writer.CopyTree(Path.Combine(options.ThemeDir, "assets"), "assets");
            writer.CopyTree(Path.Combine(options.InputDir, "assets"), "files");
            Phase("write");
            if (diagnostics.HasErrors)
            {
                writer.Abandon();
                return Failed();
            }

            writer.Commit();
            Phase("swap");
        }
        catch
        {
            writer.Abandon();
            throw;
        }

        var perLanguage = pages
            .GroupBy(p => p.View.Lang)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());
        return new BuildResult(true, diagnostics.Sorted(), perLanguage, pages.Count + site.Config.Languages.Count + 2, clock.Elapsed, phases);
    }

    private static IReadOnlyDictionary<SourceDocument, RenderedArticle> RenderArticles(LoadedContent content, UiStrings strings, DiagnosticBag diagnostics)
    {
        var results = new ConcurrentDictionary<SourceDocument, RenderedArticle>();
        Parallel.ForEach(content.Articles, source =>
        {
            var language = Language.Find(source.Language)!;
            var localizer = new Localizer(language, content.Site.Digits);
            var labels = new NoteLabels(
                strings.Get(language, "notes"),
                strings.Get(language, "note"),
                strings.Get(language, "back_to_reference"),
                language == Language.Arabic && content.Site.Digits == DigitStyle.ArabicIndic);
            results[source] = Renderer.Render(source, labels, localizer.Number, diagnostics);
        });
        return results;
    }

    /// <summary>Two pages that would write the same file (also on case-insensitive file systems) fail the build.</summary>
    private static void CheckCollisions(IReadOnlyList<Page> pages, SiteModel site, DiagnosticBag diagnostics)
    {
        var sources = site.Articles.ToDictionary(a => a.Path + "index.html", a => a.Source.File, StringComparer.Ordinal);
        foreach (var group in pages.GroupBy(p => p.OutputPath.Normalize().ToLowerInvariant()).Where(g => g.Count() > 1))
        {
            var files = group.Select(p => sources.GetValueOrDefault(p.OutputPath) ?? p.OutputPath).ToList();
            diagnostics.Error(files[^1], 1, 1, $"two pages would be written to {group.Key}: {string.Join(" and ", files)}; rename one of them.");
        }
    }
}
