using System.Collections.Immutable;
using ResearchSite.Pages;

namespace ResearchSite.Build.Incremental;

/// <summary>
/// A site's pages in their order, and where each one is by its path under output/ ('/'-separated). A patch
/// leaves every page where it stood and replaces only those it made again: the list shares all the others
/// with the site before, and the places are the very same table, so an edit costs its own pages, not the archive's.
/// </summary>
internal sealed class PageIndex
{
    private readonly IReadOnlyDictionary<string, int> places;

    private PageIndex(ImmutableList<Page> pages, IReadOnlyDictionary<string, int> places)
    {
        Pages = pages;
        this.places = places;
    }

    public ImmutableList<Page> Pages { get; }

    public static PageIndex Of(IReadOnlyList<Page> pages)
    {
        var places = new Dictionary<string, int>(pages.Count, StringComparer.Ordinal);
        for (var i = 0; i < pages.Count; i++)
        {
            places[PathOf(pages[i])] = i;
        }

        return new PageIndex(pages as ImmutableList<Page> ?? [.. pages], places);
    }

    /// <summary>The page written at <paramref name="path"/>, if the site has one.</summary>
    public Page? Find(string path) => places.TryGetValue(path, out var place) ? Pages[place] : null;

    /// <summary>These pages with <paramref name="replaced"/> each in the place of the page at its path (which must be one of these).</summary>
    public PageIndex With(IEnumerable<Page> replaced)
    {
        var pages = Pages.ToBuilder();
        foreach (var page in replaced)
        {
            pages[places[PathOf(page)]] = page;
        }

        return new PageIndex(pages.ToImmutable(), places);
    }

    private static string PathOf(Page page) => page.OutputPath.Replace('\\', '/');
}
