using System.Buffers;
using System.Globalization;
using System.Text;

namespace ResearchSite.Diagnostics;

public enum Severity
{
    Warning,
    Error,
}

/// <summary>One problem found in the author's input, printed the way compilers do so editors can jump to it.</summary>
public sealed record Diagnostic(Severity Severity, string File, int Line, int Column, string Message)
{
    // Bidi controls would reorder the printed line (a value could make "error" read as something else,
    // or hide part of a path), control characters could drive the terminal, and zero-width characters make
    // two names that differ look the same ("did you mean 'Zed\u2060Word'?"): all are shown as code points.
    private static readonly SearchValues<char> Invisible = SearchValues.Create(
        [.. Enumerable.Range(0, 0xA0).Select(i => (char)i).Where(char.IsControl), '\u061C', '\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069',
        '\u200B', '\u200C', '\u200D', '\u2060', '\u2061', '\u2062', '\u2063', '\u2064', '\uFEFF', '\u00AD']);

    public bool IsError => Severity == Severity.Error;

    public override string ToString() =>
        $"{Visible(File)}({Line},{Column}): {(IsError ? "error" : "warning")}: {Visible(Message)}";

    /// <summary>The text with each bidi, control or zero-width character written as &lt;U+202E&gt;.</summary>
    public static string Visible(string text)
    {
        if (!text.AsSpan().ContainsAny(Invisible))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (Invisible.Contains(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"<U+{(int)c:X4}>");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
