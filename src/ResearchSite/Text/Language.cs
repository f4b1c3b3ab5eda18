using System.Globalization;

namespace ResearchSite.Text;

public enum DigitStyle
{
    Latin,
    ArabicIndic,
}

/// <summary>A reading language of the site: its code, direction and the Gregorian culture used for dates.</summary>
public sealed record Language(string Code, string Direction, CultureInfo Culture)
{
    // ar-EG, not ar-SA: ar-SA formats with the Hijri calendar by default.
    public static readonly Language Arabic = new("ar", "rtl", CultureInfo.GetCultureInfo("ar-EG"));
    public static readonly Language English = new("en", "ltr", CultureInfo.GetCultureInfo("en-GB"));

    public static IReadOnlyList<Language> All { get; } = [Arabic, English];

    public static Language? Find(string code) => All.FirstOrDefault(l => l.Code == code);

    public Language Other => this == Arabic ? English : Arabic;

    // The generated ToString prints every property, and Other leads back here: it recursed until the
    // stack ran out (170,000 lines of stack trace in an error that printed a language).
    public override string ToString() => Code;
}
