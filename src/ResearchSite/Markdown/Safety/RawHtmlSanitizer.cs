using Ganss.Xss;
using Markdig.Syntax.Inlines;
using ResearchSite.Diagnostics;

namespace ResearchSite.Markdown.Safety;

/// <summary>
/// Raw HTML in articles (pasted from Word, tables, figures) goes through an allow-list: what studies
/// need stays; scripts, event handlers, javascript: and data: URLs, iframes, forms and styles go, each
/// removal a warning at the line where the author wrote it.
/// </summary>
public static class RawHtmlSanitizer
{
    private static readonly string[] Tags =
    [
        "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details", "div",
        "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p",
        "pre", "q", "s", "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
        "time", "tr", "u", "ul",
    ];

    private static readonly string[] Attributes =
    [
        "alt", "aria-describedby", "aria-label", "aria-labelledby", "cite", "class", "colspan", "datetime", "dir", "height", "href", "id",
        "lang", "open", "rel", "role", "rowspan", "scope", "src", "start", "title", "type", "value", "width",
    ];

    private static HtmlSanitizer Create()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedTags.Clear();
        sanitizer.AllowedTags.UnionWith(Tags);
        sanitizer.AllowedAttributes.Clear();
        sanitizer.AllowedAttributes.UnionWith(Attributes);
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.UnionWith(["http", "https", "mailto"]);
        sanitizer.AllowedCssProperties.Clear();
        sanitizer.AllowedAtRules.Clear();
        sanitizer.UriAttributes.UnionWith(["href", "src", "cite"]);
        sanitizer.KeepChildNodes = true;
        return sanitizer;
    }

    /// <summary>Warns, with its line, about every part of the raw HTML of <paramref name="document"/> that will be removed.</summary>
    public static bool Inspect(DocumentNodes nodes, string file, int firstBodyLine, DiagnosticBag diagnostics)
    {
        var raw = nodes.HtmlBlocks.Select(b => (Html: b.Lines.ToString(), b.Line))
            .Concat(nodes.HtmlInlines.Select(i => (Html: i.Tag, i.Line)));
        var found = false;
        foreach (var (html, line) in raw)
        {
            found = true;
            var sanitizer = Create();
            var reported = new HashSet<string>();
            void Warn(string what)
            {
                if (reported.Add(what))
                {
                    diagnostics.Warning(file, firstBodyLine + line, 1, $"{what} was removed from the raw HTML: articles may not carry scripts, event handlers, styles, frames, forms or javascript:/data: links.");
                }
            }

            sanitizer.RemovingTag += (_, e) => Warn($"<{e.Tag.LocalName}>");
            sanitizer.RemovingAttribute += (_, e) => Warn($"the attribute {e.Attribute.Name}=\"{Shorten(e.Attribute.Value)}\" on <{e.Tag.LocalName}>");
            sanitizer.RemovingStyle += (_, e) => Warn($"the style {e.Style.Name}");
            sanitizer.RemovingComment += (_, _) => { };
            sanitizer.Sanitize(html);
        }

        return found;
    }

    /// <summary>The rendered body, cleaned by the same allow-list; only needed when the article has raw HTML.</summary>
    public static string Clean(string html) => Create().Sanitize(html);

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}

/// <summary>Markdown links and images may only point to the web, mail, or a place in the site.</summary>
public static class LinkSafety
{
    /// <summary>Removes unsafe links and returns the links that stay.</summary>
    public static IReadOnlyList<LinkInline> Check(IReadOnlyList<LinkInline> links, string file, int firstBodyLine, DiagnosticBag diagnostics)
    {
        var kept = new List<LinkInline>(links.Count);
        foreach (var link in links)
        {
            if (link.Url is not { } url || IsSafe(url))
            {
                kept.Add(link);
                continue;
            }

            diagnostics.Warning(file, firstBodyLine + link.Line, link.Column + 1, $"the link to '{(url.Length > 40 ? url[..40] + "…" : url)}' was removed: links may point to http(s), mailto or a page of the site, never to javascript: or data:.");
            link.Url = null;
            if (link.IsImage)
            {
                link.Remove();
            }
            else
            {
                var children = link.ToList();
                foreach (var child in children)
                {
                    child.Remove();
                    link.InsertBefore(child);
                }

                link.Remove();
            }
        }

        return kept;
    }

    public static bool IsSafe(string url)
    {
        var trimmed = new string(url.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray());
        var colon = trimmed.IndexOf(':');
        if (colon < 0)
        {
            return true;
        }

        var slash = trimmed.IndexOfAny(['/', '?', '#']);
        if (slash >= 0 && slash < colon)
        {
            return true;
        }

        var scheme = trimmed[..colon].ToLowerInvariant();
        return scheme is "http" or "https" or "mailto";
    }
}
