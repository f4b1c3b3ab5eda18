using System.Text.RegularExpressions;

namespace ResearchSite.Import;

/// <summary>
/// What of a post's HTML runs code in a reader's browser: scripts, event handlers (onclick=…) and links to
/// script URLs. The conversion drops them all (a study is text); the report lists each, with its line.
/// </summary>
public static partial class UnsafeHtml
{
    /// <summary>The scheme of a link that runs code instead of leading somewhere ("javascript"), or null.</summary>
    public static string? ScriptScheme(string href)
    {
        // Browsers skip control characters and spaces inside a scheme ("java\tscript:"), so this does too.
        var compact = new string(href.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)).ToArray());
        var colon = compact.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon > 0 ? compact[..colon].ToLowerInvariant() : string.Empty;
        return scheme is "javascript" or "vbscript" or "data" ? scheme : null;
    }

    /// <summary>Each piece of code in the HTML, as (0-based line within the HTML, what was removed), in order.</summary>
    public static IEnumerable<(int Line, string What)> Find(string html)
    {
        var found = new List<(int At, string What)>();
        // One pass that finds nothing in almost every post, before the tags are read one by one.
        if (!Suspect().IsMatch(html))
        {
            yield break;
        }

        foreach (Match tag in Tag().Matches(html))
        {
            if (tag.Groups["name"].Value.Equals("script", StringComparison.OrdinalIgnoreCase))
            {
                found.Add((tag.Index, "a <script> was removed: the old site's scripts do not come in"));
            }

            foreach (Match attribute in Attribute().Matches(tag.Value))
            {
                var name = attribute.Groups["name"].Value.ToLowerInvariant();
                var at = tag.Index + attribute.Groups["name"].Index;
                if (name.StartsWith("on", StringComparison.Ordinal) && name.Length > 2)
                {
                    found.Add((at, $"the event handler '{name}' was removed"));
                }
                else if (name is "href" or "src" or "action" or "formaction" && ScriptScheme(attribute.Groups["value"].Value) is { } scheme)
                {
                    found.Add((at, name == "href" ? $"a '{scheme}:' link was removed (its text is kept)" : $"a '{scheme}:' {name} was removed"));
                }
            }
        }

        var line = 0;
        var counted = 0;
        foreach (var (at, what) in found)
        {
            line += html.AsSpan(counted, at - counted).Count('\n');
            counted = at;
            yield return (line, what);
        }
    }

    [GeneratedRegex(@"<script|script:|data:|\bon[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex Suspect();

    [GeneratedRegex(@"<(?<name>[A-Za-z][A-Za-z0-9-]*)\b[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s(?<name>[A-Za-z][A-Za-z0-9_:-]*)\s*=\s*(?:""(?<value>[^""]*)""|'(?<value>[^']*)'|(?<value>[^\s>]+))")]
    private static partial Regex Attribute();
}
