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
        var builder = new StringBuilder(text.Length);
        var pendingDash = false;
        foreach (var c in StripDiacritics(text))
        {
            if (char.IsLetterOrDigit(c))
            {
                if (pendingDash && builder.Length > 0)
                {
                    builder.Append('-');
                }

                pendingDash = false;
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (c is '-' or '_' || char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSymbol(c))
            {
                pendingDash = true;
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Removes Arabic harakat, tatweel and Latin combining marks, but keeps the hamza forms (أ إ آ ؤ ئ)
    /// because they are letters of their own in Arabic, not decorations.
    /// </summary>
    public static string StripDiacritics(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            if (IsArabicMark(c))
            {
                continue;
            }

            if (c is >= '\u0600' and <= '\u06FF')
            {
                builder.Append(c);
                continue;
            }

            foreach (var d in c.ToString().Normalize(NormalizationForm.FormD))
            {
                if (CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark)
                {
                    builder.Append(d);
                }
            }
        }

        return builder.ToString();
    }

    private static bool IsArabicMark(char c) =>
        c is >= '\u064B' and <= '\u065F' or '\u0670' or '\u0640' or >= '\u06D6' and <= '\u06ED' or >= '\u0610' and <= '\u061A';

    /// <summary>A file or URL segment we accept from authors: letters, digits, '-' and '_', nothing that can climb out of a folder.</summary>
    public static bool IsSafeSegment(string segment) =>
        segment.Length is > 0 and <= 120
        && segment.All(c => char.IsLetterOrDigit(c) || c is '-' or '_')
        && !IsReservedDeviceName(segment);

    private static bool IsReservedDeviceName(string segment) =>
        segment.ToUpperInvariant() is "CON" or "PRN" or "AUX" or "NUL"
            or "COM1" or "COM2" or "COM3" or "COM4" or "COM5" or "COM6" or "COM7" or "COM8" or "COM9"
            or "LPT1" or "LPT2" or "LPT3" or "LPT4" or "LPT5" or "LPT6" or "LPT7" or "LPT8" or "LPT9";
}
