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
    public SiteConfig WithBaseUrl(Uri baseUrl) => this with { BaseUrl = baseUrl };
}
