namespace ResearchSite.Text;

/// <summary>Closest known names for a misspelt one, so "الهام النجار" points the author to "إلهام النجار".</summary>
public static class Suggestions
{
    public static IReadOnlyList<string> Closest(string value, IEnumerable<string> candidates, int take = 3)
    {
        var wanted = Normalize(value);
        return candidates
            .Distinct(StringComparer.Ordinal)
            .Select(c => (Name: c, Distance: Distance(wanted, Normalize(c))))
            .Where(x => x.Distance <= Math.Max(3, wanted.Length / 2))
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Name, StringComparer.Ordinal)
            .Take(take)
            .Select(x => x.Name)
            .ToList();
    }

    private static string Normalize(string s) => Slug.StripDiacritics(s.Trim()).ToLowerInvariant();

    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
