using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Ganss.Xss;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using ResearchSite.Diagnostics;
using ResearchSite.Markdown.Notes;

namespace ResearchSite.Markdown.Safety;

/// <summary>Where one piece of raw HTML landed in the rendered body, and the file line it starts at.</summary>
public readonly record struct RawHtmlSpan(int Start, int End, int Line);

/// <summary>
/// Raw HTML in articles (pasted from Word, tables, figures) goes through an allow-list: what studies
/// need stays; scripts, event handlers, styles, frames, forms and every URL that <see cref="UrlPolicy"/>
/// refuses go, each removal a warning at the line where the author wrote it. What would make the
/// rest of the article disappear (a comment or a &lt;script&gt; that never closes) and HTML nested
/// too deep to parse in good time are errors. One instance per article.
/// </summary>
public sealed class RawHtmlSanitizer(string file, int firstBodyLine, IReadOnlySet<string> pageIds, DiagnosticBag diagnostics)
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

    // Of the attributes above, those that hold a URL.
    private static readonly string[] UrlAttributes = ["href", "src", "cite"];

    // Elements whose content is text of the element, never markup, until their end tag (scripting on).
    private static readonly HashSet<string> RawTextElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext",
    };

    /// <summary>
    /// Removed with everything inside: their content is code, hidden, or a stand-in for what was
    /// removed (frames, objects, media, form controls), never text meant for the reader.
    /// </summary>
    private static readonly HashSet<string> DroppedWithContent = new(RawTextElements, StringComparer.OrdinalIgnoreCase)
    {
        "template", "object", "embed", "applet", "audio", "video", "canvas", "select", "datalist", "svg", "math",
    };

    private const string DocumentPrefix = "<!doctype html><html><body>";

    // Source positions tell the author's elements from the ones Markdown made; scripting on, as browsers parse.
    private static readonly HtmlParser Parser = new(new HtmlParserOptions { IsScripting = true, IsKeepingSourceReferences = true });

    private readonly HashSet<int> unclosedReported = [];

    /// <summary>The ids the article's raw HTML sets: headings take others.</summary>
    public HashSet<string> Ids { get; } = new(StringComparer.Ordinal);

    /// <summary>The ids the raw HTML still carries once <see cref="Clean"/> has removed the page's and repeated ones: links may point at them.</summary>
    public IReadOnlyCollection<string> KeptIds { get; private set; } = [];

    internal static bool IsRawText(string name) => RawTextElements.Contains(name);

    /// <summary>Where the end tag of a raw-text element <paramref name="name"/> starts, searching from <paramref name="from"/>; -1 if it has none.</summary>
    internal static int ClosingTagAt(string text, string name, int from)
    {
        if (name.Equals("plaintext", StringComparison.OrdinalIgnoreCase))
        {
            return -1;
        }

        for (var at = text.IndexOf("</", from, StringComparison.Ordinal); at >= 0; at = text.IndexOf("</", at + 2, StringComparison.Ordinal))
        {
            var after = at + 2 + name.Length;
            if (after <= text.Length
                && string.Compare(text, at + 2, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0
                && (after == text.Length || text[after] is ' ' or '\t' or '\n' or '\r' or '\f' or '/' or '>'))
            {
                return at;
            }
        }

        return -1;
    }

    /// <summary>
    /// Checks the raw HTML of the document before it is rendered: reports what will be removed, and
    /// what cannot be rendered. Returns whether raw HTML is left that <see cref="Clean"/> must sanitize.
    /// </summary>
    public bool Inspect(DocumentNodes nodes)
    {
        if (nodes.RawHtml.Count == 0)
        {
            return false;
        }

        var fragments = nodes.RawHtml.Select(Text).ToList();
        if (RawHtmlNesting.FirstTooDeep(fragments) is var (fragment, offset, tag))
        {
            diagnostics.Error(file, LineOf(nodes.RawHtml[fragment], fragments[fragment], offset), 1, $"the raw HTML here nests elements more than {RawHtmlNesting.MaximumDepth} deep (this <{tag}> among them), which cannot be rendered: close the elements you open, or simplify the HTML.");

            // Nothing of it is parsed, nor rendered: Markdown alone is safe without the sanitizer.
            foreach (var node in nodes.RawHtml)
            {
                Remove(node);
            }

            return false;
        }

        foreach (var block in nodes.RawHtml.OfType<HtmlBlock>())
        {
            CheckCloses(block);
        }

        DropInlineContent(nodes.RawHtml.OfType<HtmlInline>());
        for (var i = 0; i < fragments.Count; i++)
        {
            Inspect(fragments[i], nodes.RawHtml[i].Line);
        }

        return true;
    }

    private static string Text(MarkdownObject node) => node is HtmlBlock block ? block.Lines.ToString() : ((HtmlInline)node).Tag;

    private int LineOf(MarkdownObject node, string text, int offset) => firstBodyLine + node.Line + text.AsSpan(0, offset).Count('\n');

    private static void Remove(MarkdownObject node)
    {
        if (node is Block block)
        {
            block.Parent?.Remove(block);
        }
        else
        {
            ((Inline)node).Remove();
        }
    }

    /// <summary>
    /// An HTML block that never closes runs to the end of the article (or of its list or quote), and
    /// everything in it would disappear with the comment or script it opened: an error at its line.
    /// </summary>
    private void CheckCloses(HtmlBlock block)
    {
        var text = block.Lines.ToString();
        var comment = UnclosedComment(text);
        if (comment >= 0)
        {
            Unclosed(LineOf(block, text, comment), "this HTML comment is never closed: everything after it would disappear from the page; end it with -->.");
            return;
        }

        var unclosed = block.Type switch
        {
            // A block that starts with <script>, <pre>, <style> or <textarea> ends at the first of their end tags.
            HtmlBlockType.ScriptPreOrStyle => new[] { "script", "pre", "style", "textarea" }.All(n => ClosingTagAt(text, n, 0) < 0) ? $"the <{OpeningName(text)}> opened here is never closed: everything after it would disappear from the page; close it with </{OpeningName(text)}>." : null,
            HtmlBlockType.ProcessingInstruction => text.Contains("?>", StringComparison.Ordinal) ? null : "the '<?' opened here is never closed with '?>': everything after it would disappear from the page; close it or remove it.",
            HtmlBlockType.DocumentType => text.IndexOf('>', 1) >= 0 ? null : "the '<!' opened here is never closed with '>': everything after it would disappear from the page; close it or remove it.",
            HtmlBlockType.CData => text.Contains("]]>", StringComparison.Ordinal) ? null : "the '<![CDATA[' opened here is never closed with ']]>': everything after it would disappear from the page; close it or remove it.",
            _ => null,
        };
        if (unclosed is not null)
        {
            Unclosed(firstBodyLine + block.Line, unclosed);
        }
    }

    private void Unclosed(int line, string message)
    {
        if (unclosedReported.Add(line))
        {
            diagnostics.Error(file, line, 1, message);
        }
    }

    private static string OpeningName(string text)
    {
        var start = text.IndexOf('<') + 1;
        var end = start;
        while (end < text.Length && char.IsAsciiLetter(text[end]))
        {
            end++;
        }

        return text[start..end].ToLowerInvariant();
    }

    /// <summary>The offset of the first comment of <paramref name="text"/> that has no end, or -1.</summary>
    private static int UnclosedComment(string text)
    {
        var from = 0;
        while (text.IndexOf("<!--", from, StringComparison.Ordinal) is var at and >= 0)
        {
            var body = at + 4;

            // <!--> and <!---> are whole (empty) comments to an HTML parser.
            if (string.CompareOrdinal(text, body, ">", 0, 1) == 0 || string.CompareOrdinal(text, body, "->", 0, 2) == 0)
            {
                from = body;
                continue;
            }

            var end = text.IndexOf("-->", body, StringComparison.Ordinal);
            var bang = text.IndexOf("--!>", body, StringComparison.Ordinal);
            if (end < 0 && bang < 0)
            {
                return at;
            }

            from = end < 0 ? bang + 4 : bang < 0 ? end + 3 : Math.Min(end + 3, bang + 4);
        }

        return -1;
    }

    /// <summary>
    /// In a paragraph, <c>&lt;script&gt;x&lt;/script&gt;</c> is two raw tags with Markdown text between
    /// them, which would stay in the description, the table of contents and the search index. The
    /// tags go with what is between them; one that is never closed in its paragraph is an error.
    /// </summary>
    private void DropInlineContent(IEnumerable<HtmlInline> tags)
    {
        foreach (var container in tags.Select(t => t.Parent).OfType<ContainerInline>().Distinct().ToList())
        {
            var children = new List<Inline>();
            for (var child = container.FirstChild; child is not null; child = child.NextSibling)
            {
                children.Add(child);
            }

            var remove = new List<Inline>();
            string? name = null;
            var depth = 0;
            var start = 0;
            for (var i = 0; i < children.Count; i++)
            {
                if (children[i] is not HtmlInline html || TagName(html.Tag) is not var (tag, closing))
                {
                    continue;
                }

                if (name is null)
                {
                    if (!closing && DroppedWithContent.Contains(tag))
                    {
                        (name, depth, start) = (tag, 1, i);
                    }
                }
                else if (tag.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    depth += closing ? -1 : 1;
                    if (depth == 0)
                    {
                        remove.AddRange(children[start..(i + 1)]);
                        name = null;
                    }
                }
            }

            if (name is not null)
            {
                var opening = children[start];
                Unclosed(firstBodyLine + opening.Line, $"the <{name.ToLowerInvariant()}> opened here is not closed in its paragraph: everything after it would disappear from the page; close it there with </{name.ToLowerInvariant()}>, or remove it.");
                remove.Add(opening);
            }

            foreach (var inline in remove)
            {
                inline.Remove();
            }
        }
    }

    private static (string Name, bool Closing)? TagName(string tag)
    {
        var closing = tag.StartsWith("</", StringComparison.Ordinal);
        var start = closing ? 2 : 1;
        var end = start;
        while (end < tag.Length && (char.IsAsciiLetterOrDigit(tag[end]) || tag[end] == '-'))
        {
            end++;
        }

        return end > start && tag[0] == '<' ? (tag[start..end], closing) : null;
    }

    /// <summary>Warns about every part of one piece of raw HTML that will be removed, and notes the ids it sets.</summary>
    private void Inspect(string html, int line)
    {
        var sanitizer = Create();
        var reported = new HashSet<string>();
        void Warn(string what)
        {
            if (reported.Add(what))
            {
                diagnostics.Warning(file, firstBodyLine + line, 1, $"{what} was removed from the raw HTML: articles may not carry scripts, event handlers, styles, frames, forms, or links and images other than http(s), mailto and the site's own.");
            }
        }

        // Not what was inside an element already dropped with its content.
        sanitizer.RemovingTag += (_, e) =>
        {
            if (e.Tag.GetRoot() is IDocument)
            {
                Warn($"<{e.Tag.LocalName}>");
            }
        };
        sanitizer.RemovingAttribute += (_, e) => Warn($"the attribute {e.Attribute.Name}=\"{UrlPolicy.Describe(e.Attribute.Value)}\" on <{e.Tag.LocalName}>");
        sanitizer.RemovingStyle += (_, e) => Warn($"the style {e.Style.Name}");
        using var document = sanitizer.SanitizeDom(html);
        foreach (var element in document.Body?.QuerySelectorAll("[id]") ?? Enumerable.Empty<IElement>())
        {
            Ids.Add(element.Id!);
        }

        foreach (var image in document.Body?.QuerySelectorAll("img[src]") ?? Enumerable.Empty<IElement>())
        {
            if (UrlPolicy.IsOtherSite(image.GetAttribute("src")))
            {
                diagnostics.Error(file, firstBodyLine + line, 1, $"the image '{UrlPolicy.Describe(image.GetAttribute("src")!)}' in the raw HTML: {UrlPolicy.OtherSiteImage}.");
            }
        }
    }

    /// <summary>
    /// The rendered body, cleaned by the same allow-list; only needed when the article has raw HTML.
    /// <paramref name="spans"/> say where the raw HTML is in it (in order), so that what is checked
    /// and reported is the author's HTML, never what Markdown made.
    /// </summary>
    public string Clean(string html, IReadOnlyList<RawHtmlSpan> spans)
    {
        using var document = Parser.ParseDocument(DocumentPrefix + html);
        var body = document.Body!;
        int? Offset(IElement element) => element.SourceReference is { } source ? source.Position.Position - 1 - DocumentPrefix.Length : null;
        RawHtmlSpan? SpanOf(IElement element) => Offset(element) is { } offset ? Find(spans, offset) : null;
        int LineAt(RawHtmlSpan span, int offset) => span.Line + html.AsSpan(span.Start, Math.Max(0, offset - span.Start)).Count('\n');

        // An element dropped with its content may not hold what Markdown made after it: that would vanish.
        foreach (var element in body.QuerySelectorAll("*").Where(e => DroppedWithContent.Contains(e.LocalName)))
        {
            if (SpanOf(element) is not { } span || unclosedReported.Contains(span.Line))
            {
                continue;
            }

            var offset = Offset(element)!.Value;
            var swallows = RawTextElements.Contains(element.LocalName)
                ? ClosingTagAt(html, element.LocalName, offset + 1) is var close && (close < 0 || close >= span.End)
                : Descendants(element).Any(e => Offset(e) is { } inner && (inner < span.Start || inner >= span.End));
            if (swallows)
            {
                Unclosed(LineAt(span, offset), $"the <{element.LocalName}> opened here is not closed in the same HTML: everything after it would disappear from the page; close it with </{element.LocalName}> before the next Markdown text.");
            }
        }

        var sanitizer = Create();
        sanitizer.SanitizeDom(document, body);

        // Ids of the page and its notes, and ids the raw HTML already used, are taken.
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in body.QuerySelectorAll("[id]").ToList())
        {
            if (SpanOf(element) is not { } span)
            {
                continue;
            }

            var id = element.Id!;
            if (id.Length == 0)
            {
                continue;
            }

            var why = pageIds.Contains(id) || NoteIds.IsNoteId(id) ? "the page itself uses this id"
                : !used.Add(id) ? "an element before it already has this id"
                : null;
            if (why is not null)
            {
                element.RemoveAttribute("id");
                diagnostics.Warning(file, LineAt(span, Offset(element)!.Value), 1, $"the id '{id}' on <{element.LocalName}> was removed from the raw HTML: {why}; give the element another id.");
            }
        }

        KeptIds = used;
        return body.ChildNodes.ToHtml(sanitizer.OutputFormatter);
    }

    private static IEnumerable<IElement> Descendants(IElement element) =>
        element is IHtmlTemplateElement template
            ? template.Content.QuerySelectorAll("*")
            : element.QuerySelectorAll("*");

    private static RawHtmlSpan? Find(IReadOnlyList<RawHtmlSpan> spans, int offset)
    {
        int low = 0, high = spans.Count - 1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (spans[middle].End <= offset)
            {
                low = middle + 1;
            }
            else if (spans[middle].Start > offset)
            {
                high = middle - 1;
            }
            else
            {
                return spans[middle];
            }
        }

        return null;
    }

    private static HtmlSanitizer Create()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedTags.Clear();
        sanitizer.AllowedTags.UnionWith(Tags);
        sanitizer.AllowedAttributes.Clear();
        sanitizer.AllowedAttributes.UnionWith(Attributes);
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.UnionWith(UrlPolicy.Schemes);
        sanitizer.AllowedCssProperties.Clear();
        sanitizer.AllowedAtRules.Clear();
        sanitizer.UriAttributes.Clear();
        sanitizer.UriAttributes.UnionWith(UrlAttributes);
        sanitizer.KeepChildNodes = true;

        // The one allow-list decides, not the sanitizer's own reading of schemes.
        sanitizer.FilterUrl += (_, e) => e.SanitizedUrl = UrlPolicy.IsAllowed(e.OriginalUrl) ? e.OriginalUrl : null;
        sanitizer.RemovingTag += (_, e) =>
        {
            if (DroppedWithContent.Contains(e.Tag.LocalName))
            {
                foreach (var child in e.Tag.ChildNodes.ToList())
                {
                    child.RemoveFromParent();
                }

                if (e.Tag is IHtmlTemplateElement template)
                {
                    foreach (var child in template.Content.ChildNodes.ToList())
                    {
                        child.RemoveFromParent();
                    }
                }
            }
        };
        return sanitizer;
    }
}
