using System.Text;

namespace ResearchSite.Markdown.Safety;

/// <summary>
/// The one allow-list for every URL an article puts on a page (links, autolinks, images, reference
/// definitions, URLs in notes, raw HTML attributes): the web, mail, or a place in the site.
/// It judges a URL as a browser would read it, and more strictly: browsers drop tabs and line breaks
/// anywhere in a URL and spaces and control characters around it, so those go before the scheme is
/// read; and a URL is judged again after each round of entity and percent decoding, so that no
/// encoding of a scheme gets through.
/// </summary>
public static class UrlPolicy
{
    /// <summary>The schemes a link may have; a URL without a scheme is a path of the site.</summary>
    public static IReadOnlyList<string> Schemes { get; } = ["http", "https", "mailto"];

    /// <summary>What the policy allows, for messages.</summary>
    public const string Allowed = "links and images may point to http(s), mailto or a place in the site, never to javascript:, data:, vbscript:, file: or any other scheme";

    /// <summary>
    /// Whether an image at this URL comes from another site. The published site's Content-Security-Policy
    /// (netlify.toml: img-src 'self') blocks such images, and they would tell that site who reads what.
    /// </summary>
    public static bool IsOtherSite(string? url)
    {
        var text = url?.Trim() ?? string.Empty;
        return text.StartsWith("//", StringComparison.Ordinal) || text.StartsWith("\\\\", StringComparison.Ordinal)
            || text.StartsWith("http:", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>What to do about an image from another site, for messages.</summary>
    public const string OtherSiteImage = "images from other sites are blocked by the published site's Content-Security-Policy (img-src 'self') and would not show: copy the image into assets/ and point to it (/files/…)";

    // Rounds of decoding tried: each can only shorten the text, and browsers decode less than this.
    private const int DecodingRounds = 3;

    public static bool IsAllowed(string? url)
    {
        if (url is null)
        {
            return true;
        }

        var text = url;
        for (var round = 0; round <= DecodingRounds; round++)
        {
            if (!HasAllowedScheme(text))
            {
                return false;
            }

            var decoded = Decode(text);
            if (decoded == text)
            {
                return true;
            }

            text = decoded;
        }

        // Browsers decode an attribute's entities once and never percent-decode a scheme: what is
        // still encoded after these rounds is no scheme to them.
        return true;
    }

    /// <summary>The scheme as the URL parser reads it: an ASCII letter, then letters, digits, '+', '-', '.', then ':'.</summary>
    private static bool HasAllowedScheme(string url)
    {
        var text = Visible(url);
        if (text.Length == 0 || !char.IsAsciiLetter(text[0]))
        {
            return true;
        }

        var end = 1;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '+' or '-' or '.'))
        {
            end++;
        }

        if (end == text.Length || text[end] != ':')
        {
            // No scheme: a relative or absolute path, a query or a #fragment.
            return true;
        }

        var scheme = text[..end].ToLowerInvariant();
        return Schemes.Contains(scheme);
    }

    /// <summary>The URL without the characters a browser ignores in it (and without any others that are invisible).</summary>
    private static string Visible(string url)
    {
        var builder = new StringBuilder(url.Length);
        foreach (var c in url)
        {
            if (!char.IsWhiteSpace(c) && !char.IsControl(c) && System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static string Decode(string url)
    {
        var entities = url.Contains('&') ? Markdig.Helpers.HtmlHelper.Unescape(url, removeBackSlash: false) : url;
        return entities.Contains('%') ? Uri.UnescapeDataString(entities) : entities;
    }

    /// <summary>A URL as a diagnostic shows it: shortened, with invisible characters made visible.</summary>
    public static string Describe(string url)
    {
        var builder = new StringBuilder();
        foreach (var c in url.Length > 60 ? url[..60] : url)
        {
            if (char.IsControl(c) || System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
            {
                builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"U+{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return url.Length > 60 ? builder.Append('…').ToString() : builder.ToString();
    }
}
