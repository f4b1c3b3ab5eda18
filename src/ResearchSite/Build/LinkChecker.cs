using ResearchSite.Diagnostics;
using ResearchSite.Markdown;
using ResearchSite.Markdown.Links;
using ResearchSite.Markdown.Notes;
using ResearchSite.Pages;
using ResearchSite.Site;

namespace ResearchSite.Build;

/// <summary>An author's link with a #fragment into a study: rechecked when that study changes.</summary>
public sealed record FragmentLink(string SourceFile, InternalLink Link, string TargetHref, string Fragment);

/// <summary>
/// Every link an author wrote to a place in the site must land on a page that will be written and,
/// with a #fragment, on an id of that page. Links made by the templates are correct by construction
/// (and tested); author links are checked here, on the model, without parsing any HTML.
/// A check keeps what it learnt (the page paths, the links with fragments) so that `serve` can
/// check an edited study again without going over the whole archive.
/// </summary>
public sealed class LinkChecker
{
    // Ids every article page has, whatever its content (see theme/layouts/article.html and base.html).
    private static readonly string[] PageIds = ["main", "article-title", "toc-title", NoteIds.Title];

    private readonly HashSet<string> pagePaths;
    private readonly IReadOnlyDictionary<string, Article> articlesByHref;
    private readonly string basePath;
    private readonly PagePlanner planner;
    private readonly BuildOptions options;

    private readonly List<FragmentLink> fragments;

    private LinkChecker(HashSet<string> pagePaths, IReadOnlyDictionary<string, Article> articlesByHref, string basePath, PagePlanner planner, BuildOptions options, List<FragmentLink> fragments)
    {
        this.pagePaths = pagePaths;
        this.articlesByHref = articlesByHref;
        this.basePath = basePath;
        this.planner = planner;
        this.options = options;
        this.fragments = fragments;
    }

    /// <summary>Every link with a fragment into a study, as of the last check.</summary>
    public IReadOnlyList<FragmentLink> Fragments => fragments;

    public static LinkChecker Check(SiteModel site, PagePlanner planner, IReadOnlyList<Page> pages, BuildOptions options, DiagnosticBag diagnostics)
    {
        var pagePaths = pages.Select(p => planner.Href(p.OutputPath.EndsWith("index.html", StringComparison.Ordinal) ? p.OutputPath[..^"index.html".Length] : p.OutputPath)).ToHashSet(StringComparer.Ordinal);
        var articlesByHref = site.Articles.ToDictionary(a => planner.Href(a.Path), StringComparer.Ordinal);
        var checker = new LinkChecker(pagePaths, articlesByHref, site.Config.BaseUrl.AbsolutePath, planner, options, []);
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
            byHref[planner.Href(article.Path)] = article;
        }

        var files = changed.Select(a => a.File).ToHashSet(StringComparer.Ordinal);
        var hrefs = changed.Select(a => planner.Href(a.Path)).ToHashSet(StringComparer.Ordinal);
        // The other studies' links are kept; the changed studies' own links are found again after them.
        var checker = new LinkChecker(pagePaths, byHref, basePath, newPlanner, options, fragments.Where(f => !files.Contains(f.SourceFile)).ToList());
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

        var self = new Uri(new Uri("http://site.invalid"), planner.Href(article.Path));
        foreach (var link in article.Rendered.InternalLinks)
        {
            var resolved = new Uri(self, link.Url);
            var path = Uri.UnescapeDataString(resolved.AbsolutePath);
            var fragment = Uri.UnescapeDataString(resolved.Fragment.TrimStart('#'));
            if (!pagePaths.Contains(path) && !pagePaths.Contains(path + "/") && !IsAsset(path))
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
        var ids = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var fragment in toCheck)
        {
            if (!ids.TryGetValue(fragment.TargetHref, out var targetIds))
            {
                ids[fragment.TargetHref] = targetIds = IdsOf(articlesByHref[fragment.TargetHref]);
            }

            if (!targetIds.Contains(fragment.Fragment))
            {
                diagnostics.Error(fragment.SourceFile, fragment.Link.Line, fragment.Link.Column, $"the link '{fragment.Link.Url}' points to '#{fragment.Fragment}', which is no heading or note of that page; headings' ids are shown in the page's table of contents.");
            }
        }
    }

    private static HashSet<string> IdsOf(Article article)
    {
        var set = new HashSet<string>(PageIds, StringComparer.Ordinal);
        set.UnionWith(article.Rendered.Headings.Select(h => h.Id));
        foreach (var note in article.Rendered.Notes)
        {
            set.Add(NoteIds.Note(note.Number));
            set.Add(NoteIds.Body(note.Number));
        }

        return set;
    }

    private bool IsAsset(string path)
    {
        if (!path.StartsWith(basePath, StringComparison.Ordinal))
        {
            return false;
        }

        var relative = path[basePath.Length..];
        return relative.StartsWith("files/", StringComparison.Ordinal) && File.Exists(Path.Combine(options.InputDir, "assets", relative["files/".Length..]))
            || relative.StartsWith("assets/", StringComparison.Ordinal)
            || relative is "sitemap.xml" or "robots.txt" or "ar/feed.xml" or "en/feed.xml";
    }
}
