using ResearchSite.Content;
using ResearchSite.Diagnostics;
using ResearchSite.Markdown.Links;
using ResearchSite.Pages;
using ResearchSite.Site;

namespace ResearchSite.Build;

/// <summary>An author's link with a #fragment into a study: rechecked when that study changes.</summary>
public sealed record FragmentLink(string SourceFile, InternalLink Link, string TargetHref, string Fragment);

/// <summary>
/// Every link an author wrote to a place in the site must land on a page that will be written and,
/// with a #fragment, on an id of that page (<see cref="Routes"/> knows both). Links made by the templates
/// are correct by construction (and tested); author links are checked here, on the model, without parsing
/// any HTML. A check keeps what it learnt (the paths written, the links with fragments) so that `serve`
/// can check an edited study again without going over the whole archive.
/// </summary>
public sealed class LinkChecker
{
    private readonly HashSet<string> written;
    private readonly IReadOnlyDictionary<string, Article> articlesByHref;
    private readonly Routes routes;

    private readonly List<FragmentLink> fragments;

    private LinkChecker(HashSet<string> written, IReadOnlyDictionary<string, Article> articlesByHref, Routes routes, List<FragmentLink> fragments)
    {
        this.written = written;
        this.articlesByHref = articlesByHref;
        this.routes = routes;
        this.fragments = fragments;
    }

    /// <param name="site">The site model.</param>
    /// <param name="planner">The pages' planner, whose <see cref="PagePlanner.Routes"/> say where everything is.</param>
    /// <param name="pages">Every page the build writes.</param>
    /// <param name="inputFiles">The input's assets/, published under files/.</param>
    /// <param name="diagnostics">Where broken links are reported.</param>
    public static LinkChecker Check(SiteModel site, PagePlanner planner, IReadOnlyList<Page> pages, IReadOnlyList<InputEntry> inputFiles, DiagnosticBag diagnostics)
    {
        var routes = planner.Routes;
        // Every path the build writes but the theme's assets: pages, what is written beside them, feeds, the input's files.
        var written = pages.SelectMany(Routes.FilesOf).Select(Routes.PathOf)
            .Concat(routes.SiteFiles())
            .Concat(inputFiles.Select(f => Routes.InputFile(f.Name)))
            .ToHashSet(StringComparer.Ordinal);
        var articlesByHref = site.Articles.ToDictionary(a => routes.Href(a.Path), StringComparer.Ordinal);
        var checker = new LinkChecker(written, articlesByHref, routes, []);
        foreach (var article in site.Articles)
        {
            checker.CheckLinksOf(article, diagnostics);
        }

        checker.CheckFragments(checker.fragments, diagnostics);
        return checker;
    }

    /// <summary>
    /// After some studies changed (and no page was added or removed): their own links, and the links of
    /// other studies into them, whose headings may have changed.
    /// </summary>
    public LinkChecker Recheck(IReadOnlyList<Article> changed, PagePlanner newPlanner, DiagnosticBag diagnostics)
    {
        var byHref = new Dictionary<string, Article>(articlesByHref, StringComparer.Ordinal);
        foreach (var article in changed)
        {
            byHref[routes.Href(article.Path)] = article;
        }

        var files = changed.Select(a => a.File).ToHashSet(StringComparer.Ordinal);
        var hrefs = changed.Select(a => routes.Href(a.Path)).ToHashSet(StringComparer.Ordinal);
        // The other studies' links are kept; the changed studies' own links are found again after them.
        var checker = new LinkChecker(written, byHref, newPlanner.Routes, fragments.Where(f => !files.Contains(f.SourceFile)).ToList());
        var kept = checker.fragments.Count;
        foreach (var article in changed)
        {
            checker.CheckLinksOf(article, diagnostics);
        }

        checker.CheckFragments(checker.fragments.Skip(kept).Concat(checker.fragments.Take(kept).Where(f => hrefs.Contains(f.TargetHref))), diagnostics);
        return checker;
    }

    /// <summary>Checks where an article's links lead; those with a fragment into a study are kept for <see cref="CheckFragments"/>.</summary>
    private void CheckLinksOf(Article article, DiagnosticBag diagnostics)
    {
        if (article.Rendered.InternalLinks.Count == 0)
        {
            return;
        }

        var self = new Uri(new Uri("http://site.invalid"), routes.Href(article.Path));
        foreach (var link in article.Rendered.InternalLinks)
        {
            var resolved = new Uri(self, link.Url);
            var path = Uri.UnescapeDataString(resolved.AbsolutePath);
            var fragment = Uri.UnescapeDataString(resolved.Fragment.TrimStart('#'));
            if (!IsWritten(path))
            {
                diagnostics.Error(article.File, link.Line, link.Column, $"the link '{link.Url}' leads to no page of the site; check the path (links to other studies may be written as their .md files).");
                continue;
            }

            var key = articlesByHref.ContainsKey(path) ? path : path + "/";
            if (fragment.Length > 0 && articlesByHref.ContainsKey(key))
            {
                fragments.Add(new FragmentLink(article.File, link, key, fragment));
            }
        }
    }

    private void CheckFragments(IEnumerable<FragmentLink> toCheck, DiagnosticBag diagnostics)
    {
        // Ids are gathered only for pages that a link with a #fragment points at.
        var ids = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var fragment in toCheck)
        {
            if (!ids.TryGetValue(fragment.TargetHref, out var targetIds))
            {
                ids[fragment.TargetHref] = targetIds = routes.IdsOf(articlesByHref[fragment.TargetHref]);
            }

            if (!targetIds.Contains(fragment.Fragment))
            {
                diagnostics.Error(fragment.SourceFile, fragment.Link.Line, fragment.Link.Column, $"the link '{fragment.Link.Url}' points to '#{fragment.Fragment}', which is no heading or note of that page; headings' ids are shown in the page's table of contents.");
            }
        }
    }

    /// <summary>Whether a URL path (from the server's root) leads to a file the build writes; a folder page may be written without its last '/'.</summary>
    private bool IsWritten(string href) =>
        routes.FromHref(href) is { } path
        && (written.Contains(path) || written.Contains(path + "/") || Routes.IsThemeAsset(path));
}
