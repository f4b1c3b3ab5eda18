using ResearchSite.Text;

namespace ResearchSite.Site;

/// <summary>
/// "Related studies" at the end of each study: those that share the most with it (authors weigh most, then
/// categories, then unit and tags), those with a version in the reader's language first, then the newest.
/// Cheap at any size: inverted indexes by author, category, unit and tag, and from each only the
/// <see cref="PerKey"/> newest studies are candidates, so a study costs at most its keys × <see cref="PerKey"/>
/// whatever the archive's size (no scoring of all pairs). Deterministic: ties fall to the site's order
/// (newest first, then slug).
/// </summary>
public static class RelatedStudies
{
    /// <summary>How many related studies a page shows, at most.</summary>
    public const int Count = 4;

    /// <summary>How many of the newest studies of each shared key are scored.</summary>
    public const int PerKey = 100;

    private const int AuthorWeight = 3, CategoryWeight = 2, UnitWeight = 1, TagWeight = 1;

    /// <summary>The studies' keys with their weights: what two studies can share.</summary>
    private static IEnumerable<(string Key, int Weight)> Keys(Study study) =>
        study.Authors.Select(a => ("a:" + a.Key, AuthorWeight))
            .Concat(study.Categories.Select(c => ("c:" + c.Key, CategoryWeight)))
            .Concat(study.Units.Select(u => ("u:" + u.Key, UnitWeight)))
            .Concat(study.Versions.Values.SelectMany(v => v.Tags).Select(t => "t:" + t.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).Select(t => (t, TagWeight)));

    /// <param name="studies">The site's studies, in its order: newest first, then by slug.</param>
    /// <param name="languages">The site's languages: each gets its own order (its versions first).</param>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> Of(IReadOnlyList<Study> studies, IReadOnlyList<Language> languages)
    {
        var keys = new List<(string Key, int Weight)>[studies.Count];
        var postings = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < studies.Count; i++)
        {
            keys[i] = Keys(studies[i]).ToList();
            foreach (var (key, _) in keys[i])
            {
                if (!postings.TryGetValue(key, out var list))
                {
                    postings[key] = list = [];
                }

                list.Add(i);
            }
        }

        var related = new IReadOnlyDictionary<string, IReadOnlyList<string>>[studies.Count];
        Parallel.For(0, studies.Count, () => new Dictionary<int, int>(), (i, _, scores) =>
        {
            scores.Clear();
            foreach (var (key, weight) in keys[i])
            {
                var taken = 0;
                foreach (var other in postings[key])
                {
                    if (other == i)
                    {
                        continue;
                    }

                    scores[other] = scores.GetValueOrDefault(other) + weight;
                    if (++taken == PerKey)
                    {
                        break;
                    }
                }
            }

            // Score, then the site's order (newest first): the index breaks every tie.
            var ranked = scores.OrderByDescending(s => s.Value).ThenBy(s => s.Key).Select(s => s.Key).ToList();
            related[i] = languages.ToDictionary(
                l => l.Code,
                l => (IReadOnlyList<string>)ranked
                    .OrderBy(o => studies[o].Versions.ContainsKey(l) ? 0 : 1)
                    .Take(Count)
                    .Select(o => studies[o].Slug)
                    .ToList(),
                StringComparer.Ordinal);
            return scores;
        }, _ => { });

        var bySlug = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>(studies.Count, StringComparer.Ordinal);
        for (var i = 0; i < studies.Count; i++)
        {
            bySlug[studies[i].Slug] = related[i];
        }

        return bySlug;
    }
}
