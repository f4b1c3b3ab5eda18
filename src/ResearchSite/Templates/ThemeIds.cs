using System.Text.RegularExpressions;

namespace ResearchSite.Templates;

/// <summary>
/// The element ids a theme uses, read from its layouts (<c>id="main"</c>) and scripts
/// (<c>pop.id = "note-popover"</c>), so that the theme stays the one place that names them.
/// Ids a template computes (<c>id="year-{{ … }}"</c>) are not known before a page is written and are left out.
/// </summary>
public static partial class ThemeIds
{
    public static IEnumerable<string> InLayout(string text) => LayoutId().Matches(text).Select(m => m.Groups[1].Value);

    public static IEnumerable<string> InScript(string text) => ScriptId().Matches(text).Select(m => m.Groups[1].Value);

    [GeneratedRegex("""(?<![\w-])id\s*=\s*["']([^"'{}<>\s]+)["']""")]
    private static partial Regex LayoutId();

    [GeneratedRegex("""\.id\s*=\s*["']([^"'\s]+)["']""")]
    private static partial Regex ScriptId();
}
