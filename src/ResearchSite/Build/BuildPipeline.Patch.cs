using ResearchSite.Content;
using ResearchSite.Diagnostics;
using ResearchSite.Output;
using ResearchSite.Pages;
using ResearchSite.Site;

namespace ResearchSite.Build;

/// <summary>The build's short way for `serve`: a study edited in place, patched into the last build.</summary>
public static partial class BuildPipeline
{
    /// <summary>
    /// `serve` after article files were edited: when they still stand where they stood in every listing
    /// (same people, unit, categories and date), only they are rendered again, only the pages that show
    /// them (their studies' pages, and, when a title, summary or tags changed, the listing pages that
    /// list them) and the feeds are written, and only their links (and the links into them) are checked.
    /// Returns null when the edit needs a whole build: a study added, removed, renamed, made a draft, or
    /// moved in the listings.
    /// </summary>
    public static InMemorySite? Patch(InMemorySite previous, BuildOptions options, IReadOnlyCollection<string> editedFiles)
    {
        if (previous.Prepared is not { } prepared)
        {
            return null;
        }

        var clock = new Clock();
        var diagnostics = new DiagnosticBag();
        // Article paths are full already (the input folder is made full when it is read).
        var files = prepared.Content.Articles.ToDictionary(a => a.Path, StringComparer.Ordinal);
        var articles = prepared.Site.Articles.ToDictionary(a => a.File, StringComparer.Ordinal);
        var changed = new List<Article>();
        var relisted = false;
        foreach (var path in editedFiles.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
        {
            if (!files.TryGetValue(path, out var file) || !articles.TryGetValue(ContentLoader.Display(file.Path), out var old))
            {
                return null;
            }

            var fingerprint = Fingerprint(prepared.Render, file, options);
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(file.Path);
            }
            catch (IOException)
            {
                return null;
            }

            var local = new DiagnosticBag();
            var rendered = RenderArticle(file, bytes, prepared.Render.Contexts, options.IncludeDrafts, local);
            var article = rendered is null ? null : SiteModelBuilder.Resolve(rendered.Source, prepared.Content.Site.Languages, prepared.Content.Registries, rendered.Rendered, local);
            var found = local.Sorted();
            foreach (var diagnostic in found)
            {
                diagnostics.Add(diagnostic);
            }

            if (local.HasErrors)
            {
                continue;
            }

            if (article is null || !article.SamePlace(old))
            {
                return null;
            }

            relisted |= !article.SameListing(old);
            changed.Add(article);
            options.Cache?.Set(file.Path, new ArticleCache.Entry(fingerprint, rendered, found));
        }

        clock.Phase("render");
        if (diagnostics.HasErrors)
        {
            return new InMemorySite(Failed(diagnostics, clock), new Dictionary<string, byte[]>(), new Dictionary<string, string>());
        }

        var site = SiteModelBuilder.Replace(prepared.Site, changed);
        var planner = new PagePlanner(site, prepared.Templates.Strings, prepared.Templates.Ids);
        var slugs = changed.Select(a => a.Slug).ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<Page> pages;
        List<Page> newPages;
        if (relisted)
        {
            // The same pages, in the same order: planned again, since listings show the new title.
            pages = planner.Plan();
            newPages = pages.Where(p => p.Studies.Any(slugs.Contains)).ToList();
        }
        else
        {
            newPages = site.Studies.Where(s => slugs.Contains(s.Slug)).SelectMany(planner.ArticlePages).ToList();
            var byPath = newPages.ToDictionary(p => p.OutputPath, StringComparer.Ordinal);
            pages = prepared.Pages.Select(p => byPath.GetValueOrDefault(p.OutputPath) ?? p).ToList();
        }

        var links = prepared.Links.Recheck(changed, planner, diagnostics);
        clock.Phase("cross-link");
        var next = prepared with { Site = site, Planner = planner, Pages = pages, Links = links };
        var sink = new MemorySink();
        if (!diagnostics.HasErrors)
        {
            WritePages(next, newPages, options, sink, diagnostics, reuse: null);
            WriteFeeds(next, sink);
        }

        clock.Phase("write");
        if (diagnostics.HasErrors)
        {
            return new InMemorySite(Failed(diagnostics, clock), new Dictionary<string, byte[]>(), new Dictionary<string, string>());
        }

        var all = new Dictionary<string, byte[]>(previous.Files, StringComparer.Ordinal);
        foreach (var (path, content) in sink.Files)
        {
            all[path] = content;
        }

        return new InMemorySite(Succeeded(next, diagnostics, clock), all, previous.PageKeys) { Prepared = next, Written = sink.Files.Keys.ToList() };
    }
}
