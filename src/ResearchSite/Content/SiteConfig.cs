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

/// <summary>The one reading of a base URL, for site.yml's base_url and --base-url alike.</summary>
public static class BaseUrl
{
    /// <summary>
    /// The URL the site is served from, ending in '/', or the problem with <paramref name="text"/>: every
    /// absolute URL of the site is this plus a path, so a query, a fragment or credentials would end up
    /// inside every canonical link, feed and sitemap entry.
    /// </summary>
    public static (Uri? Url, string? Problem) Parse(string? text)
    {
        const string Example = "an absolute http(s) URL such as https://research.example.org/";
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, $"is empty; give {Example}.");
        }

        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Host.Length == 0)
        {
            return (null, $"'{text}' must be {Example}.");
        }

        if (url.UserInfo.Length > 0)
        {
            return (null, $"'{text}' holds a user name or password, which every page would print; leave them out.");
        }

        if (url.Query.Length > 0 || url.Fragment.Length > 0 || text.TrimEnd().EndsWith('?') || text.TrimEnd().EndsWith('#'))
        {
            return (null, $"'{text}' has a query or fragment ('?…' or '#…'), which would end up inside every link of the site; give {Example}.");
        }

        var path = url.AbsolutePath.EndsWith('/') ? url.AbsolutePath : url.AbsolutePath + "/";
        return (new UriBuilder(url) { Path = path }.Uri, null);
    }
}
