using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace ResearchSite.Import;

/// <summary>What the converter asks of the import about a post's links and images.</summary>
public interface IConversionContext
{
    /// <summary>The href to write for a link (a link to another imported post becomes its .md file).</summary>
    string Link(string href);

    /// <summary>The Markdown of a figure (an image alone in its paragraph), or of a link when the file stays remote.</summary>
    string Figure(string src, string alt, string caption);

    /// <summary>Something a person should look at, for the report.</summary>
    void Notice(string message);
}

/// <summary>A post's body in the content format, with what was converted.</summary>
public sealed record ConvertedBody(string Markdown, int Notes, int Figures, IReadOnlyList<string> UnknownShortcodes)
{
    /// <summary>Images whose file stays on another host: links, not figures.</summary>
    public int RemoteImages { get; init; }
}

/// <summary>
/// WordPress HTML (block editor or classic) to the content format's Markdown: block comments dropped,
/// paragraphs, headings, lists, tables, quotes, code and links kept, the footnotes of every kind WordPress
/// sites use turned into notes, images into figures.
/// </summary>
public sealed partial class HtmlToMarkdown
{
    /// <summary>The words that head an archive's numbered sources (the build reads the same).</summary>
    public static IReadOnlyList<string> SourcesWords { get; } = ["المصادر", "المراجع", "الهوامش", "sources", "references", "notes"];

    // One parser per thread: posts are converted in parallel, and a parser is not meant to be shared.
    [ThreadStatic]
    private static HtmlParser? parser;

    private readonly IConversionContext context;
    private readonly List<string> blocks = [];
    private readonly List<string> pendingFigures = [];
    private readonly Dictionary<string, int> noteNumbers = new(StringComparer.Ordinal);
    private readonly List<string> noteTexts = [];
    private readonly HashSet<string> unknownShortcodes = new(StringComparer.OrdinalIgnoreCase);
    private IReadOnlyDictionary<string, string> blockNotes = new Dictionary<string, string>();
    private List<string> shortcodeNotes = [];
    private List<string>? sources;
    private Dictionary<string, INodeList>? parsedNotes;
    private IElement? body;
    private int figures;
    private int remoteImages;
    private bool inSources;

    private HtmlToMarkdown(IConversionContext context) => this.context = context;

    private static HtmlParser Parser => parser ??= new HtmlParser();

    /// <param name="html">The post's content:encoded.</param>
    /// <param name="footnotesMeta">The block editor's 'footnotes' post meta (JSON), or empty.</param>
    /// <param name="context">Links and images.</param>
    public static ConvertedBody Convert(string html, string footnotesMeta, IConversionContext context)
    {
        var converter = new HtmlToMarkdown(context);
        return converter.Run(html, footnotesMeta);
    }

    private ConvertedBody Run(string html, string footnotesMeta)
    {
        blockNotes = ReadFootnotesMeta(footnotesMeta);
        var notes = new List<string>();
        html = Shortcodes.AutoParagraphs(Shortcodes.Expand(html, notes));
        shortcodeNotes = notes;
        var document = Parser.ParseDocument("<!DOCTYPE html><html><body>" + html + "</body></html>");
        body = document.Body!;
        Blocks(body.ChildNodes);
        FlushSources();
        var markdownText = new StringBuilder(string.Join("\n\n", blocks.Where(b => b.Length > 0)));
        if (noteTexts.Count > 0)
        {
            markdownText.Append("\n\n");
            for (var i = 0; i < noteTexts.Count; i++)
            {
                markdownText.Append(CultureInfo.InvariantCulture, $"[^{i + 1}]: {noteTexts[i]}\n");
            }
        }

        var markdown = markdownText.ToString().TrimEnd() + "\n";
        var archiveNotes = ArchiveEntry().Matches(markdown).Count;
        return new ConvertedBody(markdown, noteTexts.Count + archiveNotes, figures, unknownShortcodes.Order(StringComparer.Ordinal).ToList()) { RemoteImages = remoteImages };
    }

    private static Dictionary<string, string> ReadFootnotesMeta(string json)
    {
        var notes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return notes;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Array)
            {
                foreach (var note in document.RootElement.EnumerateArray())
                {
                    if (note.ValueKind == JsonValueKind.Object && note.TryGetProperty("id", out var id) && note.TryGetProperty("content", out var content))
                    {
                        notes.TryAdd(id.ToString(), content.ToString());
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Reported where a marker finds no note.
        }

        return notes;
    }

    private void Blocks(INodeList nodes)
    {
        var loose = new List<INode>();
        foreach (var node in nodes)
        {
            if (node is IElement element && IsBlock(element))
            {
                Paragraph(loose);
                loose.Clear();
                Block(element);
            }
            else if (node.NodeType is NodeType.Text or NodeType.Element)
            {
                loose.Add(node);
            }
        }

        Paragraph(loose);
    }

    private static bool IsBlock(IElement element) => element.LocalName is "p" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "ul" or "ol"
        or "table" or "blockquote" or "pre" or "figure" or "div" or "section" or "article" or "main" or "header" or "footer" or "aside"
        or "hr" or "iframe" or "center" or "dl" or "figcaption" or "script" or "style";

    private void Block(IElement element)
    {
        switch (element.LocalName)
        {
            case "p":
                Paragraph(element.ChildNodes.ToList());
                break;
            case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                var text = Inline(element.ChildNodes).Trim();
                if (IsSourcesWord(text))
                {
                    StartSources(text);
                }
                else if (text.Length > 0)
                {
                    Add(new string('#', Math.Max(2, element.LocalName[1] - '0')) + " " + text.TrimEnd(':', ' '));
                }

                break;
            case "ul" or "ol":
                Add(List(element, string.Empty));
                break;
            case "table":
                Add(Table(element));
                break;
            case "blockquote":
                Add(Quote(element));
                break;
            case "pre":
                Add(Fence(element.TextContent));
                break;
            case "figure":
                Figure(element);
                break;
            case "iframe":
                Embed(element.GetAttribute("src") ?? string.Empty, string.Empty);
                break;
            case "hr":
                Add("---");
                break;
            case "script" or "style":
                break;
            default:
                Blocks(element.ChildNodes);
                break;
        }
    }

    private void Add(string block)
    {
        FlushSources();
        if (block.Length > 0)
        {
            blocks.Add(block);
        }

        blocks.AddRange(pendingFigures);
        pendingFigures.Clear();
    }

    private void Paragraph(IReadOnlyList<INode> nodes)
    {
        if (nodes.All(n => n.NodeType == NodeType.Text && string.IsNullOrWhiteSpace(n.TextContent)))
        {
            return;
        }

        var text = Inline(nodes).Trim();
        if (text.Contains('\n', StringComparison.Ordinal))
        {
            text = HardBreak().Replace(text, "\\\n");
        }

        var plain = text.Replace("*", string.Empty, StringComparison.Ordinal).Trim();
        if (IsSourcesWord(plain))
        {
            StartSources(plain);
            return;
        }

        if (inSources)
        {
            sources!.AddRange(text.Split('\n').Select(l => l.Trim().TrimEnd('\\').Trim()).Where(l => l.Length > 0));
            blocks.AddRange(pendingFigures);
            pendingFigures.Clear();
            return;
        }

        // A paragraph that is only bold text reads as a section title: "<p><strong>أولًا: …</strong></p>".
        var elements = nodes.OfType<IElement>().ToList();
        if (elements.Count == 1 && elements[0].LocalName is "strong" or "b"
            && nodes.Where(n => n.NodeType == NodeType.Text).All(n => string.IsNullOrWhiteSpace(n.TextContent))
            && plain.Length is > 0 and <= 120 && !plain.EndsWith('.') && !plain.Contains('\n', StringComparison.Ordinal))
        {
            Add("## " + plain.TrimEnd(':', ' '));
            return;
        }

        Add(StartOfLine(text));
    }

    private void StartSources(string word)
    {
        FlushSources();
        inSources = true;
        sources = [word.TrimEnd(':', ' ') + ":"];
    }

    private void FlushSources()
    {
        if (sources is not null)
        {
            var list = sources;
            sources = null;
            inSources = false;
            if (list.Count > 1)
            {
                blocks.Add(string.Join('\n', list));
            }
            else
            {
                // A sources word with nothing after it is an ordinary heading.
                blocks.Add("## " + list[0].TrimEnd(':'));
            }
        }
    }

    // Most paragraphs are far longer than any sources word: those are told apart by their length alone.
    private static bool IsSourcesWord(string text) =>
        text.Length <= 32 && SourcesWords.Contains(text.Trim().TrimEnd(':', ' ', '：').Trim(), StringComparer.OrdinalIgnoreCase);

    /// <summary>A paragraph must not start with what Markdown reads as a heading, quote, list or rule.</summary>
    public static string StartOfLine(string text) =>
        string.Join('\n', text.Split('\n').Select(line => LineStart().Match(line) is not { Success: true } start ? line
            : char.IsAsciiDigit(line[0]) ? line.Insert(start.Value.TrimEnd().Length - 1, "\\") // "1\." : a backslash escapes only punctuation
            : "\\" + line));

    private string List(IElement list, string indent)
    {
        var ordered = list.LocalName == "ol";
        var lines = new List<string>();
        var number = int.TryParse(list.GetAttribute("start"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var start) ? start : 1;
        foreach (var item in list.Children.Where(c => c.LocalName == "li"))
        {
            var marker = ordered ? string.Create(CultureInfo.InvariantCulture, $"{number++}. ") : "- ";
            var inner = indent + new string(' ', marker.Length);
            var text = Inline(item.ChildNodes.Where(n => n is not IElement { LocalName: "ul" or "ol" })).Trim();
            lines.Add(indent + marker + text.Replace("\n", "\n" + inner, StringComparison.Ordinal));
            foreach (var nested in item.Children.Where(c => c.LocalName is "ul" or "ol"))
            {
                lines.Add(List(nested, inner));
            }
        }

        return string.Join('\n', lines);
    }

    private string Table(IElement table)
    {
        var rows = table.QuerySelectorAll("tr").Select(r => r.Children.Where(c => c.LocalName is "td" or "th")
            .Select(c => Inline(c.ChildNodes).Trim().Replace("\n", " ", StringComparison.Ordinal).Replace("\\ ", " ", StringComparison.Ordinal)).ToList()).Where(r => r.Count > 0).ToList();
        if (rows.Count == 0)
        {
            return string.Empty;
        }

        var width = rows.Max(r => r.Count);
        var lines = rows.Select(r => "| " + string.Join(" | ", r.Concat(Enumerable.Repeat(string.Empty, width - r.Count))) + " |").ToList();
        lines.Insert(1, "|" + string.Concat(Enumerable.Repeat(" --- |", width)));
        var caption = table.QuerySelector("caption") is { } c ? Inline(c.ChildNodes).Trim() : string.Empty;
        return caption.Length > 0 ? caption + "\n\n" + string.Join('\n', lines) : string.Join('\n', lines);
    }

    private string Quote(IElement quote)
    {
        // The quote's blocks are converted in place (notes keep one numbering), then taken out and prefixed.
        FlushSources();
        var first = blocks.Count;
        var cite = quote.QuerySelector("cite");
        cite?.Remove();
        Blocks(quote.ChildNodes);
        FlushSources();
        var text = string.Join("\n\n", blocks.Skip(first));
        blocks.RemoveRange(first, blocks.Count - first);
        var source = cite is null ? quote.GetAttribute("cite") ?? string.Empty : Inline(cite.ChildNodes).Trim();
        if (source.Length > 0)
        {
            text += "\n\n— " + source;
        }

        return string.Join('\n', text.Split('\n').Select(l => l.Length == 0 ? ">" : "> " + l));
    }

    private static string Fence(string code)
    {
        var longest = BacktickRun().Matches(code).Select(m => m.Length).DefaultIfEmpty(0).Max();
        var fence = new string('`', Math.Max(3, longest + 1));
        return fence + "\n" + code.TrimEnd('\n') + "\n" + fence;
    }

    private void Figure(IElement figure)
    {
        var classes = figure.GetAttribute("class") ?? string.Empty;
        var caption = figure.QuerySelector("figcaption") is { } c ? Inline(c.ChildNodes).Trim() : string.Empty;
        if (classes.Contains("wp-block-embed", StringComparison.Ordinal))
        {
            var wrapper = figure.QuerySelector(".wp-block-embed__wrapper");
            Embed((wrapper ?? figure).TextContent.Trim().Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty, caption);
            return;
        }

        if (figure.QuerySelector("img") is { } image)
        {
            Add(Image(image, caption));
            return;
        }

        if (figure.QuerySelector("table") is { } table)
        {
            Add(Table(table));
            if (caption.Length > 0)
            {
                Add(StartOfLine(caption));
            }

            return;
        }

        Blocks(figure.ChildNodes);
    }

    private void Embed(string url, string caption)
    {
        if (url.Length == 0)
        {
            return;
        }

        context.Notice($"embed {url} became a link");
        Add($"[{(caption.Length > 0 ? caption : Escape(url))}]({Destination(url)})");
    }

    private string Image(IElement image, string caption)
    {
        var src = image.GetAttribute("src") ?? string.Empty;
        var alt = (image.GetAttribute("alt") ?? string.Empty).Trim();
        var markdown = context.Figure(src, alt, caption);
        // The context writes a figure ("![…](…)") for a file of the site, a link for one left on its host.
        if (markdown.StartsWith("![", StringComparison.Ordinal))
        {
            figures++;
        }
        else
        {
            remoteImages++;
        }

        return markdown;
    }

    private string Inline(IEnumerable<INode> nodes)
    {
        var builder = new StringBuilder();
        foreach (var node in nodes)
        {
            builder.Append(Inline(node));
        }

        return builder.ToString();
    }

    private string Inline(INode node)
    {
        if (node.NodeType == NodeType.Text)
        {
            var text = node.TextContent;
            foreach (var name in Shortcodes.Unknown(text))
            {
                unknownShortcodes.Add(name);
            }

            return Escape(Collapse(text));
        }

        if (node is not IElement element)
        {
            return string.Empty;
        }

        switch (element.LocalName)
        {
            case "br":
                return "\\\n";
            case "strong" or "b":
                return Wrap("**", Inline(element.ChildNodes));
            case "em" or "i" or "cite":
                return Wrap("*", Inline(element.ChildNodes));
            case "del" or "s" or "strike":
                return Wrap("~~", Inline(element.ChildNodes));
            case "code" or "kbd" or "tt":
                return Code(element.TextContent);
            case "a":
                var href = element.GetAttribute("href");
                var label = Inline(element.ChildNodes).Trim();
                // A link that runs code is no link of a study: its text stays (the report lists it).
                if (string.IsNullOrWhiteSpace(href) || href.StartsWith('#') || UnsafeHtml.ScriptScheme(href) is not null)
                {
                    return label;
                }

                return label.Length == 0 ? string.Empty : $"[{label}]({Destination(context.Link(href.Trim()))})";
            case "sup" when element.GetAttribute("data-fn") is { } id:
                return NoteMarker("fn:" + id, blockNotes.GetValueOrDefault(id), element);
            case "sup" when element.GetAttribute(Shortcodes.NoteAttribute) is { } index:
                var at = int.Parse(index, CultureInfo.InvariantCulture);
                return NoteMarker("sc:" + index, shortcodeNotes[at], element);
            case "span" when element.HasAttribute(Shortcodes.LiteralAttribute):
                // WordPress's escaped shortcode ('[[gallery]]'): text as WordPress shows it, no shortcode.
                return Escape(element.TextContent);
            case "sup" or "sub":
                var inner = Inline(element.ChildNodes);
                return inner.Length == 0 ? string.Empty : $"<{element.LocalName}>{inner}</{element.LocalName}>";
            case "img":
                pendingFigures.Add(Image(element, string.Empty));
                return string.Empty;
            case "iframe":
                var src = element.GetAttribute("src") ?? string.Empty;
                context.Notice($"embed {src} became a link");
                return src.Length == 0 ? string.Empty : $"[{Escape(src)}]({Destination(src)})";
            case "script" or "style":
                return string.Empty;
            default:
                return Inline(element.ChildNodes);
        }
    }

    private string NoteMarker(string key, string? html, IElement marker)
    {
        if (html is null)
        {
            context.Notice($"footnote marker '{marker.TextContent.Trim()}' has no text in the post's footnotes; it was left out");
            return string.Empty;
        }

        if (!noteNumbers.TryGetValue(key, out var number))
        {
            var text = Inline(NoteNodes(key, html)).Trim();
            noteTexts.Add(text.Replace("\\\n", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal));
            number = noteTexts.Count;
            noteNumbers[key] = number;
        }

        return string.Create(CultureInfo.InvariantCulture, $"[^{number}]");
    }

    /// <summary>Runs of white space as one space, and no-break spaces as spaces (HTML shows them so).</summary>
    private static string Collapse(string text)
    {
        text = text.Replace('\u00A0', ' ');
        return text.AsSpan().IndexOfAny("\t\r\n\f") < 0 && !text.Contains("  ", StringComparison.Ordinal) ? text : Whitespace().Replace(text, " ");
    }

    /// <summary>
    /// A note's HTML as nodes. The block editor's notes are parsed all at once, each in a &lt;template&gt; (whose
    /// end closes whatever a note left open, so none spills into the next): a parse per note would cost more
    /// than the post. A note that could end its template early ('&lt;/template&gt;') is parsed on its own.
    /// </summary>
    private IEnumerable<INode> NoteNodes(string key, string html)
    {
        if (html.AsSpan().IndexOfAny('<', '&') < 0)
        {
            return [body!.Owner!.CreateTextNode(html)];
        }

        if (parsedNotes is null && key.StartsWith("fn:", StringComparison.Ordinal))
        {
            parsedNotes = [];
            var batch = blockNotes.Where(n => !n.Value.Contains("template", StringComparison.OrdinalIgnoreCase)).ToList();
            var fragment = string.Concat(batch.Select(n => "<template>" + n.Value + "</template>"));
            var templates = Parser.ParseFragment(fragment, body!).OfType<AngleSharp.Html.Dom.IHtmlTemplateElement>().ToList();
            if (templates.Count == batch.Count)
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    parsedNotes["fn:" + batch[i].Key] = templates[i].Content.ChildNodes;
                }
            }
        }

        return parsedNotes?.GetValueOrDefault(key) is { } nodes ? nodes : Parser.ParseFragment(html, body!);
    }

    /// <summary>Emphasis around the text, with the spaces outside (CommonMark does not close `** x **`).</summary>
    private static string Wrap(string marker, string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return text;
        }

        var lead = text[..(text.Length - text.TrimStart().Length)];
        var trail = text[text.TrimEnd().Length..];
        return lead + marker + trimmed + marker + trail;
    }

    private static string Code(string code)
    {
        var longest = BacktickRun().Matches(code).Select(m => m.Length).DefaultIfEmpty(0).Max();
        var ticks = new string('`', longest + 1);
        var pad = code.StartsWith('`') || code.EndsWith('`') ? " " : string.Empty;
        return ticks + pad + code + pad + ticks;
    }

    private static string Destination(string url) =>
        url.Any(c => c is ' ' or '(' or ')' or '<' or '>') ? "<" + url.Replace("<", "%3C", StringComparison.Ordinal).Replace(">", "%3E", StringComparison.Ordinal) + ">" : url;

    /// <summary>
    /// Text as text: what Markdown would read as markup is escaped, but an archive's [1] markers stay markers.
    /// </summary>
    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\\' or '*' or '`' or '<' or '>' or '|' or '~':
                    builder.Append('\\').Append(c);
                    break;
                case '[' when !ArchiveMarker().IsMatch(text.AsSpan(i)):
                    builder.Append("\\[");
                    break;
                case ']' when i + 1 < text.Length && text[i + 1] == '(':
                    builder.Append("\\]");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"^\[\d{1,4}\]")]
    private static partial Regex ArchiveMarker();

    [GeneratedRegex(@"^\[\d{1,4}\]", RegexOptions.Multiline)]
    private static partial Regex ArchiveEntry();

    [GeneratedRegex(@"[ \t\r\n\f]+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@" *\\\n *")]
    private static partial Regex HardBreak();

    [GeneratedRegex("`+")]
    private static partial Regex BacktickRun();

    [GeneratedRegex(@"^(?:#|>|[-+=] |[-+=]$|\d{1,9}[.)](?: |$)|---|\*\*\*|___)")]
    private static partial Regex LineStart();
}
