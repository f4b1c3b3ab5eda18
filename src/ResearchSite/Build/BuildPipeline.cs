using System.Collections.Concurrent;
using System.Diagnostics;
using ResearchSite.Content;
using ResearchSite.Diagnostics;
using ResearchSite.Markdown;
using ResearchSite.Markdown.Links;
using ResearchSite.Markdown.Notes;
using ResearchSite.Output;
using ResearchSite.Pages;
using ResearchSite.Search;
using ResearchSite.Site;
using ResearchSite.Templates;
using ResearchSite.Text;

namespace ResearchSite.Build;

public sealed record BuildOptions(string InputDir, string ThemeDir, string OutputDir, bool IncludeDrafts, Uri? BaseUrl)
{
    /// <summary>Kept across rebuilds by `serve`; null for a one-off build.</summary>
    public ArticleCache? Cache { get; init; }

    /// <summary>Index the site for search with Pagefind after writing it (the CLI's default; off for library callers).</summary>
    public bool Search { get; init; }

    /// <summary>Told about each phase as it ends, for a progress display.</summary>
    public Action<PhaseTiming>? Progress { get; init; }

    /// <summary>Told, now and then, how far the render and write phases are: (phase, done, total).</summary>
    public Action<string, int, int>? Counts { get; init; }
}

/// <summary>A phase's wall time, the managed heap after it, and what it allocated (the garbage collector's work).</summary>
public sealed record PhaseTiming(string Phase, TimeSpan Elapsed, long HeapBytes, long AllocatedBytes);

/// <summary>What a build did: its diagnostics, and on success how many pages of each language it wrote.</summary>
public sealed record BuildResult(
    bool Succeeded,
    IReadOnlyList<Diagnostic> Diagnostics,
    IReadOnlyDictionary<string, int> PagesPerLanguage,
    TimeSpan Elapsed,
    IReadOnlyList<PhaseTiming> Phases)
{
    /// <summary>One line on search indexing (done, or skipped and why), when it was asked for.</summary>
    public string? SearchMessage { get; init; }
}

/// <summary>A build held in memory by `serve`: its files, and what each page showed (to know later which pages may be kept).</summary>
public sealed record InMemorySite(BuildResult Result, IReadOnlyDictionary<string, byte[]> Files, IReadOnlyDictionary<string, string> PageKeys)
{
    /// <summary>The build behind the files, which `serve` patches after an edit; null when the build failed.</summary>
    public PreparedSite? Prepared { get; init; }

    /// <summary>The files this build wrote, when it was a patch; null when it wrote them all.</summary>
    public IReadOnlyCollection<string>? Written { get; init; }
}

/// <summary>
/// Everything a build knows before it writes: the site model and every page to write, and what
/// rendering an article again needs (the content's registries and files, the render contexts).
/// </summary>
public sealed record PreparedSite(SiteModel Site, PagePlanner Planner, IReadOnlyList<Page> Pages, TemplateSet Templates, AssetManifest Assets)
{
    public required LoadedContent Content { get; init; }

    public required RenderSetup Render { get; init; }

    public required LinkChecker Links { get; init; }
}

/// <summary>What every article's rendering needs besides its file, and a digest of it for the cache.</summary>
public sealed record RenderSetup(IReadOnlyDictionary<string, ArticleRenderContext> Contexts, string Dependencies);

/// <summary>
/// The build, phase by phase: read (files → source documents), render (Markdown, in parallel),
/// cross-link (site model, page plan, link check), write (templates in parallel, into a staging
/// folder), swap. <see cref="Check"/> runs every phase but the writing.
/// </summary>
public static partial class BuildPipeline
{
    private static readonly ArticleRenderer Renderer = new();

    private sealed class Clock(Action<PhaseTiming>? progress = null)
    {
        private readonly Stopwatch total = Stopwatch.StartNew();
        private readonly Stopwatch lap = Stopwatch.StartNew();

        public List<PhaseTiming> Phases { get; } = [];

        public TimeSpan Elapsed => total.Elapsed;

        private long allocated = GC.GetTotalAllocatedBytes();

        public void Phase(string name)
        {
            var now = GC.GetTotalAllocatedBytes();
            var timing = new PhaseTiming(name, lap.Elapsed, GC.GetTotalMemory(forceFullCollection: false), now - allocated);
            allocated = now;
            Phases.Add(timing);
            progress?.Invoke(timing);
            lap.Restart();
        }
    }

    public static BuildResult Run(BuildOptions options)
    {
        var clock = new Clock(options.Progress);
        var diagnostics = new DiagnosticBag();
        if (CheckFolders(options, writes: true) is { } problem)
        {
            diagnostics.Error(CommandLine, 1, 1, problem);
            return Failed(diagnostics, clock);
        }

        var prepared = Prepare(options, diagnostics, clock);
        if (prepared is null)
        {
            return Failed(diagnostics, clock);
        }

        SiteWriter.CleanLeftovers(options.OutputDir);
        var writer = SiteWriter.Open(options.OutputDir, [options.InputDir, options.ThemeDir], diagnostics);
        if (writer is null)
        {
            return Failed(diagnostics, clock);
        }

        try
        {
            Write(prepared, options, writer, diagnostics);
            writer.RemoveUnwritten();
            clock.Phase("write");
            if (diagnostics.HasErrors)
            {
                writer.Abandon();
                return Failed(diagnostics, clock);
            }

            // Indexed in the staging folder, so that the swap brings the site and its index together.
            SearchOutcome? search = null;
            if (options.Search)
            {
                search = SearchIndexer.Index(SearchIndexer.Records(prepared.Site, prepared.Planner), writer.Staging);
                clock.Phase("search");
            }

            writer.Commit();
            clock.Phase("swap");
            return Succeeded(prepared, diagnostics, clock) with { SearchMessage = search?.Message };
        }
        catch
        {
            writer.Abandon();
            throw;
        }
    }

    /// <summary>Every validation of the build, templates rendered in memory, nothing written.</summary>
    public static BuildResult Check(BuildOptions options)
    {
        var clock = new Clock();
        var diagnostics = new DiagnosticBag();
        var prepared = Prepare(options, diagnostics, clock);
        if (prepared is null)
        {
            return Failed(diagnostics, clock);
        }

        Parallel.ForEach(prepared.Pages, page => prepared.Templates.Render(page, page.CreateView(), diagnostics));
        clock.Phase("templates");
        return diagnostics.HasErrors ? Failed(diagnostics, clock) : Succeeded(prepared, diagnostics, clock);
    }

    private static BuildResult Failed(DiagnosticBag diagnostics, Clock clock) =>
        new(false, diagnostics.Sorted(), new Dictionary<string, int>(), clock.Elapsed, clock.Phases);

    private static BuildResult Succeeded(PreparedSite prepared, DiagnosticBag diagnostics, Clock clock)
    {
        var perLanguage = prepared.Pages
            .GroupBy(p => p.Lang)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());
        return new BuildResult(true, diagnostics.Sorted(), perLanguage, clock.Elapsed, clock.Phases);
    }

    private static PreparedSite? Prepare(BuildOptions options, DiagnosticBag diagnostics, Clock clock)
    {
        if (CheckFolders(options, writes: false) is { } problem)
        {
            diagnostics.Error(CommandLine, 1, 1, problem);
            return null;
        }

        var templates = TemplateSet.Load(options.ThemeDir, diagnostics);
        var theme = InputFolder.Open(options.ThemeDir, "theme");
        var themeAssets = theme.Walk(Path.Combine(theme.Root, "assets"), diagnostics);
        var content = ContentLoader.Load(options.InputDir, diagnostics);
        clock.Phase("read");
        if (templates is null || content is null)
        {
            return null;
        }

        if (templates.Strings.Resolve(content.Site, diagnostics) is not { } resolved)
        {
            return null;
        }

        content = content with { Site = resolved };

        content = WithoutDuplicates(content, diagnostics);
        CheckCollisions(content.Assets.Select(a => (Routes.InputFile(a.Name), ContentLoader.Display(a.Path))), "files", diagnostics);

        if (options.BaseUrl is not null)
        {
            content = content with { Site = content.Site.WithBaseUrl(options.BaseUrl) };
        }

        var setup = Setup(content, templates.Strings, templates.PageIds, options);
        var rendered = RenderArticles(content, setup, options, diagnostics);
        clock.Phase("render");

        var site = SiteModelBuilder.Build(content, rendered, diagnostics);
        var planner = new PagePlanner(site, templates.Strings, templates.Ids);
        var pages = planner.Plan();
        CheckCollisions(pages, site, diagnostics);
        var links = LinkChecker.Check(site, planner, pages, content.Assets, diagnostics);
        clock.Phase("cross-link");
        var assets = AssetManifest.Build(themeAssets, diagnostics);
        return diagnostics.HasErrors
            ? null
            : new PreparedSite(site, planner, pages, templates.WithAssets(assets.Names, site.Config.BaseUrl.AbsolutePath), assets) { Content = content, Render = setup, Links = links };
    }

    /// <summary>The whole build into memory, for `serve`: nothing on disk changes.</summary>
    public static InMemorySite BuildInMemory(BuildOptions options, Func<Page, IReadOnlyDictionary<string, byte[]>?>? reuse = null)
    {
        var clock = new Clock();
        var diagnostics = new DiagnosticBag();
        var prepared = Prepare(options, diagnostics, clock);
        if (prepared is null)
        {
            return new InMemorySite(Failed(diagnostics, clock), new Dictionary<string, byte[]>(), new Dictionary<string, string>());
        }

        var sink = new MemorySink();
        Write(prepared, options, sink, diagnostics, reuse);
        clock.Phase("write");
        return diagnostics.HasErrors
            ? new InMemorySite(Failed(diagnostics, clock), new Dictionary<string, byte[]>(), new Dictionary<string, string>())
            : new InMemorySite(Succeeded(prepared, diagnostics, clock), sink.Files, prepared.Pages.ToDictionary(p => p.OutputPath, p => p.Key, StringComparer.Ordinal)) { Prepared = prepared };
    }

    private static void Write(PreparedSite prepared, BuildOptions options, IOutputSink writer, DiagnosticBag diagnostics, Func<Page, IReadOnlyDictionary<string, byte[]>?>? reuse = null)
    {
        WritePages(prepared, prepared.Pages, options, writer, diagnostics, reuse);
        WriteFeeds(prepared, writer);
        writer.WriteText(Routes.Sitemap, FeedWriter.Sitemap(prepared.Pages, prepared.Planner));
        writer.WriteText(Routes.Robots, FeedWriter.Robots(prepared.Planner));
        foreach (var asset in prepared.Assets.Files)
        {
            writer.WriteBytes(Routes.ThemeAsset(asset.TargetName), asset.Content);
        }

        foreach (var file in prepared.Content.Assets)
        {
            try
            {
                writer.CopyFile(file.RealPath, Routes.InputFile(file.Name));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                diagnostics.Error(ContentLoader.Display(file.Path), 1, 1, $"the file cannot be copied into the site ({e.Message}).");
            }
        }
    }

    private static void WriteFeeds(PreparedSite prepared, IOutputSink writer)
    {
        foreach (var language in prepared.Site.Config.Languages)
        {
            writer.WriteText(Routes.Feed(language), FeedWriter.Feed(prepared.Site, prepared.Planner, language));
        }
    }

    private static void WritePages(PreparedSite prepared, IReadOnlyList<Page> pages, BuildOptions options, IOutputSink writer, DiagnosticBag diagnostics, Func<Page, IReadOnlyDictionary<string, byte[]>?>? reuse)
    {
        var done = 0;
        Parallel.ForEach(pages, page =>
        {
            Report(options, "pages written", Interlocked.Increment(ref done), pages.Count);

            // `serve` hands back the files of a page that nothing it depends on has touched.
            if (reuse?.Invoke(page) is { } kept)
            {
                foreach (var (path, content) in kept)
                {
                    writer.Keep(path, content);
                }

                return;
            }

            var view = page.CreateView();
            var html = prepared.Templates.Render(page, view, diagnostics);
            if (html.Length > 0)
            {
                writer.WriteBytes(page.OutputPath, html);
            }

            foreach (var (file, content) in Routes.CompanionsOf(page, view))
            {
                writer.WriteBytes(file, content);
            }
        });
    }

    /// <summary>The render contexts of each language, and the digest of everything they depend on.</summary>
    private static RenderSetup Setup(LoadedContent content, UiStrings strings, IReadOnlySet<string> pageIds, BuildOptions options)
    {
        var site = content.Site;
        var targets = new LinkTargets(
            site.BaseUrl.AbsolutePath,
            content.Articles.Select(a => (a.Language, a.Slug)).ToHashSet());
        var contexts = site.Languages.ToDictionary(
            l => l.Code,
            language =>
            {
                var localizer = new Localizer(language, site.Digits);
                var labels = new NoteLabels(
                    strings.Get(language, "notes"),
                    strings.Get(language, "note"),
                    strings.Get(language, "back_to_reference"),
                    localizer.NativeDigits ? language.Digits : null);
                return new ArticleRenderContext(labels, localizer.Number, targets) { PageIds = pageIds, Scripts = Markdown.Scripts.ScriptIsolation.For(language, site.Languages) };
            });
        // What every article's rendering depends on besides its own file, as one short digest.
        var dependencies = options.Cache is null
            ? string.Empty
            : Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('|',
                site.BaseUrl.AbsolutePath, site.Digits, string.Join(',', site.Languages.Select(l => l.Code)), options.IncludeDrafts,
                string.Join(',', contexts.Values.Select(c => (c.Labels, c.Scripts))), string.Join(',', targets.Articles.Order()), string.Join(',', pageIds.Order(StringComparer.Ordinal))))));
        return new RenderSetup(contexts, dependencies);
    }

    // Editors change a file's size or time when they save it: an unchanged file is not even read.
    private static string Fingerprint(RenderSetup setup, ArticleFile file, BuildOptions options)
    {
        var info = new FileInfo(file.Path);
        return options.Cache is null || !info.Exists ? string.Empty : $"{setup.Dependencies}|{info.Length}|{info.LastWriteTimeUtc.Ticks}";
    }

    /// <summary>
    /// Reads, parses and renders every article file, in parallel; each file's Markdown lives only as long
    /// as its own step. With a cache, unchanged files are not read twice.
    /// </summary>
    private static IReadOnlyList<RenderedDocument> RenderArticles(LoadedContent content, RenderSetup setup, BuildOptions options, DiagnosticBag diagnostics)
    {
        var results = new RenderedDocument?[content.Articles.Count];
        options.Cache?.StartRun();
        var done = 0;
        Parallel.For(0, content.Articles.Count, i =>
        {
            Report(options, "articles read and rendered", Interlocked.Increment(ref done), content.Articles.Count);
            var file = content.Articles[i];

            var fingerprint = Fingerprint(setup, file, options);
            if (options.Cache is not null && options.Cache.TryGet(file.Path, fingerprint, out var cached))
            {
                results[i] = cached.Result;
                foreach (var diagnostic in cached.Diagnostics)
                {
                    diagnostics.Add(diagnostic);
                }

                return;
            }

            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(file.Path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                diagnostics.Error(ContentLoader.Display(file.Path), 1, 1, $"the file cannot be read: {e.Message}");
                return;
            }

            options.Cache?.MarkChanged(file.Path);
            var local = new DiagnosticBag();
            results[i] = RenderArticle(file, bytes, setup.Contexts, options.IncludeDrafts, local);
            var found = local.Sorted();
            foreach (var diagnostic in found)
            {
                diagnostics.Add(diagnostic);
            }

            options.Cache?.Set(file.Path, new ArticleCache.Entry(fingerprint, results[i], found));
        });
        options.Cache?.Retain(content.Articles.Select(a => a.Path).ToHashSet());
        return results.OfType<RenderedDocument>().ToList();
    }

    private static RenderedDocument? RenderArticle(ArticleFile file, byte[] bytes, IReadOnlyDictionary<string, ArticleRenderContext> contexts, bool includeDrafts, DiagnosticBag diagnostics)
    {
        var source = ContentLoader.ReadArticle(file, bytes, diagnostics);
        if (source is null || (source.FrontMatter.Draft && !includeDrafts))
        {
            return null;
        }

        if (!contexts.TryGetValue(source.Language, out var context))
        {
            diagnostics.Error(source.File, 1, 1, $"the language '{source.Language}' is not in 'languages' of site.yml; add it there or move the article.");
            return null;
        }

        try
        {
            return new RenderedDocument(source with { Body = string.Empty }, Renderer.Render(source, context, diagnostics));
        }
        catch (NestingTooDeepException e)
        {
            diagnostics.Error(source.File, source.BodyStartLine + e.Line, e.Column + 1, e.Message);
            return null;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IndexOutOfRangeException or NullReferenceException or FormatException)
        {
            // Markdig refuses pathological input (e.g. thousands of nested quotes) by throwing.
            diagnostics.Error(source.File, source.BodyStartLine, 1, $"the Markdown of this article cannot be rendered: {e.Message} Simplify the nesting of emphasis (*, _), brackets, quotes and lists.");
            return null;
        }
    }

    private static void Report(BuildOptions options, string what, int done, int total)
    {
        if (options.Counts is { } counts && (done % 250 == 0 || done == total))
        {
            counts(what, done, total);
        }
    }

    /// <summary>Two pages that would write the same file (also on case-insensitive file systems) fail the build.</summary>
    private static void CheckCollisions(IReadOnlyList<Page> pages, SiteModel site, DiagnosticBag diagnostics)
    {
        var sources = site.Articles.ToDictionary(a => Routes.FileOf(a.Path), a => a.File, StringComparer.Ordinal);
        CheckCollisions(pages.Select(p => (p.OutputPath, sources.GetValueOrDefault(p.OutputPath) ?? p.OutputPath)), "pages", diagnostics);
    }

    /// <summary>Two sources that would be written to the same file of the site (also on case-insensitive file systems) fail the build.</summary>
    private static void CheckCollisions(IEnumerable<(string Target, string Source)> outputs, string what, DiagnosticBag diagnostics)
    {
        foreach (var group in outputs.GroupBy(o => o.Target.Normalize().ToLowerInvariant()).Where(g => g.Count() > 1))
        {
            var files = group.Select(o => o.Source).ToList();
            var lookAlike = files.Select(f => f.Normalize()).Distinct(StringComparer.Ordinal).Count() < files.Distinct(StringComparer.Ordinal).Count()
                ? " (their names look the same but are encoded differently, one with composed and one with decomposed accents, as macOS writes them: retype one)"
                : string.Empty;
            diagnostics.Error(files[^1], 1, 1, $"two {what} would be written to {group.Key}: {string.Join(" and ", files)}{lookAlike}; rename one of them.");
        }
    }

    /// <summary>
    /// Article files that are one page: names that differ only in Unicode normalization (café.md typed
    /// on Linux and saved on macOS) give the same slug. Reported as the collision they are, and only the
    /// first is kept, so that the model holds one article per language and slug.
    /// </summary>
    private static LoadedContent WithoutDuplicates(LoadedContent content, DiagnosticBag diagnostics)
    {
        var duplicates = content.Articles.GroupBy(a => (a.Language, a.Slug)).Where(g => g.Count() > 1).SelectMany(g => g).ToList();
        if (duplicates.Count == 0)
        {
            return content;
        }

        CheckCollisions(duplicates.Select(a => (Routes.FileOf(Article.PathOf(a.Language, a.Slug)), ContentLoader.Display(a.Path))), "pages", diagnostics);
        return content with { Articles = content.Articles.DistinctBy(a => (a.Language, a.Slug)).ToList() };
    }
}
