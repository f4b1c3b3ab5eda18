using ResearchSite.Diagnostics;
using ResearchSite.Markdown.Notes;
using ResearchSite.Pages;
using ResearchSite.Site;

namespace ResearchSite.Build;

/// <summary>
/// Every link an author wrote to a place in the site must land on a page that will be written and,
/// with a #fragment, on an id of that page. Links made by the templates are correct by construction
/// (and tested); author links are checked here, on the model, without parsing any HTML.
/// </summary>
public static class LinkChecker
{
    // Ids every article page has, whatever its content (see theme/layouts/article.html and base.html).
    private static readonly string[] PageIds = ["main", "article-title", "toc-title", NoteIds.Title];

    public static void Check(SiteModel site, PagePlanner planner, IReadOnlyList<Page> pages, BuildOptions options, DiagnosticBag diagnostics)
    {
        var pagePaths = pages.Select(p => planner.Href(p.OutputPath.EndsWith("index.html", StringComparison.Ordinal) ? p.OutputPath[..^"index.html".Length] : p.OutputPath)).ToHashSet(StringComparer.Ordinal);
        // Ids are gathered only for pages that a link with a #fragment points at.
        var articlesByHref = site.Articles.ToDictionary(a => planner.Href(a.Path), StringComparer.Ordinal);
        var ids = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var basePath = site.Config.BaseUrl.AbsolutePath;
        foreach (var article in site.Articles)
        {
            var self = new Uri(new Uri("http://site.invalid"), planner.Href(article.Path));
            foreach (var link in article.Rendered.InternalLinks)
            {
                var resolved = new Uri(self, link.Url);
                var path = Uri.UnescapeDataString(resolved.AbsolutePath);
                var fragment = Uri.UnescapeDataString(resolved.Fragment.TrimStart('#'));
                if (!pagePaths.Contains(path) && !pagePaths.Contains(path + "/") && !IsAsset(path, basePath, options))
                {
                    diagnostics.Error(article.File, link.Line, link.Column, $"the link '{link.Url}' leads to no page of the site; check the path (links to other studies may be written as their .md files).");
                    continue;
                }

                var key = articlesByHref.ContainsKey(path) ? path : path + "/";
                if (fragment.Length > 0 && articlesByHref.TryGetValue(key, out var target) && !(ids.TryGetValue(key, out var targetIds) ? targetIds : ids[key] = IdsOf(target)).Contains(fragment))
                {
                    diagnostics.Error(article.File, link.Line, link.Column, $"the link '{link.Url}' points to '#{fragment}', which is no heading or note of that page; headings' ids are shown in the page's table of contents.");
                }
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

    private static bool IsAsset(string path, string basePath, BuildOptions options)
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
