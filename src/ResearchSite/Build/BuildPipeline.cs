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

/// <summary>A build held in memory by `serve`: its files, and what each page showed (to know later which pages may be kept).</summary>
public sealed record InMemorySite(BuildResult Result, IReadOnlyDictionary<string, byte[]> Files, IReadOnlyDictionary<string, string> PageKeys)
{
    /// <summary>The build behind the files, which `serve` patches after an edit; null when the build failed.</summary>
    public PreparedSite? Prepared { get; init; }

    /// <summary>The files this build wrote, when it was a patch; null when it wrote them all.</summary>
    public IReadOnlyCollection<string>? Written { get; init; }
}

/// <summary>
/// The build, phase by phase: read (files → source documents), render (Markdown, in parallel),
/// cross-link (site model, page plan, link check), write (templates in parallel, into a staging
/// folder), swap. <see cref="Check"/> runs every phase but the writing.
/// </summary>
public static partial class BuildPipeline
{
    public static BuildResult Run(BuildOptions options, BuildReporting? reporting = null)
    {
        reporting ??= BuildReporting.None;
        var clock = new PhaseClock(reporting.Progress);
        var diagnostics = new DiagnosticBag();
        if (CheckFolders(options, writes: true) is { } problem)
        {
            diagnostics.Error(CommandLine, 1, 1, problem);
            return Failed(diagnostics, clock);
        }

        var prepared = Prepare(options, null, reporting, diagnostics, clock);
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
            Write(prepared, writer, reporting, diagnostics);
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
                search = SearchIndexer.Index(SearchIndexer.Records(prepared.Site, prepared.Planner.Href), writer.Staging);
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
        var clock = new PhaseClock();
        var diagnostics = new DiagnosticBag();
        var prepared = Prepare(options, null, BuildReporting.None, diagnostics, clock);
        if (prepared is null)
        {
            return Failed(diagnostics, clock);
        }

        Parallel.ForEach(prepared.Pages, page => prepared.Templates.Render(page, page.CreateView(), diagnostics));
        clock.Phase("templates");
        return diagnostics.HasErrors ? Failed(diagnostics, clock) : Succeeded(prepared, diagnostics, clock);
    }

    private static BuildResult Failed(DiagnosticBag diagnostics, PhaseClock clock) =>
        new(false, diagnostics.Sorted(), new Dictionary<string, int>(), clock.Elapsed, clock.Phases);

    private static BuildResult Succeeded(PreparedSite prepared, DiagnosticBag diagnostics, PhaseClock clock)
    {
        var perLanguage = prepared.Pages
            .GroupBy(p => p.Lang)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());
        return new BuildResult(true, diagnostics.Sorted(), perLanguage, clock.Elapsed, clock.Phases);
    }

    private static PreparedSite? Prepare(BuildOptions options, ArticleCache? cache, BuildReporting reporting, DiagnosticBag diagnostics, PhaseClock clock)
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
        if (templates is null || content is null || !templates.Strings.CheckLanguages(content.Site, diagnostics))
        {
            clock.Phase("read");
            return null;
        }

        content = Collisions.WithoutDuplicateArticles(content, diagnostics);
        Collisions.CheckAssets(content, diagnostics);
        if (options.BaseUrl is not null)
        {
            content = content with { Site = content.Site.WithBaseUrl(options.BaseUrl) };
        }

        var setup = Setup(content, templates.Strings, templates.PageIds, options, cache is not null);
        var rendered = ReadAndRender(content, setup, options, cache, reporting, diagnostics, clock);
        clock.Phase("render");

        var site = SiteModelBuilder.Build(content, rendered, diagnostics);
        var planner = new PagePlanner(site, templates.Strings);
        var pages = planner.Plan();
        Collisions.CheckPages(pages, site, diagnostics);
        var links = LinkChecker.Check(site, planner, pages, options, diagnostics);
        clock.Phase("cross-link");
        var assets = AssetManifest.Build(themeAssets, diagnostics);
        return diagnostics.HasErrors
            ? null
            : new PreparedSite(site, planner, pages, templates.WithAssets(assets.Names, site.Config.BaseUrl.AbsolutePath), assets) { Content = content, Render = setup, Links = links };
    }

    /// <summary>The whole build into memory, for `serve`: nothing on disk changes.</summary>
    public static InMemorySite BuildInMemory(BuildOptions options, ArticleCache? cache = null, Func<Page, IReadOnlyDictionary<string, byte[]>?>? reuse = null)
    {
        var clock = new PhaseClock();
        var diagnostics = new DiagnosticBag();
        var prepared = Prepare(options, cache, BuildReporting.None, diagnostics, clock);
        if (prepared is null)
        {
            return new InMemorySite(Failed(diagnostics, clock), new Dictionary<string, byte[]>(), new Dictionary<string, string>());
        }

        var sink = new MemorySink();
        Write(prepared, sink, BuildReporting.None, diagnostics, reuse);
        clock.Phase("write");
        return diagnostics.HasErrors
            ? new InMemorySite(Failed(diagnostics, clock), new Dictionary<string, byte[]>(), new Dictionary<string, string>())
            : new InMemorySite(Succeeded(prepared, diagnostics, clock), sink.Files, prepared.Pages.ToDictionary(p => p.OutputPath, p => p.Key, StringComparer.Ordinal)) { Prepared = prepared };
    }

    private static void Write(PreparedSite prepared, IOutputSink writer, BuildReporting reporting, DiagnosticBag diagnostics, Func<Page, IReadOnlyDictionary<string, byte[]>?>? reuse = null)
    {
        WritePages(prepared, prepared.Pages, writer, reporting, diagnostics, reuse);
        WriteFeeds(prepared, writer);
        writer.WriteText("sitemap.xml", FeedWriter.Sitemap(prepared.Pages, prepared.Planner));
        writer.WriteText("robots.txt", FeedWriter.Robots(prepared.Planner));
        foreach (var asset in prepared.Assets.Files)
        {
            writer.WriteBytes(Path.Combine("assets", asset.TargetName), asset.Content);
        }

        foreach (var file in prepared.Content.Assets)
        {
            try
            {
                writer.CopyFile(file.RealPath, Path.Combine("files", file.Name));
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
            writer.WriteText($"{language.Code}/feed.xml", FeedWriter.Feed(prepared.Site, prepared.Planner, language));
        }
    }

    private static void WritePages(PreparedSite prepared, IReadOnlyList<Page> pages, IOutputSink writer, BuildReporting reporting, DiagnosticBag diagnostics, Func<Page, IReadOnlyDictionary<string, byte[]>?>? reuse)
    {
        var done = 0;
        Parallel.ForEach(pages, page =>
        {
            reporting.Count("pages written", Interlocked.Increment(ref done), pages.Count);

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

            if (view.Body is ArticleView article)
            {
                writer.WriteText(Path.Combine(Path.GetDirectoryName(page.OutputPath)!, "cite.bib"), article.Cite.BibTex);
            }
        });
    }

    /// <summary>The render contexts of each language, and (for a cache) the digest of everything they depend on.</summary>
    private static RenderSetup Setup(LoadedContent content, UiStrings strings, IReadOnlySet<string> pageIds, BuildOptions options, bool digest)
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
                    language == Language.Arabic && site.Digits == DigitStyle.ArabicIndic);
                return new ArticleRenderContext(labels, localizer.Number, targets) { PageIds = pageIds };
            });
        // What every article's rendering depends on besides its own file, as one short digest.
        var dependencies = !digest
            ? string.Empty
            : Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('|',
                site.BaseUrl.AbsolutePath, site.Digits, string.Join(',', site.Languages.Select(l => l.Code)), options.IncludeDrafts,
                string.Join(',', contexts.Values.Select(c => c.Labels)), string.Join(',', targets.Articles.Order()), string.Join(',', pageIds.Order(StringComparer.Ordinal))))));
        return new RenderSetup(contexts, dependencies);
    }

    // Editors change a file's size or time when they save it: an unchanged file is not even read.
    private static string Fingerprint(RenderSetup setup, ArticleFile file, ArticleCache? cache)
    {
        if (cache is null)
        {
            return string.Empty;
        }

        var info = new FileInfo(file.Path);
        return !info.Exists ? string.Empty : $"{setup.Dependencies}|{info.Length}|{info.LastWriteTimeUtc.Ticks}";
    }

    /// <summary>
    /// The read step for the articles (every file, in parallel; with a cache, only those that changed),
    /// then the render step. Each article's Markdown is dropped as soon as it is rendered.
    /// </summary>
    private static IReadOnlyList<RenderedDocument> ReadAndRender(LoadedContent content, RenderSetup setup, BuildOptions options, ArticleCache? cache, BuildReporting reporting, DiagnosticBag diagnostics, PhaseClock clock)
    {
        var files = content.Articles;
        var results = new RenderedDocument?[files.Count];
        var fingerprints = new string[files.Count];
        var toRead = new List<int>();
        cache?.StartRun();
        for (var i = 0; i < files.Count; i++)
        {
            fingerprints[i] = Fingerprint(setup, files[i], cache);
            if (cache is not null && cache.TryGet(files[i].Path, fingerprints[i], out var cached))
            {
                results[i] = cached.Result;
                foreach (var diagnostic in cached.Diagnostics)
                {
                    diagnostics.Add(diagnostic);
                }
            }
            else
            {
                toRead.Add(i);
            }
        }

        var read = ContentLoader.ReadArticles(toRead.Select(i => files[i]).ToList());
        clock.Phase("read");

        var done = 0;
        Parallel.For(0, read.Length, j =>
        {
            reporting.Count("articles rendered", Interlocked.Increment(ref done), read.Length);
            var (file, source, found) = read[j];
            read[j] = null!;
            var local = new DiagnosticBag();
            foreach (var diagnostic in found)
            {
                local.Add(diagnostic);
            }

            var i = toRead[j];
            results[i] = source is null ? null : RenderStep.Render(source, setup.Contexts, options.IncludeDrafts, local);
            var all = local.Sorted();
            foreach (var diagnostic in all)
            {
                diagnostics.Add(diagnostic);
            }

            cache?.MarkChanged(file.Path);
            cache?.Set(file.Path, new ArticleCache.Entry(fingerprints[i], results[i], all));
        });
        cache?.Retain(files.Select(a => a.Path).ToHashSet());
        return results.OfType<RenderedDocument>().ToList();
    }
}
