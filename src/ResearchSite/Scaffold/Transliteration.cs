using System.Text;
using ResearchSite.Text;

namespace ResearchSite.Scaffold;

/// <summary>Latin slugs for Arabic titles: URLs that survive e-mail, chat and citation managers.</summary>
public static class Transliteration
{
    private static readonly Dictionary<char, string> Letters = new()
    {
        ['ا'] = "a", ['أ'] = "a", ['إ'] = "i", ['آ'] = "a", ['ٱ'] = "a", ['ب'] = "b", ['ت'] = "t", ['ث'] = "th", ['ج'] = "j",
        ['ح'] = "h", ['خ'] = "kh", ['د'] = "d", ['ذ'] = "dh", ['ر'] = "r", ['ز'] = "z", ['س'] = "s", ['ش'] = "sh", ['ص'] = "s",
        ['ض'] = "d", ['ط'] = "t", ['ظ'] = "z", ['ع'] = "a", ['غ'] = "gh", ['ف'] = "f", ['ق'] = "q", ['ك'] = "k", ['ل'] = "l",
        ['م'] = "m", ['ن'] = "n", ['ه'] = "h", ['ة'] = "a", ['و'] = "w", ['ؤ'] = "w", ['ي'] = "y", ['ى'] = "a", ['ئ'] = "y",
        ['ء'] = string.Empty, ['٠'] = "0", ['١'] = "1", ['٢'] = "2", ['٣'] = "3", ['٤'] = "4", ['٥'] = "5", ['٦'] = "6",
        ['٧'] = "7", ['٨'] = "8", ['٩'] = "9",
    };

    public static string ToLatin(string text)
    {
        var builder = new StringBuilder(text.Length * 2);
        foreach (var c in Slug.StripDiacritics(text))
        {
            builder.Append(Letters.TryGetValue(c, out var latin) ? latin : c.ToString());
        }

        return builder.ToString();
    }

    /// <summary>
    /// A URL slug for a title: transliterated, lower-case ASCII, at most about 60 characters, cut at a word;
    /// null when the title has nothing to spell it with (only emoji, or a script without a transliteration).
    /// </summary>
    public static string? SlugFor(string title)
    {
        var slug = Slug.FromText(ToLatin(title));
        slug = new string(slug.Where(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-').ToArray()).Trim('-');
        while (slug.Contains("--", StringComparison.Ordinal))
        {
            slug = slug.Replace("--", "-", StringComparison.Ordinal);
        }

        if (slug.Length > 60)
        {
            var cut = slug.LastIndexOf('-', 60);
            slug = slug[..(cut > 20 ? cut : 60)];
        }

        return slug.Length == 0 ? null : slug;
    }
}
