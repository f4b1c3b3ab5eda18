using System.Text;

namespace ResearchSite.Search;

/// <summary>
/// Makes the ways Arabic is written alike, for the index and for the query (theme/assets/search.js
/// does the same in the browser): no diacritics or tatweel, one alef for أ إ آ ٱ, ي for ى, ه for ة,
/// the hamza carriers ؤ ئ as و ي, and no definite article, so التَّحالُف, التحالف and تحالف all meet.
/// </summary>
public static class SearchNormalizer
{
    private static readonly string[] ArticlePrefixes = ["وال", "بال", "كال", "فال", "ال", "لل"];

    public static string Normalize(string text)
    {
        var letters = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case >= '\u064B' and <= '\u065F' or '\u0670' or '\u0640':
                    break;
                case 'أ' or 'إ' or 'آ' or 'ٱ':
                    letters.Append('ا');
                    break;
                case 'ى':
                    letters.Append('ي');
                    break;
                case 'ة':
                    letters.Append('ه');
                    break;
                case 'ؤ':
                    letters.Append('و');
                    break;
                case 'ئ':
                    letters.Append('ي');
                    break;
                default:
                    letters.Append(c);
                    break;
            }
        }

        var words = letters.ToString().Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = StripArticle(words[i]);
        }

        return string.Join(' ', words);
    }

    private static string StripArticle(string word)
    {
        foreach (var prefix in ArticlePrefixes)
        {
            if (word.StartsWith(prefix, StringComparison.Ordinal) && word.Length - prefix.Length >= 2 && IsArabicLetter(word[prefix.Length]))
            {
                return word[prefix.Length..];
            }
        }

        return word;
    }

    private static bool IsArabicLetter(char c) => c is >= '\u0621' and <= '\u064A';
}
