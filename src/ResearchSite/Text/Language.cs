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
    // ar-EG, not ar-SA: ar-SA formats with the Hijri calendar by default. Constants, so that checking
    // them (CultureSupport) does not run this type's initializer, which fails without the cultures.
    public const string ArabicCulture = "ar-EG";
    public const string EnglishCulture = "en-GB";

    public static readonly Language Arabic = new("ar", "rtl", CultureInfo.GetCultureInfo(ArabicCulture));
    public static readonly Language English = new("en", "ltr", CultureInfo.GetCultureInfo(EnglishCulture));

    public static IReadOnlyList<Language> All { get; } = [Arabic, English];

    public static Language? Find(string code) => All.FirstOrDefault(l => l.Code == code);

    public Language Other => this == Arabic ? English : Arabic;

    // The generated ToString prints every property, and Other leads back here: it recursed until the
    // stack ran out (170,000 lines of stack trace in an error that printed a language).
    public override string ToString() => Code;
}

/// <summary>Whether .NET can give the site's cultures their real data (month names, digits), which it cannot in invariant globalization mode.</summary>
public static class CultureSupport
{
    /// <summary>Null when the cultures work; otherwise what is wrong and what to do, in one line.</summary>
    public static string? Problem()
    {
        try
        {
            // In invariant mode a culture either cannot be created or carries the invariant culture's data.
            var invariant = CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(1);
            if (CultureInfo.GetCultureInfo(Language.ArabicCulture).DateTimeFormat.GetMonthName(1) != invariant
                && CultureInfo.GetCultureInfo(Language.EnglishCulture).DateTimeFormat.GetMonthName(1) == invariant)
            {
                return null;
            }
        }
        catch (CultureNotFoundException)
        {
        }

        const string variable = "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT";
        return Environment.GetEnvironmentVariable(variable) is { } value && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase))
            ? $"{variable}={value} turns off the culture data that Arabic and English dates need ({Language.ArabicCulture}, {Language.EnglishCulture}); unset {variable} and run again."
            : $"the culture data that Arabic and English dates need ({Language.ArabicCulture}, {Language.EnglishCulture}) is missing: .NET runs in invariant globalization mode; install ICU (libicu) and do not set InvariantGlobalization.";
    }
}
