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

    /// <summary>A key two studies can share, with its weight.</summary>
    private sealed record Key(string Name, int Weight);

    /// <summary>
    /// The studies' keys with their weights: what two studies can share. Loops and a class, not LINQ over tuples: generic
    /// code over a value type is not in the ReadyToRun image and was compiled at run time, most of this step's time.
    /// </summary>
    private static List<Key> Keys(Study study)
    {
        var keys = new List<Key>();
        foreach (var author in study.Authors)
        {
            keys.Add(new Key("a:" + author.Key, AuthorWeight));
        }

        foreach (var category in study.Categories)
        {
            keys.Add(new Key("c:" + category.Key, CategoryWeight));
        }

        foreach (var unit in study.Units)
        {
            keys.Add(new Key("u:" + unit.Key, UnitWeight));
        }

        var tags = new HashSet<string>(StringComparer.Ordinal);
        foreach (var version in study.Versions.Values)
        {
            foreach (var tag in version.Tags)
            {
                var key = "t:" + tag.Trim().ToLowerInvariant();
                if (tags.Add(key))
                {
                    keys.Add(new Key(key, TagWeight));
                }
            }
        }

        return keys;
    }

    /// <param name="studies">The site's studies, in its order: newest first, then by slug.</param>
    /// <param name="languages">The site's languages: each gets its own order (its versions first).</param>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> Of(IReadOnlyList<Study> studies, IReadOnlyList<Language> languages) =>
        Of(studies, languages, out _);

    /// <summary>What each worker scores with: a score per study, and the studies it touched (to clear them after).</summary>
    private sealed class Scratch(int studies)
    {
        public readonly int[] Scores = new int[studies];
        public readonly List<int> Touched = [];
    }

    /// <summary>The same, saying how many (study, candidate) scores were added up: the work, bounded by keys × <see cref="PerKey"/>.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> Of(IReadOnlyList<Study> studies, IReadOnlyList<Language> languages, out long scored)
    {
        long work = 0;
        var keys = new List<Key>[studies.Count];
        var postings = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < studies.Count; i++)
        {
            keys[i] = Keys(studies[i]);
            foreach (var key in keys[i])
            {
                if (!postings.TryGetValue(key.Name, out var list))
                {
                    postings[key.Name] = list = [];
                }

                list.Add(i);
            }
        }

        // Per study and language, whether it has a version in that language: the first criterion.
        var has = new bool[languages.Count][];
        for (var l = 0; l < languages.Count; l++)
        {
            has[l] = new bool[studies.Count];
            for (var i = 0; i < studies.Count; i++)
            {
                has[l][i] = studies[i].Versions.ContainsKey(languages[l]);
            }
        }

        var related = new IReadOnlyDictionary<string, IReadOnlyList<string>>[studies.Count];
        Parallel.For(0, studies.Count, () => new Scratch(studies.Count), (i, _, state) =>
        {
            var scores = state.Scores;
            var touched = state.Touched;
            touched.Clear();
            long candidates = 0;
            foreach (var key in keys[i])
            {
                var taken = 0;
                var posting = postings[key.Name];
                candidates += Math.Min(PerKey, posting.Count);
                foreach (var other in posting)
                {
                    if (other == i)
                    {
                        continue;
                    }

                    if (scores[other] == 0)
                    {
                        touched.Add(other);
                    }

                    scores[other] += key.Weight;
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

                var slugs = new List<string>(found);
                for (var b = 0; b < found; b++)
                {
                    slugs.Add(studies[best[b]].Slug);
                }

                byLanguage[languages[l].Code] = slugs;
            }

            related[i] = byLanguage;
            Interlocked.Add(ref work, candidates);
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
