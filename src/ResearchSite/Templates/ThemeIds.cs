using System.Text.RegularExpressions;

namespace ResearchSite.Templates;

/// <summary>
/// The element ids a theme uses, read from its layouts (<c>id="main"</c>) and scripts
/// (<c>pop.id = "note-popover"</c>), so that the theme stays the one place that names them.
/// Ids a template computes (<c>id="year-{{ … }}"</c>) are not known before a page is written and are left out.
/// An id counts for a page even when the template writes it only under a condition (<c>toc-title</c>
/// without a table of contents): which branch a page takes is known only when it is written.
/// </summary>
public sealed partial class ThemeIds
{
    private readonly IReadOnlySet<string> everyPage;
    private readonly Dictionary<string, IReadOnlySet<string>> pages = new(StringComparer.Ordinal);

    /// <param name="everyPage">The ids of what every page holds: base.html, the partials, the scripts.</param>
    /// <param name="byLayout">The ids of each page kind's own layout (<c>article</c>, <c>list</c>, …).</param>
    public ThemeIds(IReadOnlySet<string> everyPage, IReadOnlyDictionary<string, IReadOnlySet<string>> byLayout)
    {
        this.everyPage = everyPage;
        var all = new HashSet<string>(everyPage, StringComparer.Ordinal);
        foreach (var (layout, own) in byLayout)
        {
            pages[layout] = everyPage.Union(own).ToHashSet(StringComparer.Ordinal);
            all.UnionWith(own);
        }

        All = all;
    }

    /// <summary>Every id of the theme, whatever the page.</summary>
    public IReadOnlySet<string> All { get; }

    /// <summary>The ids a page of <paramref name="layout"/> carries around its content.</summary>
    public IReadOnlySet<string> OnPage(string layout) => pages.GetValueOrDefault(layout) ?? everyPage;

    public static IEnumerable<string> InLayout(string text) => LayoutId().Matches(text).Select(m => m.Groups[1].Value);

    public static IEnumerable<string> InScript(string text) => ScriptId().Matches(text).Select(m => m.Groups[1].Value);

    [GeneratedRegex("""(?<![\w-])id\s*=\s*["']([^"'{}<>\s]+)["']""")]
    private static partial Regex LayoutId();

    [GeneratedRegex("""\.id\s*=\s*["']([^"'\s]+)["']""")]
    private static partial Regex ScriptId();
}
