using System.Globalization;

namespace ResearchSite.Text;

public enum DigitStyle
{
    Latin,

    /// <summary>Each language's own digits, as its 'digits' in strings.yml gives them (site.yml's 'arabic-indic' or 'native').</summary>
    Native,
}

/// <summary>
/// A reading language of the site. Only its code comes from site.yml; everything else (direction, the
/// culture of its dates, its own digits, its name) is defined by the theme's strings.yml, so that a site
/// gains a language without a change of code. Two languages are the same language when their codes are.
/// </summary>
public sealed record Language(string Code)
{
    public string Direction { get; init; } = "ltr";

    /// <summary>The culture of its dates and sorting, always with the Gregorian calendar.</summary>
    public CultureInfo Culture { get; init; } = CultureInfo.InvariantCulture;

    /// <summary>
    /// The name of its own digits (the CSS counter style of its numbered lists: arabic-indic, persian, …),
    /// shown when site.yml asks for native digits; null for Latin digits. The digits themselves are its culture's.
    /// </summary>
    public string? Digits { get; init; }

    /// <summary>The language's name in itself ("العربية", "English", "Français").</summary>
    public string Name { get; init; } = string.Empty;

    public bool RightToLeft => Direction == "rtl";

    /// <summary>A code as site.yml and the articles/ folders may give it: a BCP 47 tag such as fr, fa or pt-BR.</summary>
    public static bool IsCode(string code) =>
        code.Length is >= 2 and <= 12 && char.IsAsciiLetterLower(code[0]) && code.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') && !code.EndsWith('-');

    /// <summary>The English name of a language code, for messages ("Arabic", "French"); the code itself when .NET does not know it.</summary>
    public static string EnglishName(string code)
    {
        try
        {
            return CultureInfo.GetCultureInfo(code, predefinedOnly: true).EnglishName;
        }
        catch (CultureNotFoundException)
        {
            return code;
        }
    }

    public bool Equals(Language? other) => other is not null && other.Code == Code;

    public override int GetHashCode() => Code.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Code;
}

/// <summary>Whether .NET can give the site's cultures their real data (month names, digits), which it cannot in invariant globalization mode.</summary>
public static class CultureSupport
{
    // Any culture with its own month names shows whether culture data is there; ar-EG is the series' own.
    private const string Probe = "ar-EG";

    /// <summary>Null when the cultures work; otherwise what is wrong and what to do, in one line.</summary>
    public static string? Problem()
    {
        try
        {
            // In invariant mode a culture either cannot be created or carries the invariant culture's data.
            var invariant = CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(1);
            if (CultureInfo.GetCultureInfo(Probe).DateTimeFormat.GetMonthName(1) != invariant)
            {
                return null;
            }
        }
        catch (CultureNotFoundException)
        {
        }

        const string variable = "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT";
        return Environment.GetEnvironmentVariable(variable) is { } value && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase))
            ? $"{variable}={value} turns off the culture data that the languages' dates need ({Probe}, …); unset {variable} and run again."
            : $"the culture data that the languages' dates need ({Probe}, …) is missing: .NET runs in invariant globalization mode; install ICU (libicu) and do not set InvariantGlobalization.";
    }
}
