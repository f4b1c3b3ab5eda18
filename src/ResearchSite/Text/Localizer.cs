using System.Globalization;
using System.Text;

namespace ResearchSite.Text;

/// <summary>Dates and numbers as a reader of one language expects them.</summary>
public sealed record Localizer(Language Language, DigitStyle Digits)
{
    /// <summary>"15 أكتوبر 2024", "15 October 2024", "15 octobre 2024"; always Gregorian (the language's culture is).</summary>
    public string Date(DateOnly date) => Number(date.ToString("d MMMM yyyy", Language.Culture));

    public string Number(int value) => Number(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Whether numbers are shown in the language's own digits.</summary>
    public bool NativeDigits => Digits == DigitStyle.Native && Language.Digits is not null;

    /// <summary>The ten digits numbers are shown in, 0 to 9, when they are the language's own; empty for 0–9 themselves.</summary>
    public string DigitChars => NativeDigits ? string.Concat(Language.Culture.NumberFormat.NativeDigits) : string.Empty;

    /// <summary>.NET never substitutes native digits itself, so the culture's own digits are mapped here when the site asks for them.</summary>
    public string Number(string text)
    {
        if (!NativeDigits)
        {
            return text;
        }

        var digits = Language.Culture.NumberFormat.NativeDigits;
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is >= '0' and <= '9')
            {
                builder.Append(digits[c - '0']);
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
