using ResearchSite.Text;

namespace ResearchSite.Content;

/// <summary>site.yml: settings that apply to every page.</summary>
public sealed record SiteConfig(
    LocalizedText Title,
    LocalizedText Description,
    LocalizedText Institution,
    Uri BaseUrl,
    Language DefaultLanguage,
    IReadOnlyList<Language> Languages,
    int PageSize,
    DigitStyle Digits)
{
    /// <summary>Where the settings were written, for errors found when the theme is known.</summary>
    public SiteConfigPlaces Places { get; init; } = new("site.yml", []);

    public SiteConfig WithBaseUrl(Uri baseUrl) => this with { BaseUrl = baseUrl };
}

/// <summary>The file site.yml was read from, and each code of its 'languages' where it was written.</summary>
public sealed record SiteConfigPlaces(string File, IReadOnlyList<Located<string>> Codes);
