using ResearchSite.Content;
using ResearchSite.Diagnostics;
using ResearchSite.Site;

namespace ResearchSite.Pages;

/// <summary>
/// Two sources that would be written to one file of the site fail the build, also when the names differ
/// only in case (one would overwrite the other on a case-insensitive disk) or in Unicode normalization.
/// </summary>
public static class Collisions
{
    /// <summary>Two pages that would write the same file, named by the article files behind them where there are some.</summary>
    public static void CheckPages(IReadOnlyList<Page> pages, SiteModel site, DiagnosticBag diagnostics)
    {
        var sources = site.Articles.ToDictionary(a => Routes.FileOf(a.Path), a => a.File, StringComparer.Ordinal);
        Check(pages.Where(p => !IsAliasPage(p)).Select(p => new Output(p.OutputPath, sources.GetValueOrDefault(p.OutputPath) ?? p.OutputPath)), "pages", diagnostics);
    }

    private static bool IsAliasPage(Page page) => page.Key.StartsWith(PagePlanner.AliasKey + "|", StringComparison.Ordinal);

    /// <summary>
    /// An old address ('aliases') may lead to one study only, and may not be the address of anything the
    /// site writes (a page, a feed, a file): the redirect would hide it, or it would hide the redirect.
    /// </summary>
    public static void CheckAliases(IReadOnlyList<Page> pages, SiteModel site, LoadedContent content, DiagnosticBag diagnostics)
    {
        if (!site.Articles.Any(a => a.Aliases.Count > 0))
        {
            return;
        }

        static string Folded(string path) => path.Normalize().ToLowerInvariant();
        var taken = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var page in pages.Where(p => !IsAliasPage(p)))
        {
            taken.TryAdd(Folded(page.OutputPath), Routes.PathOf(page.OutputPath));
            foreach (var file in Routes.FilesOf(page))
            {
                taken.TryAdd(Folded(file), file);
            }
        }

        // Folders the build fills as a whole (the search index, the studies' words, theme and input files):
        // a redirect page inside one would stand among files of another kind, or be replaced by one.
        string[] reserved = [Routes.SearchIndex, Routes.SearchTexts, Routes.ThemeAsset(string.Empty), Routes.InputFile(string.Empty)];

        foreach (var file in site.Config.Languages.Select(Routes.Feed).Concat([Routes.Sitemap, Routes.Robots, Routes.Redirects]).Concat(content.Assets.Select(a => Routes.InputFile(a.Name))))
        {
            taken.TryAdd(Folded(file), file);
        }

        var seen = new Dictionary<string, (string File, Located<string> Alias)>(StringComparer.Ordinal);
        foreach (var article in site.Articles.OrderBy(a => a.File, StringComparer.Ordinal))
        {
            foreach (var alias in article.Aliases)
            {
                var address = Routes.Alias(alias.Value);
                if (address.Path.Length == 0 && address.Query.Length == 0)
                {
                    diagnostics.Error(article.File, alias.Line, alias.Column, $"alias '{alias.Value}' is the site's root, which leads to the home page: remove it.");
                    continue;
                }

                if (address.HasPage && taken.TryGetValue(Folded(Routes.FileOf(address.Path)), out var owner))
                {
                    diagnostics.Error(article.File, alias.Line, alias.Column, $"alias '{alias.Value}' is the address of /{owner}, which this site writes: a redirect there would hide it; remove the alias.");
                    continue;
                }

                // The redirect page is a folder's index.html: that folder may be no file the site writes.
                var folder = address.Path.TrimEnd('/');
                if (address.HasPage && taken.TryGetValue(Folded(folder), out var file))
                {
                    diagnostics.Error(article.File, alias.Line, alias.Column, $"alias '{alias.Value}' is the address of /{file}, a file this site writes: a redirect there would replace it; remove the alias.");
                    continue;
                }

                if (address.HasPage && reserved.FirstOrDefault(r => Folded(folder + "/").StartsWith(r, StringComparison.Ordinal)) is { } inside)
                {
                    diagnostics.Error(article.File, alias.Line, alias.Column, $"alias '{alias.Value}' lies in /{inside}, which the build fills with files of its own: remove the alias.");
                    continue;
                }

                var key = Folded(address.Path) + "?" + address.Query;
                if (seen.TryGetValue(key, out var first))
                {
                    var where = first.File == article.File ? "this study" : first.File;
                    diagnostics.Error(article.File, alias.Line, alias.Column, $"alias '{alias.Value}' is already an old address of {where} (line {first.Alias.Line}): an old address leads to one study; remove one of them.");
                    continue;
                }

                seen[key] = (article.File, alias);
            }
        }
    }

    /// <summary>Two files of input/assets that would be published under the same name in files/.</summary>
    public static void CheckAssets(LoadedContent content, DiagnosticBag diagnostics) =>
        Check(content.Assets.Select(a => new Output(Routes.InputFile(a.Name), ContentLoader.Display(a.Path))), "files", diagnostics);

    /// <summary>
    /// Article files that are one page: names that differ only in Unicode normalization (café.md typed
    /// on Linux and saved on macOS) give the same slug. Reported as the collision they are, and only the
    /// first is kept, so that the model holds one article per language and slug.
    /// </summary>
    public static LoadedContent WithoutDuplicateArticles(LoadedContent content, DiagnosticBag diagnostics)
    {
        var duplicates = content.Articles.GroupBy(a => (a.Language, a.Slug)).Where(g => g.Count() > 1).SelectMany(g => g).ToList();
        if (duplicates.Count == 0)
        {
            return content;
        }

        Check(duplicates.Select(a => new Output(Routes.FileOf(Article.PathOf(a.Language, a.Slug)), ContentLoader.Display(a.Path))), "pages", diagnostics);
        return content with { Articles = content.Articles.DistinctBy(a => (a.Language, a.Slug)).ToList() };
    }

    /// <summary>A file of the site and what would write it. A class, not a tuple: LINQ's generic code over a tuple is compiled at run time.</summary>
    private sealed record Output(string Target, string Source);

    private static void Check(IEnumerable<Output> outputs, string what, DiagnosticBag diagnostics)
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
}
