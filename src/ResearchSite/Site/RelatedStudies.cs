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
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> Of(IReadOnlyList<Study> studies, IReadOnlyList<Language> languages) =>
        Of(studies, languages, out _);

    /// <summary>The same, saying how many (study, candidate) scores were added up: the work, bounded by keys × <see cref="PerKey"/>.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> Of(IReadOnlyList<Study> studies, IReadOnlyList<Language> languages, out long scored)
    {
        long work = 0;
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

        // Per study and language, whether it has a version in that language: the first criterion.
        var has = languages.Select(l => studies.Select(s => s.Versions.ContainsKey(l)).ToArray()).ToArray();
        var related = new IReadOnlyDictionary<string, IReadOnlyList<string>>[studies.Count];
        Parallel.For(0, studies.Count, () => (Scores: new int[studies.Count], Touched: new List<int>()), (i, _, state) =>
        {
            var (scores, touched) = state;
            touched.Clear();
            foreach (var (key, weight) in keys[i])
            {
                var taken = 0;
                foreach (var other in postings[key])
                {
                    if (other == i)
                    {
                        continue;
                    }

                    if (scores[other] == 0)
                    {
                        touched.Add(other);
                    }

                    scores[other] += weight;
                    if (++taken == PerKey)
                    {
                        break;
                    }
                }
            }

            var byLanguage = new Dictionary<string, IReadOnlyList<string>>(languages.Count, StringComparer.Ordinal);
            var best = new int[Count];
            for (var l = 0; l < languages.Count; l++)
            {
                // The best few by (in the language, score, the site's order): one pass, no sort of every candidate.
                var found = 0;
                foreach (var other in touched)
                {
                    var at = found;
                    while (at > 0 && Better(other, best[at - 1], has[l], scores))
                    {
                        at--;
                    }

                    if (at >= Count)
                    {
                        continue;
                    }

                    Array.Copy(best, at, best, at + 1, Math.Min(found, Count - 1) - at);
                    best[at] = other;
                    found = Math.Min(found + 1, Count);
                }

                byLanguage[languages[l].Code] = best.Take(found).Select(o => studies[o].Slug).ToList();
            }

            related[i] = byLanguage;
            Interlocked.Add(ref work, keys[i].Sum(k => Math.Min(PerKey, postings[k.Key].Count)));
            foreach (var other in touched)
            {
                scores[other] = 0;
            }

            return state;
        }, _ => { });

        scored = work;
        var bySlug = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>(studies.Count, StringComparer.Ordinal);
        for (var i = 0; i < studies.Count; i++)
        {
            bySlug[studies[i].Slug] = related[i];
        }

        return bySlug;
    }

    private static bool Better(int a, int b, bool[] inLanguage, int[] scores) =>
        inLanguage[a] != inLanguage[b] ? inLanguage[a]
        : scores[a] != scores[b] ? scores[a] > scores[b]
        : a < b;
}
