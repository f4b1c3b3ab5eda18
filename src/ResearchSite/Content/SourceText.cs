using System.Buffers;
using System.Text;
using ResearchSite.Diagnostics;

namespace ResearchSite.Content;

/// <summary>
/// Reads an author's file as strict UTF-8 with one kind of line ending and no control characters, or
/// says where it is not. Every file of the input and the theme comes through here, so nothing after it
/// (XML feeds, JSON-LD, BibTeX, HTML attributes) ever meets a character it cannot carry.
/// </summary>
public static class SourceText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Word pastes a line break (Shift+Enter) as U+000B and a page break as U+000C; NEL, LS and PS are
    // line breaks of other tools. Inside a paragraph, a title or a YAML value they mean a space; a newline
    // would move the lines that follow and could end a YAML value. The other C0 and C1 controls (field
    // codes, DEL) and the non-characters U+FFFE and U+FFFF have no meaning in text and are invalid in XML.
    // U+FEFF inside text (a byte-order mark pasted along, or the old zero-width no-break space) is invisible
    // and makes two equal names differ: dropped too.
    private static readonly SearchValues<char> ControlCharacters = SearchValues.Create(
        [.. Enumerable.Range(0, 0xA0).Select(i => (char)i).Where(c => char.IsControl(c) && c is not ('\t' or '\n')), '\u2028', '\u2029', '\uFEFF', '\uFFFE', '\uFFFF']);

    // Embeddings, overrides and isolates. In a paragraph the block ends them; a title or a name is printed
    // inside other text (listings, <title>, feeds, BibTeX), where one left open turns what follows around.
    // Metadata has no use for them: the theme marks every value with its language and direction.
    private static readonly SearchValues<char> BidiControls = SearchValues.Create(['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069']);

    /// <summary>Whether a metadata value holds a bidi embedding, override or isolate.</summary>
    public static bool HasBidiControls(string text) => text.AsSpan().ContainsAny(BidiControls);

    /// <summary>A metadata value without bidi embeddings, overrides and isolates (marks such as U+200F stay).</summary>
    public static string RemoveBidiControls(string text) =>
        HasBidiControls(text) ? string.Concat(text.Where(c => !BidiControls.Contains(c))) : text;

    private static bool IsLineBreak(char c) => c is '\u000B' or '\u000C' or '\u0085' or '\u2028' or '\u2029';

    /// <summary>Whether the text holds a character that <see cref="RemoveControlCharacters(string)"/> would change.</summary>
    public static bool HasControlCharacters(string text) => text.AsSpan().ContainsAny(ControlCharacters);

    /// <summary>Line breaks other than '\n' become spaces; the other control characters are dropped. Tabs and '\n' stay.</summary>
    public static string RemoveControlCharacters(string text)
    {
        if (!HasControlCharacters(text))
        {
            return text;
        }

        var chars = text.ToCharArray();
        return new string(chars, 0, RemoveControlCharacters(chars.AsSpan()));
    }

    /// <summary>As <see cref="RemoveControlCharacters(string)"/>, in place: the length of what is left.</summary>
    private static int RemoveControlCharacters(Span<char> text)
    {
        var written = text.IndexOfAny(ControlCharacters);
        if (written < 0)
        {
            return text.Length;
        }

        for (var read = written; read < text.Length; read++)
        {
            var c = text[read];
            if (!ControlCharacters.Contains(c))
            {
                text[written++] = c;
            }
            else if (IsLineBreak(c))
            {
                text[written++] = ' ';
            }
        }

        return written;
    }

    public static string? Read(string path, string displayPath, DiagnosticBag diagnostics)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Error(displayPath, 1, 1, $"the file cannot be read ({e.Message}); give the build read access to it.");
            return null;
        }

        return Decode(bytes, displayPath, diagnostics);
    }

    /// <summary>The most characters <paramref name="bytes"/> bytes can decode to: the room <see cref="Decode(ReadOnlySpan{byte}, Span{char}, string, DiagnosticBag)"/> needs.</summary>
    public static int MaxChars(int bytes) => StrictUtf8.GetMaxCharCount(bytes);

    public static string? Decode(byte[] bytes, string displayPath, DiagnosticBag diagnostics) => Decode(bytes.AsSpan(), displayPath, diagnostics);

    public static string? Decode(ReadOnlySpan<byte> bytes, string displayPath, DiagnosticBag diagnostics)
    {
        var chars = ArrayPool<char>.Shared.Rent(MaxChars(bytes.Length));
        try
        {
            var length = Decode(bytes, chars, displayPath, diagnostics);
            return length < 0 ? null : new string(chars, 0, length);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>
    /// Decodes <paramref name="bytes"/> into <paramref name="chars"/> (of at least <see cref="MaxChars"/> of them), with
    /// its line endings and control characters made as <see cref="Decode(byte[], string, DiagnosticBag)"/> says: the
    /// length of the text, or -1 after a diagnostic. An article's text is cut in two (front matter and body), and so
    /// needs no string of its own.
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> bytes, Span<char> chars, string displayPath, DiagnosticBag diagnostics)
    {
        int count;
        try
        {
            count = StrictUtf8.GetChars(bytes, chars);
        }
        catch (DecoderFallbackException e)
        {
            var index = Math.Max(0, e.Index);
            var line = 1;
            var lineStart = 0;
            for (var i = 0; i < index && i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n')
                {
                    line++;
                    lineStart = i + 1;
                }
            }

            diagnostics.Error(displayPath, line, index - lineStart + 1, "the file is not valid UTF-8; save it with the UTF-8 encoding (in Word: Save As, Plain Text, Unicode (UTF-8)).");
            return -1;
        }

        // CRLF and a lone CR become LF, in place.
        var text = chars[..count];
        var written = text.IndexOf('\r');
        if (written >= 0)
        {
            for (var read = written; read < text.Length; read++)
            {
                var c = text[read];
                if (c == '\r')
                {
                    c = '\n';
                    if (read + 1 < text.Length && text[read + 1] == '\n')
                    {
                        read++;
                    }
                }

                text[written++] = c;
            }

            text = text[..written];
        }

        var nul = text.IndexOf('\0');
        if (nul >= 0)
        {
            var line = text[..nul].Count('\n') + 1;
            diagnostics.Error(displayPath, line, 1, "the file contains a NUL character; it is probably not a text file, or it was damaged: save it again as UTF-8 text.");
            return -1;
        }

        // A byte-order mark (U+FEFF) is one of them, at the start or inside.
        return RemoveControlCharacters(text);
    }
}
