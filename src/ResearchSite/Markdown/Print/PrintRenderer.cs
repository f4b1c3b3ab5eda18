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
/// </remarks>
public static class PrintRenderer
{
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

                Block(json, block);
            }

            json.WriteEndArray();
            json.WriteStartArray("notes");
            foreach (var note in notes?.OfType<NoteBlock>() ?? [])
            {
                json.WriteStartObject();
                json.WriteNumber("n", note.Number);
                json.WriteStartArray("c");
                Blocks(json, note);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// An image alone in its paragraph is a figure, its title the caption. Kept here, in one place, so
    /// that it can become the figures' own syntax node once the HTML renderer has one.
    /// </summary>
    internal static LinkInline? FigureImage(ParagraphBlock paragraph)
    {
        LinkInline? image = null;
        for (var inline = paragraph.Inline?.FirstChild; inline is not null; inline = inline.NextSibling)
        {
            switch (inline)
            {
                case LinkInline { IsImage: true } link when image is null:
                    image = link;
                    break;
                case LiteralInline literal when literal.Content.IsEmptyOrWhitespace():
                case LineBreakInline:
                    break;
                default:
                    return null;
            }
        }

        return image;
    }

    private static void Blocks(Utf8JsonWriter json, ContainerBlock container)
    {
        foreach (var block in container)
        {
            Block(json, block);
        }
    }

    private static void Block(Utf8JsonWriter json, Block block)
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

                Content(json, heading.Inline);
                json.WriteEndObject();
                break;
            case Figures.ImageFigure figure:
                // The figures' own node (an image alone in its paragraph, numbered, its file checked).
                json.WriteStartObject();
                json.WriteString("t", "figure");
                json.WriteString("src", figure.Image.Url ?? string.Empty);
                json.WriteString("alt", figure.Decorative ? string.Empty : figure.Alt);
                json.WriteString("caption", figure.Caption);
                json.WriteEndObject();
                break;
            case ParagraphBlock paragraph when FigureImage(paragraph) is { } image:
                json.WriteStartObject();
                json.WriteString("t", "figure");
                json.WriteString("src", image.Url ?? string.Empty);
                json.WriteString("alt", Headings.HeadingIdAssigner.PlainText(image).Trim());
                json.WriteString("caption", image.Title ?? string.Empty);
                json.WriteEndObject();
                break;
            case ParagraphBlock paragraph:
                json.WriteStartObject();
                json.WriteString("t", "p");
                Content(json, paragraph.Inline);
                json.WriteEndObject();
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
                    Blocks(json, item);
                    json.WriteEndArray();
                }

                json.WriteEndArray();
                json.WriteEndObject();
                break;
            case QuoteBlock quote:
                Container(json, "quote", quote);
                break;
            case Table table:
                TableBlock(json, table);
                break;
            case Figure figure:
                // The ^^^ fenced figure: its blocks, then its caption.
                Container(json, "fig", figure);
                break;
            case FigureCaption caption:
                json.WriteStartObject();
                json.WriteString("t", "caption");
                Content(json, caption.Inline);
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
                Blocks(json, container);
                break;

                // Raw HTML blocks and link reference definitions print nothing: the allow-listed HTML is the web's.
        }
    }

    private static void Container(Utf8JsonWriter json, string type, ContainerBlock container)
    {
        json.WriteStartObject();
        json.WriteString("t", type);
        json.WriteStartArray("c");
        Blocks(json, container);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void TableBlock(Utf8JsonWriter json, Table table)
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
                    Inlines(json, paragraph.Inline);
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Content(Utf8JsonWriter json, ContainerInline? inlines)
    {
        json.WriteStartArray("c");
        Inlines(json, inlines);
        json.WriteEndArray();
    }

    private static void Inlines(Utf8JsonWriter json, ContainerInline? container)
    {
        for (var inline = container?.FirstChild; inline is not null; inline = inline.NextSibling)
        {
            Inline(json, inline);
        }
    }

    private static void Inline(Utf8JsonWriter json, Inline inline)
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
                Link(json, link.Url, link);
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
                Content(json, emphasis);
                json.WriteEndObject();
                break;
            case DelimiterInline delimiter:
                // A bracket left unmatched holds the inlines after it: it prints as written, as on the web.
                json.WriteStringValue(delimiter.ToLiteral());
                Inlines(json, delimiter);
                break;
            case ContainerInline container:
                Inlines(json, container);
                break;

                // Raw HTML tags print nothing, as their text is not the reader's.
        }
    }

    private static void Link(Utf8JsonWriter json, string? url, ContainerInline content)
    {
        if (string.IsNullOrEmpty(url))
        {
            // Removed by the URL policy: the text stays, without a link.
            Inlines(json, content);
            return;
        }

        json.WriteStartObject();
        json.WriteString("t", "link");
        json.WriteString("url", url);
        Content(json, content);
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
