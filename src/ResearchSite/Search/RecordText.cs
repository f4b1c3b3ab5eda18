using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;

namespace ResearchSite.Search;

/// <summary>
/// Makes a study's two texts for search in one pass over its parts, the body and notes read straight from the
/// article's rendered UTF-8 HTML as the build keeps it: the words as written (what the search page shows) and the
/// page Pagefind indexes (the same words normalized, <see cref="SearchNormalizer"/>, in weighted parts). Words are
/// what a reader reads: entities decoded as a browser decodes them, split by whitespace, blocks and line breaks but
/// not by inline markup (<c>wo&lt;em&gt;r&lt;/em&gt;d</c> stays one word), and without the notes' navigation (each
/// marker's hidden "Note" and number, the ↩ back-links). The notes (the <c>doc-endnotes</c> section) are a part of
/// their own, weighed less. One instance per thread, its buffers reused: the build makes a record per study
/// version, and intermediate strings of every text (a dozen copies before) were most of the records' cost.
/// </summary>
internal sealed class RecordText
{
    // Elements inside a line of text: no word ends where they start or end.
    private static readonly HashSet<string> Inline = new(StringComparer.Ordinal)
    {
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd", "mark",
        "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> InlineNames = Inline.GetAlternateLookup<ReadOnlySpan<char>>();

    [ThreadStatic]
    private static RecordText? current;

    private readonly Buffer written = new(16 * 1024);
    private readonly Buffer indexed = new(16 * 1024);
    private readonly Buffer word = new(256);
    private char[] normalized = new char[256];
    private char[] decoded = new char[4096];
    private readonly ArrayBufferWriter<byte> json = new(32 * 1024);
    private string? partTag;
    private bool partOpen;
    private bool inNoteLink;

    /// <summary>This thread's instance.</summary>
    public static RecordText Current => current ??= new RecordText();

    /// <summary>Starts a record: the page to index opens in <paramref name="language"/>.</summary>
    public void Begin(string language)
    {
        written.Clear();
        indexed.Clear();
        word.Clear();
        inNoteLink = false;
        indexed.Append("<html lang=\"").Append(language).Append("\"><body><div data-pagefind-body>");
    }

    /// <summary>A part of plain text (the title, the summary), its words split by whitespace.</summary>
    public void PlainPart(string element, string? weight, string text)
    {
        StartPart(element, weight);
        Characters(text, decodeEntities: false);
        EndPart();
    }

    /// <summary>The body of the article's HTML and then its notes (the endnotes section onwards), each a part.</summary>
    public void HtmlParts(ReadOnlySpan<byte> html, string? notesWeight)
    {
        StartPart("div", null);
        var notesStarted = false;
        var at = 0;
        while (at < html.Length)
        {
            var lt = html[at..].IndexOf((byte)'<');
            var textEnd = lt < 0 ? html.Length : at + lt;
            if (textEnd > at && !inNoteLink)
            {
                Utf8Text(html[at..textEnd]);
            }

            if (lt < 0)
            {
                break;
            }

            at = Tag(html, textEnd, ref notesStarted, notesWeight);
        }

        EndPart();
    }

    /// <summary>Ends the record: the page to index (UTF-8) with the filters and the sort date after the parts.</summary>
    public byte[] Indexed(IReadOnlyList<(string Group, string Value)> filters, string sortDate)
    {
        indexed.Append("</div>");
        foreach (var (group, value) in filters)
        {
            indexed.Append("<p data-pagefind-filter=\"").Append(group).Append("\">").Append(WebUtility.HtmlEncode(value)).Append("</p>");
        }

        indexed.Append("<p data-pagefind-sort=\"date\">").Append(sortDate).Append("</p></body></html>");
        var bytes = new byte[Encoding.UTF8.GetByteCount(indexed.Span)];
        Encoding.UTF8.GetBytes(indexed.Span, bytes);
        return bytes;
    }

    /// <summary>What the search page shows of the study: its title, date and authors, and its words as written, one space apart.</summary>
    public byte[] Shown(string title, string date, string authors)
    {
        json.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = SearchRecord.Json.Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteString("title", title);
            writer.WriteString("date", date);
            writer.WriteString("authors", authors);
            writer.WriteString("words", written.Span);
            writer.WriteEndObject();
        }

        return json.WrittenSpan.ToArray();
    }

    private void StartPart(string element, string? weight)
    {
        partTag = element;
        partOpen = false;
        indexed.Mark(element, weight);
    }

    private void EndPart()
    {
        EndWord();
        if (partOpen)
        {
            indexed.Append("</").Append(partTag!).Append('>');
        }
    }

    // Parses the tag at html[start] ('<'), acts on it, and returns where the text after it starts.
    private int Tag(ReadOnlySpan<byte> html, int start, ref bool notesStarted, string? notesWeight)
    {
        var at = start + 1;
        if (at < html.Length && html[at] == (byte)'!')
        {
            // A comment runs to "-->"; a doctype or CDATA to the next '>'. Neither is text.
            var comment = html[at..].StartsWith("!--"u8);
            var close = comment ? html[(at + 3)..].IndexOf("-->"u8) : html[at..].IndexOf((byte)'>');
            return close < 0 ? html.Length : comment ? at + 3 + close + 3 : at + close + 1;
        }

        var closing = at < html.Length && html[at] == (byte)'/';
        if (closing)
        {
            at++;
        }

        var nameStart = at;
        while (at < html.Length && IsNameByte(html[at]))
        {
            at++;
        }

        if (at == nameStart)
        {
            // Not a tag ("a < b"): the '<' is text.
            if (!inNoteLink)
            {
                Characters("<", decodeEntities: false);
            }

            return start + 1;
        }

        Span<char> nameBuffer = stackalloc char[16];
        var nameLength = Math.Min(at - nameStart, nameBuffer.Length);
        for (var i = 0; i < nameLength; i++)
        {
            nameBuffer[i] = (char)(html[nameStart + i] | 0x20);
        }

        var name = nameBuffer[..nameLength];
        var attributesStart = at;
        var end = TagEnd(html, at);
        var attributes = html[attributesStart..Math.Min(end, html.Length)];
        var next = Math.Min(end + 1, html.Length);
        if (name.SequenceEqual("a"))
        {
            if (!closing && Role(attributes) is "doc-noteref" or "doc-backlink")
            {
                inNoteLink = true;
            }
            else if (closing && inNoteLink)
            {
                inNoteLink = false;
            }

            return next;
        }

        if (!closing && !notesStarted && name.SequenceEqual("section") && Role(attributes) == "doc-endnotes")
        {
            notesStarted = true;
            EndPart();
            StartPart("div", notesWeight);
            return next;
        }

        if (!InlineNames.Contains(name))
        {
            EndWord();
        }

        return next;
    }

    private static bool IsNameByte(byte b) => b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'-';

    // The '>' that ends the tag, past quoted attribute values (which may hold '>').
    private static int TagEnd(ReadOnlySpan<byte> html, int at)
    {
        byte quote = 0;
        for (; at < html.Length; at++)
        {
            var b = html[at];
            if (quote != 0)
            {
                if (b == quote)
                {
                    quote = 0;
                }
            }
            else if (b is (byte)'"' or (byte)'\'')
            {
                quote = b;
            }
            else if (b == (byte)'>')
            {
                return at;
            }
        }

        return html.Length;
    }

    // The value of the role attribute, or null.
    private static string? Role(ReadOnlySpan<byte> attributes)
    {
        var at = 0;
        while (at < attributes.Length)
        {
            var found = attributes[at..].IndexOf("role"u8);
            if (found < 0)
            {
                return null;
            }

            var nameStart = at + found;
            at = nameStart + 4;
            if (nameStart > 0 && IsNameByte(attributes[nameStart - 1]))
            {
                continue;
            }

            var i = at;
            while (i < attributes.Length && attributes[i] == (byte)' ')
            {
                i++;
            }

            if (i >= attributes.Length || attributes[i] != (byte)'=')
            {
                continue;
            }

            i++;
            while (i < attributes.Length && attributes[i] == (byte)' ')
            {
                i++;
            }

            if (i >= attributes.Length)
            {
                return null;
            }

            var quote = attributes[i];
            if (quote is (byte)'"' or (byte)'\'')
            {
                var close = attributes[(i + 1)..].IndexOf(quote);
                return close < 0 ? null : Encoding.UTF8.GetString(attributes.Slice(i + 1, close));
            }

            var valueEnd = i;
            while (valueEnd < attributes.Length && attributes[valueEnd] is not ((byte)' ' or (byte)'/' or (byte)'>'))
            {
                valueEnd++;
            }

            return Encoding.UTF8.GetString(attributes[i..valueEnd]);
        }

        return null;
    }

    private void Utf8Text(ReadOnlySpan<byte> utf8)
    {
        var count = Encoding.UTF8.GetMaxCharCount(utf8.Length);
        if (decoded.Length < count)
        {
            decoded = new char[Math.Max(count, decoded.Length * 2)];
        }

        var chars = Encoding.UTF8.GetChars(utf8, decoded);
        Characters(decoded.AsSpan(0, chars), decodeEntities: true);
    }

    private void Characters(ReadOnlySpan<char> text, bool decodeEntities)
    {
        // Runs of word characters are copied whole, up to the next space or '&'.
        while (!text.IsEmpty)
        {
            var stop = text.IndexOfAny(WordStops);
            if (stop < 0)
            {
                word.Append(text);
                return;
            }

            word.Append(text[..stop]);
            if (text[stop] != '&')
            {
                EndWord();
                text = text[(stop + 1)..];
            }
            else if (decodeEntities && Entity(text[stop..]) is var (value, length))
            {
                Characters(value, decodeEntities: false);
                text = text[(stop + length)..];
            }
            else
            {
                word.Append('&');
                text = text[(stop + 1)..];
            }
        }
    }

    // What ends a run of a word's characters: whitespace (as char.IsWhiteSpace has it) and '&' (an entity may follow).
    private static readonly SearchValues<char> WordStops = SearchValues.Create(
        Enumerable.Range(0, char.MaxValue + 1).Select(i => (char)i).Where(c => char.IsWhiteSpace(c) || c == '&').ToArray());

    // What the index's HTML cannot hold as it is, or Pagefind would drop.
    private static readonly SearchValues<char> IndexedSpecial = SearchValues.Create("\u200B<>&");

    // The entity at the start of text and its length, or null when it is none (the '&' is then text).
    private static (string Value, int Length)? Entity(ReadOnlySpan<char> text)
    {
        var semicolon = text[..Math.Min(text.Length, 34)].IndexOf(';');
        if (semicolon < 2)
        {
            return null;
        }

        var entity = text[..(semicolon + 1)];
        var value = entity switch
        {
            "&amp;" => "&",
            "&lt;" => "<",
            "&gt;" => ">",
            "&quot;" => "\"",
            "&#39;" => "'",
            _ => WebUtility.HtmlDecode(entity.ToString()),
        };
        return value.AsSpan().SequenceEqual(entity) ? null : (value, entity.Length);
    }

    private void EndWord()
    {
        if (word.Length == 0)
        {
            return;
        }

        var text = word.Span;
        if (written.Length > 0)
        {
            written.Append(' ');
        }

        written.Append(text);
        if (!partOpen)
        {
            indexed.OpenMarked();
            partOpen = true;
        }
        else
        {
            indexed.Append(' ');
        }

        if (normalized.Length < text.Length)
        {
            normalized = new char[Math.Max(text.Length, normalized.Length * 2)];
        }

        // Pagefind drops a word that is nothing but zero-width spaces, and so would one emptied by normalizing
        // (a lone tatweel): either would shift every position after it. A dash holds the place and matches nothing.
        var start = indexed.Length;
        var form = SearchNormalizer.Word(text, normalized);
        if (!form.ContainsAny(IndexedSpecial))
        {
            indexed.Append(form);
        }
        else
        {
            Escaped(form);
        }

        if (indexed.Length == start)
        {
            indexed.Append('-');
        }

        word.Clear();
    }

    private void Escaped(ReadOnlySpan<char> form)
    {
        foreach (var c in form)
        {
            switch (c)
            {
                case '\u200B':
                    break;
                case '<':
                    indexed.Append("&lt;");
                    break;
                case '>':
                    indexed.Append("&gt;");
                    break;
                case '&':
                    indexed.Append("&amp;");
                    break;
                default:
                    indexed.Append(c);
                    break;
            }
        }
    }

    /// <summary>A growable run of characters, kept between records.</summary>
    private sealed class Buffer(int capacity)
    {
        private char[] chars = new char[capacity];
        private string markedElement = string.Empty;
        private string? markedWeight;

        public int Length { get; private set; }

        public ReadOnlySpan<char> Span => chars.AsSpan(0, Length);

        public void Clear() => Length = 0;

        public Buffer Append(char c)
        {
            Room(1);
            chars[Length++] = c;
            return this;
        }

        public Buffer Append(ReadOnlySpan<char> text)
        {
            Room(text.Length);
            text.CopyTo(chars.AsSpan(Length));
            Length += text.Length;
            return this;
        }

        public Buffer Append(string text) => Append(text.AsSpan());

        // A part's opening tag is written at its first word: a part without words leaves no element.
        public void Mark(string element, string? weight)
        {
            markedElement = element;
            markedWeight = weight;
        }

        public void OpenMarked()
        {
            Append('<').Append(markedElement);
            if (markedWeight is not null)
            {
                Append(" data-pagefind-weight=\"").Append(markedWeight).Append('"');
            }

            Append('>');
        }

        private void Room(int more)
        {
            if (Length + more > chars.Length)
            {
                Array.Resize(ref chars, Math.Max(Length + more, chars.Length * 2));
            }
        }
    }
}
