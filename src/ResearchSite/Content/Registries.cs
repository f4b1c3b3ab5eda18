using ResearchSite.Search;
using ResearchSite.Text;

namespace ResearchSite.Content;

public sealed record Author(string Key, LocalizedText Name, LocalizedText Role, string? UnitKey, LocalizedText Bio);

public sealed record Unit(string Key, LocalizedText Name);

public sealed record Category(string Key, LocalizedText Name);

/// <summary>One registry (authors, units or categories): entries are found by key or by any of their names.</summary>
public sealed class Registry<T>
    where T : class
{
    private readonly Dictionary<string, T> byKeyOrName = new(StringComparer.Ordinal);
    private readonly Func<T, string> keyOf;
    private readonly Func<T, IEnumerable<string>> namesOf;

    public Registry(string kind, IEnumerable<T> entries, Func<T, string> keyOf, Func<T, IEnumerable<string>> namesOf)
    {
        Kind = kind;
        this.keyOf = keyOf;
        this.namesOf = namesOf;
        Entries = entries.ToList();
        foreach (var entry in Entries)
        {
            byKeyOrName.TryAdd(keyOf(entry), entry);
        }

        foreach (var entry in Entries)
        {
            foreach (var name in namesOf(entry))
            {
                byKeyOrName.TryAdd(Names.Spaced(name), entry);
            }
        }
    }

    public string Kind { get; }

    public IReadOnlyList<T> Entries { get; }

    public T? Find(string keyOrName) =>
        byKeyOrName.GetValueOrDefault(keyOrName.Trim()) ?? byKeyOrName.GetValueOrDefault(Names.Spaced(keyOrName));

    public T? ByKey(string key) => byKeyOrName.TryGetValue(key, out var entry) && keyOf(entry) == key ? entry : null;

    public IReadOnlyList<string> Suggest(string value) =>
        Suggestions.Closest(value, Entries.SelectMany(e => namesOf(e).Prepend(keyOf(e))));
}

/// <summary>How registry names compare.</summary>
public static class Names
{
    /// <summary>Whitespace differences (double spaces, NBSP from Word) must not split an index.</summary>
    public static string Spaced(string name) =>
        string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Normalize();

    /// <summary>
    /// The name as a reader tells it apart: without diacritics or case, with the Persian ی and ک that
    /// keyboards type for ي and ك, and written as the search normalizes Arabic (أ إ آ → ا, ة → ه, no "ال").
    /// Two entries alike in this form look like one to readers and to search.
    /// </summary>
    public static string Alike(string name) =>
        SearchNormalizer.Normalize(Slug.StripDiacritics(Spaced(name)).Replace('\u06CC', '\u064A').Replace('\u06A9', '\u0643')).ToLowerInvariant();
}

public sealed record Registries(Registry<Author> Authors, Registry<Unit> Units, Registry<Category> Categories);
