using System.Globalization;
using System.Text;

namespace ResearchSite.Text;

/// <summary>Dates and numbers as a reader of one language expects them.</summary>
public sealed record Localizer(Language Language, DigitStyle Digits)
{
    /// <summary>"15 أكتوبر 2024" or "15 October 2024"; always Gregorian.</summary>
    public string Date(DateOnly date) => Number(date.ToString("d MMMM yyyy", GregorianCultures[Language.Code]));

    private static readonly Dictionary<string, CultureInfo> GregorianCultures = Language.All.ToDictionary(
        l => l.Code,
        l =>
        {
            var culture = (CultureInfo)l.Culture.Clone();
            culture.DateTimeFormat.Calendar = new GregorianCalendar();
            return CultureInfo.ReadOnly(culture);
        });

    public string Number(int value) => Number(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>.NET never substitutes native digits itself, so Arabic-Indic digits are mapped here when the site asks for them.</summary>
    public string Number(string text)
    {
        if (Language != Language.Arabic || Digits != DigitStyle.ArabicIndic)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c is >= '0' and <= '9' ? (char)('\u0660' + (c - '0')) : c);
        }

        return builder.ToString();
    }
}
