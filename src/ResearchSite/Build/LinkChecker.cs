using System.Collections.Immutable;
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
    private readonly ImmutableDictionary<string, Article> articlesByHref;
    private readonly Routes routes;

    // Kept by the file that holds them, and the files by the study they point into: a recheck finds both
    // without going over every link of the archive, and keeps the rest as it was (shared, not copied).
    private readonly ImmutableDictionary<string, ImmutableArray<FragmentLink>> fragmentsBySource;
    private readonly ImmutableDictionary<string, ImmutableHashSet<string>> sourcesByTarget;

    private LinkChecker(
        HashSet<string> written,
        ImmutableDictionary<string, Article> articlesByHref,
        Routes routes,
        ImmutableDictionary<string, ImmutableArray<FragmentLink>> fragmentsBySource,
        ImmutableDictionary<string, ImmutableHashSet<string>> sourcesByTarget)
    {
        this.written = written;
        this.articlesByHref = articlesByHref;
        this.routes = routes;
        this.fragmentsBySource = fragmentsBySource;
        this.sourcesByTarget = sourcesByTarget;
    }

    /// <summary>The author's links with a #fragment into a study, in no particular order.</summary>
    internal IEnumerable<FragmentLink> Fragments => fragmentsBySource.Values.SelectMany(f => f);

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
        var articlesByHref = site.Articles.ToImmutableDictionary(a => routes.Href(a.Path), StringComparer.Ordinal);
        var checker = new LinkChecker(written, articlesByHref, routes, ImmutableDictionary.Create<string, ImmutableArray<FragmentLink>>(StringComparer.Ordinal), ImmutableDictionary.Create<string, ImmutableHashSet<string>>(StringComparer.Ordinal));
        var found = new List<FragmentLink>();
        foreach (var article in site.Articles)
        {
            checker.CheckLinksOf(article, found, diagnostics);
        }

        checker.CheckFragments(found, diagnostics);
        return checker.With(new HashSet<string>(), found);
    }

    /// <summary>
    /// After some studies changed (and no page was added or removed): their own links, and the links of
    /// other studies into them, whose headings may have changed. The same errors as <see cref="Check"/> of
    /// the whole site finds, when the site before had none; the cost is that of the changed studies' links.
    /// </summary>
    public LinkChecker Recheck(IReadOnlyList<Article> changed, PagePlanner newPlanner, DiagnosticBag diagnostics)
    {
        var byHref = articlesByHref.SetItems(changed.Select(a => KeyValuePair.Create(routes.Href(a.Path), a)));
        var files = changed.Select(a => a.File).ToHashSet(StringComparer.Ordinal);
        var checker = new LinkChecker(written, byHref, newPlanner.Routes, fragmentsBySource, sourcesByTarget);
        var found = new List<FragmentLink>();
        foreach (var article in changed)
        {
            checker.CheckLinksOf(article, found, diagnostics);
        }

        // The other studies' links into the changed ones (the diagnostics are sorted, so the order does not matter).
        var hrefs = changed.Select(a => routes.Href(a.Path)).ToHashSet(StringComparer.Ordinal);
        var into = hrefs
            .SelectMany(href => sourcesByTarget.GetValueOrDefault(href) ?? [])
            .Where(source => !files.Contains(source))
            .Distinct(StringComparer.Ordinal)
            .SelectMany(source => fragmentsBySource[source])
            .Where(f => hrefs.Contains(f.TargetHref));
        checker.CheckFragments(found.Concat(into), diagnostics);
        return checker.With(files, found);
    }

    /// <summary>This checker with the fragment links of <paramref name="sources"/> replaced by <paramref name="found"/>.</summary>
    private LinkChecker With(IReadOnlySet<string> sources, IReadOnlyList<FragmentLink> found)
    {
        var bySource = fragmentsBySource.ToBuilder();
        var byTarget = sourcesByTarget.ToBuilder();
        foreach (var source in sources)
        {
            if (bySource.Remove(source, out var old))
            {
                foreach (var target in old.Select(f => f.TargetHref).Distinct(StringComparer.Ordinal))
                {
                    var left = byTarget[target].Remove(source);
                    if (left.IsEmpty)
                    {
                        byTarget.Remove(target);
                    }
                    else
                    {
                        byTarget[target] = left;
                    }
                }
            }
        }

        foreach (var group in found.GroupBy(f => f.SourceFile, StringComparer.Ordinal))
        {
            bySource[group.Key] = [.. group];
            foreach (var target in group.Select(f => f.TargetHref).Distinct(StringComparer.Ordinal))
            {
                byTarget[target] = (byTarget.GetValueOrDefault(target) ?? ImmutableHashSet.Create<string>(StringComparer.Ordinal)).Add(group.Key);
            }
        }

        return new LinkChecker(written, articlesByHref, routes, bySource.ToImmutable(), byTarget.ToImmutable());
    }

    /// <summary>Checks where an article's links lead; those with a fragment into a study are added to <paramref name="fragments"/> for <see cref="CheckFragments"/>.</summary>
    private void CheckLinksOf(Article article, List<FragmentLink> fragments, DiagnosticBag diagnostics)
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
                diagnostics.Error(fragment.SourceFile, fragment.Link.Line, fragment.Link.Column, $"the link '{fragment.Link.Url}' points to '#{fragment.Fragment}', which is no heading, note or figure of that page; headings' ids are shown in the page's table of contents, and figures are figure-1, figure-2, … in their order.");
            }
        }
    }

    /// <summary>Whether a URL path (from the server's root) leads to a file the build writes; a folder page may be written without its last '/'.</summary>
    private bool IsWritten(string href) =>
        routes.FromHref(href) is { } path
        && (written.Contains(path) || written.Contains(path + "/") || Routes.IsThemeAsset(path));
}
