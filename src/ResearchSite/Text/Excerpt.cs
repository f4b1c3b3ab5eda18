using System.Globalization;

namespace ResearchSite.Text;

/// <summary>Short versions of long text (descriptions from a first paragraph), cut where a reader would cut.</summary>
public static class Excerpt
{
    /// <summary>
    /// At most <paramref name="length"/> characters and an ellipsis: cut at the last space of any kind
    /// (Word joins words with no-break spaces), or, when there is none in the second half (a long URL, a
    /// language written without spaces), between two whole user-perceived characters, so that neither a
    /// surrogate pair nor a letter and its combining marks are ever split.
    /// </summary>
    public static string Shorten(string text, int length)
    {
        if (text.Length <= length)
        {
            return text;
        }

        var cut = LastSpace(text, length);
        if (cut < length / 2)
        {
            cut = 0;
            for (var next = StringInfo.GetNextTextElementLength(text); cut + next <= length; next = StringInfo.GetNextTextElementLength(text, cut))
            {
                cut += next;
            }
        }

        return text[..cut].TrimEnd() + "…";
    }

    private static int LastSpace(string text, int length)
    {
        for (var i = length; i > 0; i--)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                return i;
            }
        }

        return 0;
    }
}
