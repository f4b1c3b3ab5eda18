using System.Globalization;
using System.Text;

namespace ResearchSite.Text;

/// <summary>
/// Unicode-preserving identifiers: Arabic letters stay Arabic (Markdig's default would drop them and
/// leave "section-N"), diacritics and tatweel go, so that "التَّحالُف" and "التحالف" give the same id.
/// </summary>
public static class Slug
{
    public static string FromText(string text)
    {
        // By rune, not by char: a letter outside the Basic Multilingual Plane (𝐁, 𠀀) is one rune and two
        // chars, and an emoji (a symbol) must be dropped whole, never as half a surrogate pair.
        var builder = new StringBuilder(text.Length);
        var pendingDash = false;
        foreach (var rune in StripDiacritics(text).EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                if (pendingDash && builder.Length > 0)
                {
                    builder.Append('-');
                }

                pendingDash = false;

                // Arabic letters have no case: asking ICU for each of them was most of a heading's id.
                Append(builder, rune.Value is >= 0x0600 and <= 0x06FF ? rune : Rune.ToLowerInvariant(rune));
            }
            else if (IsMark(rune) && builder.Length > 0 && !pendingDash)
            {
                Append(builder, rune);
            }
            else if (rune.Value is '-' or '_' || Rune.IsWhiteSpace(rune) || Rune.IsPunctuation(rune) || Rune.IsSymbol(rune))
            {
                pendingDash = true;
            }
        }

        return builder.ToString();
    }

    private static bool IsMark(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    private static void Append(StringBuilder builder, Rune rune)
    {
        Span<char> chars = stackalloc char[2];
        builder.Append(chars[..rune.EncodeToUtf16(chars)]);
    }

    /// <summary>
    /// Removes Arabic harakat, tatweel and Latin combining marks, but keeps the hamza forms (أ إ آ ؤ ئ)
    /// because they are letters of their own in Arabic, not decorations.
    /// </summary>
    public static string StripDiacritics(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var rune in ComposedForm(text).EnumerateRunes())
        {
            if (rune.IsAscii || rune.Value is >= 0x0600 and <= 0x06FF && !IsArabicMark((char)rune.Value))
            {
                Append(builder, rune);
                continue;
            }

            if (rune.IsBmp && IsArabicMark((char)rune.Value))
            {
                continue;
            }

            foreach (var part in rune.ToString().Normalize(NormalizationForm.FormD).EnumerateRunes())
            {
                if (Rune.GetUnicodeCategory(part) != UnicodeCategory.NonSpacingMark)
                {
                    Append(builder, part);
                }
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The text in Unicode NFC. Text of ASCII and the Arabic block is in it already unless it holds one of the
    /// three marks that compose with a letter before them (madda, hamza above and below: ا + ٓ is آ); the
    /// other Arabic marks may only be reordered by NFC, and every one of them is stripped anyway. Most
    /// headings are such text, and this spares ICU a call for each.
    /// </summary>
    private static string ComposedForm(string text)
    {
        foreach (var c in text)
        {
            if (!(char.IsAscii(c) || c is >= '\u0600' and <= '\u06FF' and not (>= '\u0653' and <= '\u0655')))
            {
                return text.Normalize(NormalizationForm.FormC);
            }
        }

        return text;
    }

    private static bool IsArabicMark(char c) =>
        c is >= '\u064B' and <= '\u065F' or '\u0670' or '\u0640' or >= '\u06D6' and <= '\u06ED' or >= '\u0610' and <= '\u061A';

    /// <summary>A file or URL segment we accept from authors: letters, digits, '-' and '_', nothing that can climb out of a folder.</summary>
    public static bool IsSafeSegment(string segment) => SegmentProblem(segment) is null;

    /// <summary>Why a segment cannot be a file or URL segment of the site (to say so), or null when it can.</summary>
    public static string? SegmentProblem(string segment) =>
        segment.Length == 0 ? "it is empty"
        : segment.Length > 120 ? "it is longer than 120 characters"
        : !segment.EnumerateRunes().All(r => Rune.IsLetterOrDigit(r) || r.Value is '-' or '_') ? "use letters, digits and '-' only"
        : IsReservedDeviceName(segment) ? "it is a name Windows reserves for a device (CON, PRN, AUX, NUL, COM1–9, LPT1–9), which no file of the site may have"
        : null;

    private static bool IsReservedDeviceName(string segment) =>
        segment.ToUpperInvariant() is "CON" or "PRN" or "AUX" or "NUL"
            or "COM1" or "COM2" or "COM3" or "COM4" or "COM5" or "COM6" or "COM7" or "COM8" or "COM9"
            or "LPT1" or "LPT2" or "LPT3" or "LPT4" or "LPT5" or "LPT6" or "LPT7" or "LPT8" or "LPT9";
}
