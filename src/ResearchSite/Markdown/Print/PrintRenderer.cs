using System.Text.Json;
using Markdig.Renderers.Html;
using Markdig.Extensions.Figures;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using ResearchSite.Markdown.Notes;

namespace ResearchSite.Markdown.Print;

/// <summary>
/// The second renderer, beside the HTML one: the study's Markdig syntax tree as JSON data for the PDF
/// template (theme/pdf/study.typ), which walks it. Text is never markup there, so nothing an author writes
/// (<c>#set</c>, <c>$x$</c>, <c>]</c>, a backslash) can change the typesetting: there is nothing to escape.
/// </summary>
/// <remarks>
/// Blocks are objects with a type <c>t</c>: <c>p</c> (paragraph), <c>h</c> (heading, <c>level</c>, <c>id</c>),
/// <c>list</c> (<c>ordered</c>, <c>start</c>, <c>items</c>: lists of blocks), <c>quote</c>, <c>code</c>
/// (<c>v</c>), <c>hr</c>, <c>table</c> (<c>align</c>, <c>rows</c>: the first row is the header when
/// <c>header</c>), <c>figure</c> (<c>src</c>, <c>alt</c>, <c>caption</c>). Inlines are strings, or objects:
/// <c>em</c>, <c>strong</c>, <c>del</c>, <c>sup</c>, <c>sub</c>, <c>mark</c> (<c>c</c>), <c>tt</c> (code, <c>v</c>),
/// <c>link</c> (<c>url</c>, <c>c</c>), <c>br</c>, <c>note</c> (<c>n</c>: the note's number; <c>first</c>: its first citation, which holds it). Notes are
/// <c>{ n, c }</c> with their blocks, in number order.
/// <para>
/// Nesting is capped at <see cref="MaximumDepth"/> levels, in the body and in each note: deeper quotes,
/// lists and emphasis print at the cap (their text in the level above, without one more indent or style).
/// Typst stops a document whose functions nest past 80 calls or whose show rules nest past 64, the
/// template spends about two per level, and a note's blocks stand at the depth of its citation; JSON
/// readers stop at 128 levels too. Capped here, every study that Markdig parses (and so passes
/// <c>check</c>) typesets: the depth of the data is bounded, whatever the depth of the text.
/// </para>
/// </remarks>
public static class PrintRenderer
{
    /// <summary>
    /// How deep quotes, lists, figures and inline styles nest in the data (a paragraph, heading, table
    /// cell or link adds one more, and may not nest itself): the body and a note each stay within
    /// <c>MaximumDepth + 2</c> levels, well inside what the template can walk with a note at the deepest place.
    /// </summary>
    public const int MaximumDepth = 10;

    public static byte[] Render(MarkdownDocument document)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(16 * 1024);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("blocks");
            NotesBlock? notes = null;
            foreach (var block in document)
            {
                if (block is NotesBlock found)
                {
                    notes = found;
                    continue;
                }

                Block(json, block, 0);
            }

            json.WriteEndArray();
            json.WriteStartArray("notes");
            foreach (var note in notes?.OfType<NoteBlock>() ?? [])
            {
                json.WriteStartObject();
                json.WriteNumber("n", note.Number);
                json.WriteStartArray("c");
                Blocks(json, note, 0);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Blocks(Utf8JsonWriter json, ContainerBlock container, int depth)
    {
        foreach (var block in container)
        {
            Block(json, block, depth);
        }
    }

    /// <summary>Whether a container at <paramref name="depth"/> prints its contents in its place instead of nesting them once more.</summary>
    private static bool AtCap(int depth) => depth >= MaximumDepth;

    private static void Block(Utf8JsonWriter json, Block block, int depth)
    {
        switch (block)
        {
            case HeadingBlock heading:
                json.WriteStartObject();
                json.WriteString("t", "h");
                json.WriteNumber("level", heading.Level);
                if (heading.GetAttributes().Id is { } id)
                {
                    json.WriteString("id", id);
                }

                Content(json, heading.Inline, depth + 1);
                json.WriteEndObject();
                break;
            case Figures.ImageFigure figure:
                // The figures' own node, made by FiguresExtension in the pipeline both renderers share: what is a
                // figure on the web is one in print, and only that (an image alone in a note's line stays inline).
                json.WriteStartObject();
                json.WriteString("t", "figure");
                json.WriteString("src", figure.Image.Url ?? string.Empty);
                json.WriteString("alt", figure.Decorative ? string.Empty : figure.Alt);
                json.WriteString("caption", figure.Caption);
                json.WriteEndObject();
                break;
            case ParagraphBlock paragraph:
                json.WriteStartObject();
                json.WriteString("t", "p");
                Content(json, paragraph.Inline, depth + 1);
                json.WriteEndObject();
                break;
            case ListBlock list when AtCap(depth):
                foreach (var item in list.OfType<ListItemBlock>())
                {
                    Blocks(json, item, depth);
                }

                break;
            case ListBlock list:
                json.WriteStartObject();
                json.WriteString("t", "list");
                json.WriteBoolean("ordered", list.IsOrdered);
                json.WriteNumber("start", int.TryParse(list.OrderedStart, out var start) ? start : 1);
                json.WriteStartArray("items");
                foreach (var item in list.OfType<ListItemBlock>())
                {
                    json.WriteStartArray();
                    Blocks(json, item, depth + 1);
                    json.WriteEndArray();
                }

                json.WriteEndArray();
                json.WriteEndObject();
                break;
            case QuoteBlock or Figure when AtCap(depth):
                Blocks(json, (ContainerBlock)block, depth);
                break;
            case QuoteBlock quote:
                Container(json, "quote", quote, depth);
                break;
            case Table table:
                TableBlock(json, table, depth);
                break;
            case Figure figure:
                // The ^^^ fenced figure: its blocks, then its caption.
                Container(json, "fig", figure, depth);
                break;
            case FigureCaption caption:
                json.WriteStartObject();
                json.WriteString("t", "caption");
                Content(json, caption.Inline, depth + 1);
                json.WriteEndObject();
                break;
            case CodeBlock code:
                json.WriteStartObject();
                json.WriteString("t", "code");
                json.WriteString("v", string.Join('\n', code.Lines.Lines.Take(code.Lines.Count).Select(l => l.ToString())));
                json.WriteEndObject();
                break;
            case ThematicBreakBlock:
                json.WriteStartObject();
                json.WriteString("t", "hr");
                json.WriteEndObject();
                break;
            case ContainerBlock container and not NotesBlock:
                Blocks(json, container, depth);
                break;

                // Raw HTML blocks and link reference definitions print nothing: the allow-listed HTML is the web's.
        }
    }

    private static void Container(Utf8JsonWriter json, string type, ContainerBlock container, int depth)
    {
        json.WriteStartObject();
        json.WriteString("t", type);
        json.WriteStartArray("c");
        Blocks(json, container, depth + 1);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void TableBlock(Utf8JsonWriter json, Table table, int depth)
    {
        json.WriteStartObject();
        json.WriteString("t", "table");
        // Alignment as the web page has it: logical (TableAlignment moved it into the cells' classes).
        var rows = table.OfType<TableRow>().ToList();
        var first = rows.FirstOrDefault()?.OfType<TableCell>().ToList() ?? [];
        json.WriteStartArray("align");
        for (var column = 0; column < table.ColumnDefinitions.Count; column++)
        {
            var classes = column < first.Count ? first[column].TryGetAttributes()?.Classes : null;
            json.WriteStringValue(classes?.Contains("align-end") == true ? "end" : classes?.Contains("align-center") == true ? "center" : "start");
        }

        json.WriteEndArray();
        json.WriteBoolean("header", rows.FirstOrDefault()?.IsHeader == true);
        json.WriteStartArray("rows");
        foreach (var row in rows)
        {
            json.WriteStartArray();
            foreach (var cell in row.OfType<TableCell>())
            {
                json.WriteStartArray();
                foreach (var paragraph in cell.OfType<LeafBlock>())
                {
                    Inlines(json, paragraph.Inline, depth + 1);
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Content(Utf8JsonWriter json, ContainerInline? inlines, int depth)
    {
        json.WriteStartArray("c");
        Inlines(json, inlines, depth);
        json.WriteEndArray();
    }

    private static void Inlines(Utf8JsonWriter json, ContainerInline? container, int depth)
    {
        for (var inline = container?.FirstChild; inline is not null; inline = inline.NextSibling)
        {
            Inline(json, inline, depth);
        }
    }

    private static void Inline(Utf8JsonWriter json, Inline inline, int depth)
    {
        switch (inline)
        {
            case LiteralInline literal:
                json.WriteStringValue(literal.Content.AsSpan());
                break;
            case HtmlEntityInline entity:
                json.WriteStringValue(entity.Transcoded.AsSpan());
                break;
            case CodeInline code:
                Leaf(json, "tt", code.Content);
                break;
            case LineBreakInline lineBreak:
                if (lineBreak.IsHard)
                {
                    json.WriteStartObject();
                    json.WriteString("t", "br");
                    json.WriteEndObject();
                }
                else
                {
                    json.WriteStringValue(" ");
                }

                break;
            case NoteReferenceInline { Note: { } note }:
                json.WriteStartObject();
                json.WriteString("t", "note");
                json.WriteNumber("n", note.Number);
                json.WriteBoolean("first", ReferenceEquals(note.Citations.FirstOrDefault(), inline));
                json.WriteEndObject();
                break;
            case NoteReferenceInline reference:
                // A reference inside another note's text: kept as the author wrote it, as on the web.
                json.WriteStringValue(reference.Convention == NoteConvention.Markdown ? $"[^{reference.Label}]" : $"[{reference.Label}]");
                break;
            case LinkInline { IsImage: true } image:
                json.WriteStringValue(Headings.HeadingIdAssigner.PlainText(image));
                break;
            case LinkInline link:
                Link(json, link.Url, link, depth);
                break;
            case AutolinkInline autolink:
                json.WriteStartObject();
                json.WriteString("t", "link");
                json.WriteString("url", autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url);
                json.WriteStartArray("c");
                json.WriteStringValue(autolink.Url);
                json.WriteEndArray();
                json.WriteEndObject();
                break;
            case EmphasisInline emphasis when AtCap(depth):
                Inlines(json, emphasis, depth);
                break;
            case EmphasisInline emphasis:
                json.WriteStartObject();
                json.WriteString("t", (emphasis.DelimiterChar, emphasis.DelimiterCount) switch
                {
                    ('~', 2) => "del",
                    ('~', _) => "sub",
                    ('^', _) => "sup",
                    ('=', _) => "mark",
                    ('+', _) => "em",
                    (_, >= 2) => "strong",
                    _ => "em",
                });
                Content(json, emphasis, depth + 1);
                json.WriteEndObject();
                break;
            case DelimiterInline delimiter:
                // A bracket left unmatched holds the inlines after it: it prints as written, as on the web.
                json.WriteStringValue(delimiter.ToLiteral());
                Inlines(json, delimiter, depth);
                break;
            case ContainerInline container:
                Inlines(json, container, depth);
                break;

                // Raw HTML tags print nothing, as their text is not the reader's.
        }
    }

    private static void Link(Utf8JsonWriter json, string? url, ContainerInline content, int depth)
    {
        if (string.IsNullOrEmpty(url))
        {
            // Removed by the URL policy: the text stays, without a link.
            Inlines(json, content, depth);
            return;
        }

        // Printed even past the cap, so as not to lose its URL: links do not nest, so it adds one level at most.
        json.WriteStartObject();
        json.WriteString("t", "link");
        json.WriteString("url", url);
        Content(json, content, depth + 1);
        json.WriteEndObject();
    }

    private static void Leaf(Utf8JsonWriter json, string type, string value)
    {
        json.WriteStartObject();
        json.WriteString("t", type);
        json.WriteString("v", value);
        json.WriteEndObject();
    }
}
