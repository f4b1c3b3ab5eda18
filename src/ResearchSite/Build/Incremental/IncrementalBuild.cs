using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using ResearchSite.Content;
using ResearchSite.Diagnostics;
using ResearchSite.Markdown;
using ResearchSite.Markdown.Links;
using ResearchSite.Markdown.Notes;
using ResearchSite.Output;
using ResearchSite.Pages;
using ResearchSite.Site;
using ResearchSite.Templates;
using ResearchSite.Text;

namespace ResearchSite.Build.Incremental;

/// <summary>
/// The build, whole or after an edit: it takes the last site (none for a whole build) and the paths that
/// changed since, and returns the next site, the same, byte for byte, as a whole build of the same files.
/// `build` is its first step, written into the staging folder; `serve` takes a step on every save. It is
/// the one place that decides what an edit invalidates:
/// <list type="bullet">
/// <item>the theme (templates, strings.yml, assets) is read again when a file of it changed, the settings,
/// registries and lists of files when site.yml, data/, articles/ or assets/ changed; the rest is kept;</item>
/// <item>an article is read and rendered again when its file changed, or when what every rendering depends
/// on changed (settings, interface words, the theme's ids, the set of studies it may link to);</item>
/// <item>when only articles changed and each still stands where it stood in every listing (same people, unit,
/// categories and date), the last site is patched: only their pages are made again (and the listings that show
/// them when a title, summary or tags changed), and only their links and the links into them are checked;</item>
/// <item>otherwise the site is cross-linked and planned again, and a page is made again unless the same page
/// of the last site shows the same (<see cref="Page.Key"/>), none of its studies changed and neither did the
/// theme or the settings.</item>
/// </list>
/// </summary>
public sealed class IncrementalBuild(BuildOptions options, BuildReporting? reporting = null) : IDisposable
{
    /// <summary>The changed paths to pass when nobody knows what changed: everything is looked at (file stamps tell).</summary>
    public static readonly IReadOnlyCollection<string>? Everything;

    private static readonly IReadOnlyDictionary<string, byte[]> NoFiles = new Dictionary<string, byte[]>();

    private readonly BuildReporting reporting = reporting ?? BuildReporting.None;

    /// <summary>Figures' variants and social cards, kept in the cache folder between builds.</summary>
    private readonly Images.ImageStore images = new(options.CacheDir, options.ThemeDir);

    /// <summary>How many images (variants, cards) this build encoded rather than took from the cache.</summary>
    public int ImagesEncoded => images.Encoded;

    /// <summary>Told of the articles as they are rendered (search), or null.</summary>
    public IRenderWatcher? Watcher { get; init; }

    /// <summary>How many threads render and write pages at most (-1: as many as the runtime sees fit).</summary>
    public int Workers { get; init; } = -1;

    // One for the engine's life: `serve` keeps its Typst processes from one step to the next.
    private readonly Lazy<(Pdf.Typesetter? Typesetter, string? Problem)> typesetter =
        new(() => Pdf.Typesetter.Open(options.ThemeDir, options.CacheDir is { } cache ? Path.Combine(Path.GetFullPath(cache), "pdf") : Pdf.Typesetter.CacheOf(options.OutputDir)));

    private Pdf.PdfEdition? pdfs;

    /// <summary>
    /// Whether the rendered bodies wait for their pages in a temporary file rather than in memory: for a build
    /// that writes each page once and ends (`build`, `check`), not for one that keeps its site for the next
    /// edit and renders pages on request (`serve`).
    /// </summary>
    public bool SpillsBodies { get; init; }

    private SpillFile? spill;

    /// <summary>The studies' PDF edition (see <see cref="BuildOptions.Pdf"/>).</summary>
    public Pdf.PdfEdition Pdfs => pdfs ??= new Pdf.PdfEdition(options.Pdf, typesetter);

    /// <summary>`check`: whether the PDF template typesets (as `build` would find), when Node.js can run it here.</summary>
    internal void CheckPdfTemplate(DiagnosticBag diagnostics)
    {
        if (typesetter.Value.Typesetter is { } setter)
        {
            Pdf.PdfEdition.TemplateTypesets(setter, diagnostics);
        }
    }

    public void Dispose()
    {
        spill?.Dispose();
        if (typesetter.IsValueCreated)
        {
            typesetter.Value.Typesetter?.Dispose();
        }
    }

    /// <summary>One step into memory: read, render, cross-link and write what changed since <paramref name="previous"/>.</summary>
    public BuiltSite Next(BuiltSite? previous, IReadOnlyCollection<string>? changed) => Write(Prepare(previous, changed), sink: null);

    /// <summary>
    /// Reads, renders and cross-links what changed since <paramref name="previous"/> (everything when it is
    /// null or <paramref name="changed"/> is <see cref="Everything"/>), and decides which pages to make again.
    /// </summary>
    public BuildStep Prepare(BuiltSite? previous, IReadOnlyCollection<string>? changed)
    {
        var basis = previous?.Good;
        var edit = basis?.Inputs is not { } known || changed is null
            ? Edit.All
            : Edit.Of(changed, options.InputDir, options.ThemeDir, known.Articles.ContainsKey);
        if (previous is not null && edit.IsEmpty)
        {
            // Only editors' temporary files came and went, or files the build never reads.
            return new BuildStep(previous);
        }

        if (previous is { Succeeded: false } && basis is not null)
        {
            // A failed step built nothing: what it was given is built again, with what came since.
            edit = previous.Pending.With(edit);
        }

        var clock = new PhaseClock(reporting.Progress);
        var diagnostics = new DiagnosticBag();
        if (BuildPipeline.CheckFolders(options, writes: false) is { } problem)
        {
            diagnostics.Error(BuildPipeline.CommandLine, 1, 1, problem);
            return Fail(basis, edit, diagnostics, clock);
        }

        var prepared = basis?.Prepared;
        var inputs = basis?.Inputs;
        var whole = prepared is null || inputs is null || edit.Everything;
        var readTheme = whole || edit.Theme;
        var readContent = whole || edit.Settings || edit.Files;

        // Taken before reading, so that a file written while it is read differs from it next time.
        var stamp = readTheme || edit.Settings ? SharedStamp() : inputs!.SharedStamp;
        var shared = inputs is null || edit.Theme || edit.Settings || stamp != inputs.SharedStamp;

        var templates = prepared?.Templates;
        var assets = prepared?.Assets;
        var themeDiagnostics = inputs?.ThemeDiagnostics ?? [];

        // The theme and the content share nothing until the render setup: the theme is read on another
        // thread while this one reads the settings, registries and lists of files. Each has its own bag,
        // sorted, so the diagnostics do not depend on which finished first.
        var themeRead = readTheme ? Task.Run(() =>
        {
            var bag = new DiagnosticBag();
            var set = TemplateSet.Load(options.ThemeDir, bag);
            var theme = InputFolder.Open(options.ThemeDir, "theme");
            var manifest = AssetManifest.Build(theme.Walk(Path.Combine(theme.Root, "assets"), bag), bag);
            return (set, manifest, bag.Sorted());
        }) : null;

        var content = prepared?.Content;
        var contentDiagnostics = inputs?.ContentDiagnostics ?? [];
        if (readContent)
        {
            var bag = new DiagnosticBag();
            var loaded = ReadContent(bag);
            contentDiagnostics = bag.Sorted();

            // The same files as before (the walk met only a temporary file): the model stays as it is.
            content = loaded is not null && content is not null && !whole && !edit.Settings && SameFiles(loaded, content) ? content : loaded;
        }

        if (themeRead is not null)
        {
            (templates, assets, themeDiagnostics) = themeRead.GetAwaiter().GetResult();
            images.ThemeRead();
        }

        foreach (var diagnostic in themeDiagnostics.Concat(contentDiagnostics))
        {
            diagnostics.Add(diagnostic);
        }

        // The site's language codes get the theme's definitions of them (direction, culture, digits, names).
        if (templates is null || assets is null || content is null || templates.Strings.Resolve(content.Site, diagnostics) is not { } resolved)
        {
            clock.Phase("read");
            return Fail(basis, edit, diagnostics, clock);
        }

        // A model kept from the last step is resolved already, and kept as the same object: the short path
        // below knows an unchanged model by reference.
        if (readTheme || !ReferenceEquals(content, prepared?.Content))
        {
            content = content with { Site = resolved };
        }

        var setup = readTheme || readContent ? Setup(content, templates.Strings, templates.PageIds) : prepared!.Render;
        if (prepared is not null && setup.Dependencies == prepared.Render.Dependencies)
        {
            setup = prepared.Render;
        }

        // Read: the articles that changed, or all of them when what their rendering depends on did.
        var entries = inputs?.Articles ?? new Dictionary<string, ArticleEntry>();
        // With the same files, settings and theme as the last step, every entry but the edited ones is still what
        // its file renders to (that step read again any that was not): only the edited files are looked at.
        var sameInputs = ReferenceEquals(content, prepared?.Content) && ReferenceEquals(setup, prepared?.Render) && !edit.Everything && !edit.Assets;
        var toRead = sameInputs ? content.Articles.Where(f => edit.Articles.Contains(f.Path)).ToList() : content.Articles
            .Where(f => !entries.TryGetValue(f.Path, out var entry)
                || entry.Dependencies != setup.Dependencies
                || edit.Articles.Contains(f.Path)
                || (edit.Everything && entry.Stamp != FileStamp.Of(f.Path))
                || ((edit.Everything || edit.Assets) && ImagesChanged(entry)))
            .ToList();
        Watcher?.Rendering(content, templates.Strings, toRead.Count);
        var fresh = ReadAndRender(toRead, setup, clock);

        ImmutableDictionary<string, ArticleEntry> next;
        ImmutableDictionary<string, IReadOnlyList<Diagnostic>> found;
        if (ReferenceEquals(content, prepared?.Content) && entries is ImmutableDictionary<string, ArticleEntry> kept)
        {
            // The same files as the last step: its entries, with those read again in their places.
            next = kept.SetItems(fresh);
            found = inputs!.ArticleDiagnostics;
            foreach (var (path, entry) in fresh)
            {
                found = entry.Diagnostics.Count > 0 ? found.SetItem(path, entry.Diagnostics) : found.Remove(path);
            }
        }
        else
        {
            var builder = ImmutableDictionary.CreateBuilder<string, ArticleEntry>(StringComparer.Ordinal);
            foreach (var file in content.Articles)
            {
                builder[file.Path] = fresh.GetValueOrDefault(file.Path) ?? entries[file.Path];
            }

            next = builder.ToImmutable();
            found = next.Where(e => e.Value.Diagnostics.Count > 0).ToImmutableDictionary(e => e.Key, e => e.Value.Diagnostics, StringComparer.Ordinal);
        }

        foreach (var diagnostic in found.Values.SelectMany(d => d))
        {
            diagnostics.Add(diagnostic);
        }

        clock.Step("entries");

        var step = new BuildStep(diagnostics, clock)
        {
            Basis = basis,
            Since = edit,
            Inputs = new SiteInputs(themeDiagnostics, contentDiagnostics, next, stamp) { ArticleDiagnostics = found },
            Rendered = toRead.Select(f => f.Path).ToList(),
            AssetsChanged = basis is null || edit.Everything || edit.Assets,
        };

        if (basis is not null && prepared is not null && !edit.Everything && !shared && ReferenceEquals(content, prepared.Content) && ReferenceEquals(setup, prepared.Render))
        {
            // The errors of the edited files are what the author needs, at once: no cross-linking for them.
            if (diagnostics.HasErrors)
            {
                return Fail(basis, edit, diagnostics, clock);
            }

            if (toRead.Count == 0 && !edit.Assets && contentDiagnostics.SequenceEqual(inputs!.ContentDiagnostics))
            {
                return new BuildStep(ReferenceEquals(previous, basis) ? basis : basis with { Changed = [], Written = [], Rendered = [], Patched = true });
            }

            if (Patch(step, prepared, toRead.Select(f => next[f.Path]).ToList()) is { } patched)
            {
                return patched;
            }
        }

        return CrossLink(step, content, content.Articles.Select(f => next[f.Path].Rendered).OfType<RenderedDocument>().ToList(), setup, templates, assets, shared);
    }

    /// <summary>
    /// Writes the step: into <paramref name="sink"/> (the staging folder, or nothing for `check`), or into
    /// memory when it is null, where the files of pages that nothing changed are the last site's own.
    /// </summary>
    public BuiltSite Write(BuildStep step, IOutputSink? sink, string phase = "write")
    {
        if (step.Done is { } done)
        {
            return done;
        }

        var prepared = step.Prepared!;
        var diagnostics = step.Diagnostics;
        var last = SiteFiles.Of(step.Basis?.Files ?? NoFiles);
        var before = last.Made;
        var memory = sink is null ? new MemorySink() : null;
        var output = sink ?? memory!;
        string? pdfMessage = null;
        if (options.Pdf == PdfMode.Typeset)
        {
            // Typeset before the pages are written: each page links its PDF with its size.
            var making = step.Pages.Where(p => p.Template == Routes.ArticleLayout && !step.Keeps(p)).Select(p => Routes.PathOf(p.OutputPath)).ToHashSet(StringComparer.Ordinal);
            var articles = prepared.Site.Articles.Where(a => making.Contains(a.Path)).ToList();
            pdfMessage = Pdfs.TypesetAll(articles, prepared, diagnostics, everyStudy: step.Basis is null && making.Count == articles.Count);
            step.Clock.Phase("pdf");
        }

        var count = 0;
        var parts = new PageParts();
        using var caching = prepared.Planner.CachingViews();
        Parallel.ForEach(step.Pages, new ParallelOptions { MaxDegreeOfParallelism = Workers }, page =>
        {
            reporting.Count("pages written", Interlocked.Increment(ref count), step.Pages.Count);
            if (step.Keeps(page) && Kept(page, last, output, memory))
            {
                return;
            }

            var part = parts.Start();
            var view = page.CreateView();
            part = parts.End(PageParts.Views, part);
            var html = prepared.Templates.Render(page, view, diagnostics);
            part = parts.End(PageParts.Templates, part);
            using var filing = new PageParts.Ending(parts, PageParts.Files, part);
            if (html.Length > 0 && memory is not null)
            {
                memory.WritePage(page.OutputPath, html);
            }
            else if (html.Length > 0)
            {
                output.WriteBytes(page.OutputPath, html);
            }

            if (output.Discards)
            {
                // `check`: no card drawn, no image encoded for nothing.
                return;
            }

            foreach (var (file, content) in Routes.CompanionsOf(page, view))
            {
                output.WriteBytes(file, content);
            }

            foreach (var (file, content) in Routes.PageFilesOf(page))
            {
                try
                {
                    if (memory is not null)
                    {
                        var (source, line, column) = content.Origin ?? (file, 1, 1);
                        memory.Defer(file, new DeferredFile(content.Key, new Lazy<byte[]>(() =>
                        {
                            try
                            {
                                return content.Content();
                            }
                            catch (Images.ImageEncodingException e)
                            {
                                throw new FileNotMadeException(new Diagnostic(Severity.Error, source, line, column, EncodingFailed(e, file)), e);
                            }
                        })));
                    }
                    else if (content.Stored?.Invoke() is { } stored)
                    {
                        output.LinkFile(stored, file);
                    }
                    else
                    {
                        output.WriteBytes(file, content.Content());
                    }
                }
                catch (Images.ImageEncodingException e)
                {
                    var (source, line, column) = content.Origin ?? (file, 1, 1);
                    diagnostics.Error(source, line, column, EncodingFailed(e, file));
                }
            }
        });
        caching.Dispose();
        step.Clock.Step("pages");
        step.Clock.PageParts = parts.ToString();

        foreach (var language in prepared.Site.Config.Languages)
        {
            output.WriteBytes(Routes.Feed(language), FeedWriter.Feed(prepared.Site, prepared.Planner, language).Span);
        }

        step.Clock.Step("feeds");

        if (!step.Patch)
        {
            output.WriteBytes(Routes.Sitemap, FeedWriter.Sitemap(prepared.Pages, prepared.Planner).Span);
            output.WriteText(Routes.Robots, FeedWriter.Robots(prepared.Planner));
            if (FeedWriter.Redirects(prepared.Site, prepared.Planner) is { } redirects)
            {
                output.WriteText(Routes.Redirects, redirects);
            }
            foreach (var asset in prepared.Assets.Files)
            {
                output.Keep(Routes.ThemeAsset(asset.TargetName), asset.Content);
            }
        }

        if (!step.Patch || step.AssetsChanged)
        {
            foreach (var file in prepared.Content.Assets)
            {
                var target = Routes.InputFile(file.Name);
                if (!step.AssetsChanged && before.TryGetValue(target, out var copied))
                {
                    output.Keep(target, copied);
                    continue;
                }

                try
                {
                    if (images.PublishedFile(file.RealPath) is { } published)
                    {
                        if (published == file.RealPath)
                        {
                            output.CopyFile(published, target);
                        }
                        else
                        {
                            output.LinkFile(published, target);
                        }
                    }
                    else
                    {
                        output.WriteBytes(target, images.Published(file.RealPath));
                    }
                }
                catch (Exception e) when ((e is FileNotFoundException or DirectoryNotFoundException) && !File.Exists(file.Path))
                {
                    // Deleted since the folder was listed (`rm -rf` while serve rebuilds): it is not part of
                    // the site any more, and the watcher's next event builds without it.
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    diagnostics.Error(ContentLoader.Display(file.Path), 1, 1, $"the file cannot be copied into the site ({e.Message}).");
                }
                catch (Images.ImageEncodingException e)
                {
                    diagnostics.Error(ContentLoader.Display(file.Path), 1, 1, EncodingFailed(e, target));
                }
            }
        }

        step.Clock.Step("site files");
        step.Clock.Phase(phase);
        if (diagnostics.HasErrors)
        {
            return Failed(step.Basis, step.Since, diagnostics, step.Clock);
        }

        // A patch shares the last site's tables and changes only its own entries (copying tables of the whole
        // archive at every save cost more than the save's own pages, and left large garbage behind).
        var index = step.Index ?? PageIndex.Of(prepared.Pages);
        IReadOnlyDictionary<string, byte[]> files = memory is null ? NoFiles
            : new SiteFiles(
                step.Patch ? Merge(before, memory.Files) : memory.Files.ToImmutableDictionary(StringComparer.Ordinal),
                step.Patch ? Merge(last.Deferred, memory.Deferred) : memory.Deferred.ToImmutableDictionary(StringComparer.Ordinal),
                step.Patch ? Merge(last.Pages, memory.Pages) : memory.Pages.ToImmutableDictionary(StringComparer.Ordinal),
                Renderer(prepared, index));
        step.Clock.Step("files");
        var written = memory?.Written ?? [];
        var changedFiles = memory is null ? [] : Differences(last, (SiteFiles)files, step.Patch ? written.Concat(memory.Deferred.Keys).ToList() : null);
        step.Clock.Step("changes");
        // A patch keeps every page where it was, so the counts stand.
        var perLanguage = step.Patch ? step.Basis!.Result.PagesPerLanguage : prepared.Pages
            .GroupBy(p => p.Lang)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());
        return new BuiltSite
        {
            Result = new BuildResult(true, diagnostics.Sorted(), perLanguage, step.Clock.Elapsed, step.Clock.Phases.ToList()) { PdfMessage = pdfMessage, Steps = step.Clock.Steps.ToList(), PageParts = step.Clock.PageParts },
            Prepared = prepared,
            Files = files,
            Changed = changedFiles,
            Written = written,
            Rendered = step.Rendered,
            Patched = step.Patch,
            Inputs = step.Inputs,
            Index = memory is null ? null : index,
        };
    }

    /// <summary>
    /// The short way: the edited articles patched into the last site, when each still stands where it stood
    /// in every listing. Null when one does not (or became a draft): the site is then cross-linked again.
    /// </summary>
    private BuildStep? Patch(BuildStep step, PreparedSite prepared, IReadOnlyList<ArticleEntry> edited)
    {
        var local = new DiagnosticBag();
        var changed = new List<Article>();
        var relisted = false;
        foreach (var entry in edited)
        {
            if (entry.Rendered is not { } rendered
                || prepared.Site.Studies.FirstOrDefault(s => s.Slug == rendered.Source.Slug)?.Versions.Values.FirstOrDefault(v => v.File == rendered.Source.File) is not { } old)
            {
                return null;
            }

            var article = SiteModelBuilder.Resolve(rendered.Source, prepared.Content.Site.Languages, prepared.Content.Registries, rendered.Rendered, local);
            if (article is null)
            {
                continue;
            }

            if (!StandsAsBefore(article, old))
            {
                return null;
            }

            relisted |= !ListedAsBefore(article, old);
            changed.Add(article);
        }

        var diagnostics = step.Diagnostics;
        foreach (var diagnostic in local.Sorted())
        {
            diagnostics.Add(diagnostic);
        }

        if (diagnostics.HasErrors)
        {
            return Fail(step.Basis, step.Since, diagnostics, step.Clock);
        }

        step.Clock.Step("resolve");
        var site = SiteModelBuilder.Replace(prepared.Site, changed);
        step.Clock.Step("model");
        var planner = new PagePlanner(site, prepared.Templates.Strings, prepared.Templates.Ids, images) { Pdfs = Pdfs };
        var slugs = changed.Select(a => a.Slug).ToHashSet(StringComparer.Ordinal);
        // The same pages as before, in the same order (the studies stand where they stood); those that show a
        // changed study are planned again (the listings and related lists too when they show its new title), the
        // others are the last site's, which show nothing that changed.
        var toMake = relisted
            ? planner.PlanShowing(slugs)
            : site.Studies.Where(s => slugs.Contains(s.Slug)).SelectMany(planner.ArticlePages).ToList();
        var index = (step.Basis!.Index ?? PageIndex.Of(prepared.Pages)).With(toMake);
        step.Clock.Step("plan");

        var links = prepared.Links.Recheck(changed, planner, diagnostics);
        step.Clock.Step("link-check");
        step.Clock.Phase("cross-link");
        if (diagnostics.HasErrors)
        {
            return Fail(step.Basis, step.Since, diagnostics, step.Clock);
        }

        return new BuildStep(diagnostics, step.Clock)
        {
            Prepared = prepared with { Site = site, Planner = planner, Pages = index.Pages, Links = links },
            Index = index,
            Basis = step.Basis,
            Since = step.Since,
            Inputs = step.Inputs,
            Rendered = step.Rendered,
            AssetsChanged = step.AssetsChanged,
            Patch = true,
            Pages = toMake,
        };
    }

    /// <summary>The long way: the site model, page plan and link check made anew from every rendered article.</summary>
    private BuildStep CrossLink(BuildStep step, LoadedContent content, IReadOnlyList<RenderedDocument> rendered, RenderSetup setup, TemplateSet templates, AssetManifest assets, bool shared)
    {
        var diagnostics = step.Diagnostics;
        var site = SiteModelBuilder.Build(content, rendered, diagnostics);
        step.Clock.Step("model");
        var planner = new PagePlanner(site, templates.Strings, templates.Ids, images) { Pdfs = Pdfs };
        var pages = planner.Plan();
        step.Clock.Step("plan");
        Collisions.CheckPages(pages, site, diagnostics);
        Collisions.CheckAliases(pages, site, content, diagnostics);
        step.Clock.Step("collisions");
        var links = LinkChecker.Check(site, planner, pages, content.Assets, diagnostics);
        step.Clock.Step("link-check");
        step.Clock.Phase("cross-link");
        if (diagnostics.HasErrors)
        {
            return Fail(step.Basis, step.Since, diagnostics, step.Clock);
        }

        Func<Page, bool> keeps = _ => false;
        if (!shared && step.Basis?.Prepared is { } before)
        {
            var changed = ChangedStudies(before.Site, site);
            var keys = before.Pages.ToDictionary(p => p.OutputPath, p => p.Key, StringComparer.Ordinal);
            keeps = page => keys.TryGetValue(page.OutputPath, out var key) && key == page.Key && !page.Studies.Any(changed.Contains);
        }

        return new BuildStep(diagnostics, step.Clock)
        {
            Prepared = new PreparedSite(site, planner, pages, templates.WithAssets(assets.Names, site.Config.BaseUrl.AbsolutePath), assets) { Content = content, Render = setup, Links = links },
            Basis = step.Basis,
            Since = step.Since,
            Inputs = step.Inputs,
            Rendered = step.Rendered,
            AssetsChanged = step.AssetsChanged,
            Pages = pages,
            Keeps = keeps,
        };
    }

    /// <summary>Settings, registries and the lists of article and asset files, with the checks that need all of them.</summary>
    private LoadedContent? ReadContent(DiagnosticBag diagnostics)
    {
        var content = ContentLoader.Load(options.InputDir, diagnostics);
        if (content is null)
        {
            return null;
        }

        content = Collisions.WithoutDuplicateArticles(content, diagnostics);
        Collisions.CheckAssets(content, diagnostics);
        var site = options.BaseUrl is null ? content.Site : content.Site.WithBaseUrl(options.BaseUrl);
        if (options.AtRoot && site.BaseUrl.AbsolutePath != "/")
        {
            site = site.WithBaseUrl(new Uri(site.BaseUrl, "/"));
        }

        return content with { Site = site };
    }

    /// <summary>What the author reads when libvips fails to make a file of the site (<paramref name="file"/>) that the checks let through.</summary>
    private static string EncodingFailed(Images.ImageEncodingException e, string file) => e.Image is { } image
        ? $"the image '{ContentLoader.Display(image)}' passed its checks but libvips failed to make '{file}' from it ({e.Message}); open it in an image editor and save it again (a save changes its last-write time, so it is checked again), or use another image."
        : $"libvips failed to draw '{file}' ({e.Message}); check that the theme's fonts are installed.";

    /// <summary>Whether an image a study shows as a figure changed since it was rendered (its size and variants may have).</summary>
    private static bool ImagesChanged(ArticleEntry entry) =>
        entry.Rendered?.Rendered.Figures.Any(f => f.Image is { } image && FileStamp.Of(image.Path) != image.Stamp) == true;

    private static bool SameFiles(LoadedContent a, LoadedContent b) =>
        a.Articles.SequenceEqual(b.Articles) && a.Assets.SequenceEqual(b.Assets) && a.RefusedAssets.SetEquals(b.RefusedAssets);

    /// <summary>
    /// What every page depends on besides its studies (the theme, site.yml and the registries), as the
    /// files' stamps: when nobody said what changed, equal stamps mean the pages may be kept.
    /// </summary>
    private string SharedStamp()
    {
        // Walked as the build reads it: a link that loops in the theme must not make this endless.
        var theme = InputFolder.Open(options.ThemeDir, "theme");
        var data = Path.Combine(options.InputDir, ContentLoader.RegistriesFolder);
        IEnumerable<string> registries;
        try
        {
            registries = Directory.Exists(data) ? Directory.EnumerateFiles(data).ToList() : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            registries = [data];
        }

        return string.Join('\n', theme.Walk(theme.Root, new DiagnosticBag()).Where(e => !e.IsDirectory).Select(e => e.Path)
            .Concat(registries)
            .Append(Path.Combine(options.InputDir, ContentLoader.SettingsFile))
            .Order(StringComparer.Ordinal)
            .Select(f => $"{f}|{FileStamp.Of(f)}"));
    }

    /// <summary>The render contexts of each language, and the digest of everything they depend on.</summary>
    private RenderSetup Setup(LoadedContent content, UiStrings strings, IReadOnlySet<string> pageIds)
    {
        var site = content.Site;
        var bodies = SpillsBodies ? spill ??= SpillFile.Open(Path.GetTempPath()) : null;
        var targets = new LinkTargets(
            site.BaseUrl.AbsolutePath,
            content.Articles.Select(a => (a.Language, a.Slug)).ToHashSet())
        {
            Assets = content.Assets.GroupBy(a => a.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().RealPath, StringComparer.Ordinal),
            RefusedAssets = content.RefusedAssets,
        };
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
                return new ArticleRenderContext(labels, localizer.Number, targets) { PageIds = pageIds, Scripts = Markdown.Scripts.ScriptIsolation.For(language, site.Languages), FigureWord = strings.Get(language, "figure"), Print = options.Pdf == PdfMode.Typeset, ImageIndex = images.Index, Bodies = (Markdown.BodyStore?)bodies ?? Markdown.BodyStore.Memory };
            });
        var dependencies = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('|',
            site.BaseUrl.AbsolutePath, site.Digits, string.Join(',', site.Languages.Select(l => l.Code)), options.IncludeDrafts, options.Pdf != PdfMode.Off,
            string.Join(',', contexts.Values.Select(c => (c.Labels, c.Scripts, c.FigureWord))), string.Join(',', targets.Articles.Order()), string.Join(',', pageIds.Order(StringComparer.Ordinal)),
            string.Join('\n', targets.Assets.Keys.Order(StringComparer.Ordinal)), string.Join('\n', targets.RefusedAssets.Order(StringComparer.Ordinal))))));
        return new RenderSetup(contexts, dependencies);
    }

    /// <summary>
    /// The read step and the render step, article by article: each worker reads a file and renders it at
    /// once, its Markdown dropped as soon as it is rendered. Rendering needs nothing from other articles
    /// (links to them are checked against the list of files, resolved in the cross-link phase), so no
    /// article waits for the others to be read, and no core waits at the end of a batch; only as many
    /// bodies are held as there are workers. The results are put in the files' order, each article's
    /// diagnostics sorted, so nothing depends on which worker finished first.
    /// </summary>
    private Dictionary<string, ArticleEntry> ReadAndRender(IReadOnlyList<ArticleFile> files, RenderSetup setup, PhaseClock clock)
    {
        clock.Add("read");
        var rendered = new ArticleEntry[files.Count];
        var done = 0;
        long readTicks = 0, renderTicks = 0, readBytes = 0, renderBytes = 0;
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = Workers }, i =>
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var (_, source, found, stamp) = ContentLoader.ReadArticle(files[i]);
            var read = System.Diagnostics.Stopwatch.GetTimestamp();
            var readAllocated = GC.GetAllocatedBytesForCurrentThread();

            reporting.Count("articles rendered", Interlocked.Increment(ref done), files.Count);
            var diagnostics = new DiagnosticBag();
            foreach (var diagnostic in found)
            {
                diagnostics.Add(diagnostic);
            }

            var document = source is null ? null : RenderStep.Render(source, setup.Contexts, options.IncludeDrafts, diagnostics);
            Watcher?.Rendered(i, document);
            rendered[i] = new ArticleEntry(stamp, setup.Dependencies, document, diagnostics.Sorted());
            Interlocked.Add(ref readTicks, read - started);
            Interlocked.Add(ref renderTicks, System.Diagnostics.Stopwatch.GetTimestamp() - read);
            Interlocked.Add(ref readBytes, readAllocated - allocated);
            Interlocked.Add(ref renderBytes, GC.GetAllocatedBytesForCurrentThread() - readAllocated);
        });

        var entries = new Dictionary<string, ArticleEntry>(files.Count, StringComparer.Ordinal);
        for (var i = 0; i < files.Count; i++)
        {
            entries[files[i].Path] = rendered[i];
        }

        clock.Share(("read", readTicks, readBytes), ("render", renderTicks, renderBytes));
        clock.Phase("read");
        clock.Phase("render");
        return entries;
    }

    /// <summary>
    /// Whether <paramref name="article"/> stands where <paramref name="old"/> stood in every listing and index: the same pages list it, in the same order, with the same counts;
    /// and among every study's related studies, which its tags choose too.
    /// </summary>
    private static bool StandsAsBefore(Article article, Article old) =>
        article.File == old.File && article.Language == old.Language && article.Slug == old.Slug
        && article.Authors.Select(a => a.Key).SequenceEqual(old.Authors.Select(a => a.Key))
        && article.Unit.Key == old.Unit.Key
        && article.Categories.Select(c => c.Key).SequenceEqual(old.Categories.Select(c => c.Key))
        && article.Date == old.Date
        && article.Aliases.Select(a => a.Value).SequenceEqual(old.Aliases.Select(a => a.Value))
        && article.Tags.SequenceEqual(old.Tags);

    /// <summary>Whether every page but its own shows <paramref name="article"/> as it showed <paramref name="old"/> (listings show its title, summary and tags besides its place).</summary>
    private static bool ListedAsBefore(Article article, Article old) =>
        StandsAsBefore(article, old) && article.Title == old.Title && article.Summary == old.Summary;

    /// <summary>The studies whose versions are not the very ones of the site before (read again, added, removed, or another version added or gone).</summary>
    private static HashSet<string> ChangedStudies(SiteModel before, SiteModel after)
    {
        var old = before.Studies.ToDictionary(s => s.Slug, StringComparer.Ordinal);
        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var study in after.Studies)
        {
            if (!old.Remove(study.Slug, out var was)
                || was.Versions.Count != study.Versions.Count
                || study.Versions.Any(v => !was.Versions.TryGetValue(v.Key, out var a) || !ReferenceEquals(a.Rendered, v.Value.Rendered)))
            {
                changed.Add(study.Slug);
            }
        }

        changed.UnionWith(old.Keys);
        return changed;
    }

    /// <summary>
    /// Renders a page of <paramref name="prepared"/> again, when `serve` is asked for it: the same bytes as when it
    /// was written, since the site's model, pages and templates are the same objects and rendering reads nothing else.
    /// </summary>
    private static Func<string, byte[]?> Renderer(PreparedSite prepared, PageIndex index) =>
        path => index.Find(path) is { } page
            ? prepared.Templates.Render(page, page.CreateView(), new DiagnosticBag()).ToArray()
            : null;

    /// <summary>
    /// Takes a page's files from the last site when it has them all (its images as they were deferred there,
    /// still unmade or made already); false when one is missing and the page must be made again.
    /// </summary>
    private static bool Kept(Page page, SiteFiles last, IOutputSink output, MemorySink? memory)
    {
        bool Had(string f) => last.Made.ContainsKey(f) || (memory is not null && (last.Deferred.ContainsKey(f) || last.Pages.ContainsKey(f)));
        if (!Routes.RequiredFilesOf(page).All(Had))
        {
            return false;
        }

        // An optional companion (the PDF) the last site lacked stays absent: the page that links it was kept too.
        foreach (var file in Routes.FilesOf(page).Where(Had))
        {
            if (last.Made.TryGetValue(file, out var content))
            {
                output.Keep(file, content);
            }
            else if (last.Pages.TryGetValue(file, out var digest))
            {
                memory!.KeepPage(file, digest);
            }
            else
            {
                memory!.Defer(file, last.Deferred[file]);
            }
        }

        return true;
    }

    private static ImmutableDictionary<string, T> Merge<T>(IReadOnlyDictionary<string, T> before, IReadOnlyDictionary<string, T> written) =>
        (before as ImmutableDictionary<string, T> ?? before.ToImmutableDictionary(StringComparer.Ordinal)).SetItems(written);

    /// <summary>
    /// The files that differ between two sites (of <paramref name="candidates"/> only, when given: the others are
    /// the same arrays). Deferred files (images) are compared by the keys of their content, not made to be compared.
    /// </summary>
    private static IReadOnlyList<string> Differences(SiteFiles before, SiteFiles after, IReadOnlyCollection<string>? candidates)
    {
        bool Differs(string path) =>
            before.Deferred.ContainsKey(path) || after.Deferred.ContainsKey(path)
                ? before.Deferred.GetValueOrDefault(path)?.Key != after.Deferred.GetValueOrDefault(path)?.Key
            : before.Pages.ContainsKey(path) || after.Pages.ContainsKey(path)
                ? before.Fingerprint(path) != after.Fingerprint(path)
                : !before.Made.TryGetValue(path, out var old) || !after.Made.TryGetValue(path, out var now) || (!ReferenceEquals(old, now) && !old.AsSpan().SequenceEqual(now));
        var paths = candidates ?? after.Keys.Concat(before.Keys.Where(k => !after.ContainsKey(k))).ToList();
        return paths.Where(Differs).Order(StringComparer.Ordinal).ToList();
    }

    private static BuildStep Fail(BuiltSite? basis, Edit since, DiagnosticBag diagnostics, PhaseClock clock) =>
        new(Failed(basis, since, diagnostics, clock));

    private static BuiltSite Failed(BuiltSite? basis, Edit since, DiagnosticBag diagnostics, PhaseClock clock) => new()
    {
        Result = new BuildResult(false, diagnostics.Sorted(), new Dictionary<string, int>(), clock.Elapsed, clock.Phases.ToList()),
        LastGood = basis,
        Pending = since,
    };
}
