namespace ResearchSite.Markdown.Safety;

/// <summary>
/// Bounds how deep an article's raw HTML nests before any HTML parser sees it. The HTML tree builder
/// pays for every element with the depth it sits at (and much more past its own cap of 512): 40,000
/// nested &lt;div&gt;s (200 KB) took a minute. This scan is linear; it follows the tree builder closely
/// enough (void elements, elements whose end tag may be left out, raw text, end tags closing what they
/// match) that the depth it finds is never less than a browser's for markup a person writes.
/// </summary>
public static class RawHtmlNesting
{
    /// <summary>Elements one inside the other; pasted Word tables stay far below it.</summary>
    public const int MaximumDepth = 100;

    private static readonly HashSet<string> Void = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
    };

    // An element of these closes its open sibling of the same kind instead of nesting in it.
    private static readonly HashSet<string> OptionalEnd = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup", "rb", "rt", "rtc", "rp", "colgroup", "caption",
    };

    /// <summary>Where the raw HTML first nests deeper than <see cref="MaximumDepth"/>: the fragment, the offset in it and the tag; or null.</summary>
    public static (int Fragment, int Offset, string Tag)? FirstTooDeep(IReadOnlyList<string> fragments)
    {
        // One stack through every fragment in document order: an element left open in one block holds the next ones.
        var open = new List<string>();
        for (var f = 0; f < fragments.Count; f++)
        {
            var text = fragments[f];
            var i = 0;
            while ((i = text.IndexOf('<', i)) >= 0)
            {
                if (At(text, i, "<!--"))
                {
                    i = After(text, "-->", i + 4);
                    continue;
                }

                if (At(text, i, "<!") || At(text, i, "<?"))
                {
                    i = After(text, ">", i + 2);
                    continue;
                }

                var closing = At(text, i, "</");
                var nameStart = closing ? i + 2 : i + 1;
                var nameEnd = nameStart;
                while (nameEnd < text.Length && (char.IsAsciiLetterOrDigit(text[nameEnd]) || text[nameEnd] is '-' or ':'))
                {
                    nameEnd++;
                }

                if (nameEnd == nameStart || !char.IsAsciiLetter(text[nameStart]))
                {
                    i++;
                    continue;
                }

                var name = text[nameStart..nameEnd];
                var end = TagEnd(text, nameEnd);
                if (closing)
                {
                    var at = open.FindLastIndex(n => n.Equals(name, StringComparison.OrdinalIgnoreCase));
                    if (at >= 0)
                    {
                        open.RemoveRange(at, open.Count - at);
                    }

                    i = end;
                    continue;
                }

                if (RawHtmlSanitizer.IsRawText(name))
                {
                    // Its text is no markup; it ends at its end tag (or nowhere, which is reported elsewhere).
                    var close = RawHtmlSanitizer.ClosingTagAt(text, name, end);
                    i = close < 0 ? text.Length : close;
                    continue;
                }

                // "/>" closes an element only inside SVG and MathML; <div/> is an open <div>.
                var selfClosing = end >= 2 && text[end - 2] == '/' && open.Exists(n => n.Equals("svg", StringComparison.OrdinalIgnoreCase) || n.Equals("math", StringComparison.OrdinalIgnoreCase));
                if (!Void.Contains(name) && !selfClosing && !OptionalEnd.Contains(name))
                {
                    open.Add(name);
                    if (open.Count > MaximumDepth)
                    {
                        return (f, i, name.ToLowerInvariant());
                    }
                }

                i = end;
            }
        }

        return null;
    }

    private static bool At(string text, int index, string what) => string.CompareOrdinal(text, index, what, 0, what.Length) == 0;

    private static int After(string text, string what, int from)
    {
        var at = text.IndexOf(what, from, StringComparison.Ordinal);
        return at < 0 ? text.Length : at + what.Length;
    }

    /// <summary>The offset after the tag's '&gt;'; a quote only starts a value after '=', as for the tree builder.</summary>
    private static int TagEnd(string text, int from)
    {
        for (var i = from; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '>':
                    return i + 1;
                case '=':
                    var value = i + 1;
                    while (value < text.Length && char.IsWhiteSpace(text[value]))
                    {
                        value++;
                    }

                    if (value < text.Length && text[value] is '"' or '\'')
                    {
                        var close = text.IndexOf(text[value], value + 1);
                        if (close < 0)
                        {
                            return text.Length;
                        }

                        i = close;
                    }

                    break;
            }
        }

        return text.Length;
    }
}
