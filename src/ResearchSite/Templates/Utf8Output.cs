using System.Buffers;
using System.Text;
using Scriban.Runtime;

namespace ResearchSite.Templates;

/// <summary>
/// Template output as UTF-8 bytes in one growing buffer, kept per thread and reused page after page:
/// a page goes from the templates to its file without a StringBuilder, a string or an encoder in between.
/// Rendered Markdown, already UTF-8, is copied in as it is.
/// </summary>
public sealed class Utf8Output : IScriptOutput
{
    private byte[] buffer;
    private int length;

    public Utf8Output(int capacity = 64 * 1024) => buffer = new byte[capacity];

    public ReadOnlySpan<byte> Written => buffer.AsSpan(0, length);

    /// <summary>How many bytes were written.</summary>
    public int Length => length;

    /// <summary>What was written, as memory, for a value that outlives this call (the page's content in base.html).</summary>
    public ReadOnlyMemory<byte> WrittenMemory => buffer.AsMemory(0, length);

    public void Clear() => length = 0;

    public void Write(string text, int offset, int count) => Write(text.AsSpan(offset, count));

    public void Write(ReadOnlySpan<char> text)
    {
        Ensure(Encoding.UTF8.GetMaxByteCount(text.Length));
        length += Encoding.UTF8.GetBytes(text, buffer.AsSpan(length));
    }

    // What HTML text and attribute values cannot hold as they are, and what each becomes (WebUtility.HtmlEncode's entities).
    private static readonly SearchValues<char> Special = SearchValues.Create("<>&\"'");

    /// <summary>
    /// Text, HTML-escaped as it is encoded: one pass from the string to the page's bytes, with no escaped
    /// copy of the string in between. Only the five characters markup gives a meaning are replaced; every
    /// other character is written as UTF-8 (WebUtility.HtmlEncode would also write é, © or an emoji as a
    /// numeric reference, which the browser reads back as the same character, in three times the bytes).
    /// </summary>
    public void WriteEscaped(ReadOnlySpan<char> text)
    {
        while (text.IndexOfAny(Special) is >= 0 and var at)
        {
            Write(text[..at]);
            WriteUtf8(text[at] switch
            {
                '<' => "&lt;"u8,
                '>' => "&gt;"u8,
                '&' => "&amp;"u8,
                '"' => "&quot;"u8,
                _ => "&#39;"u8,
            });
            text = text[(at + 1)..];
        }

        Write(text);
    }

    public void WriteUtf8(ReadOnlySpan<byte> utf8)
    {
        Ensure(utf8.Length);
        utf8.CopyTo(buffer.AsSpan(length));
        length += utf8.Length;
    }

    /// <summary>Writes <paramref name="length"/> bytes that <paramref name="fill"/> puts straight into the buffer (a held body read from where it waits).</summary>
    internal void WriteUtf8(int length, Markdown.HeldBody fill)
    {
        Ensure(length);
        fill.ReadInto(buffer.AsSpan(this.length, length));
        this.length += length;
    }

    public ValueTask WriteAsync(string text, int offset, int count, CancellationToken cancellationToken)
    {
        Write(text, offset, count);
        return ValueTask.CompletedTask;
    }

    public override string ToString() => Encoding.UTF8.GetString(Written);

    private void Ensure(int more)
    {
        if (length + more > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + more));
        }
    }
}
