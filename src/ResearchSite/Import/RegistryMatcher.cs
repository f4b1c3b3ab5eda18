using ResearchSite.Content;
using ResearchSite.Scaffold;
using ResearchSite.Text;

namespace ResearchSite.Import;

/// <summary>An entry the import appends to a registry: its key and the fields `new author|category` takes.</summary>
public sealed record NewRegistryEntry(string Registry, string Key, IReadOnlyDictionary<string, string> Fields);

/// <summary>
/// Finds the old site's authors and categories in the registries by key or by any name, written as
/// readers tell names apart (<see cref="Names.Alike"/>: hamza forms, ى/ي, ة/ه, diacritics, tatweel), so that
/// "الهام النجار" is the registry's إلهام النجار; what is in no registry is added once, with a readable Latin key.
/// </summary>
public sealed class RegistryMatcher
{
    private readonly Dictionary<string, string> authors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> categories = new(StringComparer.Ordinal);
    private readonly HashSet<string> authorKeys = new(StringComparer.Ordinal);
    private readonly HashSet<string> categoryKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> units = new(StringComparer.Ordinal);
    private readonly List<NewRegistryEntry> added = [];

    public RegistryMatcher(Registries registries)
    {
        foreach (var author in registries.Authors.Entries)
        {
            Remember(authors, authorKeys, author.Key, author.Name.Texts.Select(t => t.Value));
            units[author.Key] = author.UnitKey is { } unit && registries.Units.ByKey(unit) is not null ? unit : null;
        }

        foreach (var category in registries.Categories.Entries)
        {
            Remember(categories, categoryKeys, category.Key, category.Name.Texts.Select(t => t.Value));
        }
    }

    /// <summary>The entries added in this run, in the order they were met.</summary>
    public IReadOnlyList<NewRegistryEntry> Added => added;

    /// <summary>The registry key of the first name that is known, or null.</summary>
    public string? FindAuthor(params string[] names) => Find(authors, names);

    public string? FindCategory(params string[] names) => Find(categories, names);

    /// <summary>The unit of an author key (null when the registry gives none: the build then needs one in the study).</summary>
    public string? UnitOf(string authorKey) => units.GetValueOrDefault(authorKey);

    public bool IsNew(string registry, string key) => added.Any(a => a.Registry == registry && a.Key == key);

    /// <summary>The author of that name, added to data/authors.yml when no entry has it.</summary>
    public string Author(string name, string language, string? login, string? role = null, string? unit = null)
    {
        if (FindAuthor(name, login ?? string.Empty) is { } key)
        {
            return key;
        }

        key = NewKey(authorKeys, name, login);
        Remember(authors, authorKeys, key, [name]);
        units[key] = unit;
        var fields = new Dictionary<string, string> { ["name-" + language] = name };
        if (role is not null)
        {
            fields["role-" + language] = role;
        }

        if (unit is not null)
        {
            fields["unit"] = unit;
        }

        added.Add(new NewRegistryEntry("authors", key, fields));
        return key;
    }

    /// <summary>The category of that name (or old slug), added to data/categories.yml when no entry has it.</summary>
    public string Category(string name, string language, string? slug)
    {
        if (FindCategory(name, slug ?? string.Empty) is { } key)
        {
            return key;
        }

        key = NewKey(categoryKeys, name, slug);
        Remember(categories, categoryKeys, key, [name]);
        added.Add(new NewRegistryEntry("categories", key, new Dictionary<string, string> { ["name-" + language] = name }));
        return key;
    }

    private static string? Find(Dictionary<string, string> map, string[] names)
    {
        foreach (var name in names.Where(n => !string.IsNullOrWhiteSpace(n)))
        {
            if (map.TryGetValue(name.Trim(), out var byKey) || map.TryGetValue(Names.Alike(name), out byKey))
            {
                return byKey;
            }
        }

        return null;
    }

    private static void Remember(Dictionary<string, string> map, HashSet<string> keys, string key, IEnumerable<string> names)
    {
        keys.Add(key);
        map.TryAdd(key, key);
        foreach (var name in names.Prepend(key))
        {
            map.TryAdd(Names.Alike(name), key);
        }
    }

    /// <summary>A Latin key, as `new` makes slugs: the old slug when it is one, else the name transliterated; a suffix when taken.</summary>
    private static string NewKey(HashSet<string> taken, string name, string? slug)
    {
        var decoded = slug is null ? null : Uri.UnescapeDataString(slug);
        var key = (decoded is { Length: > 0 } && decoded.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') ? decoded : null)
            ?? Transliteration.SlugFor(name)
            ?? (decoded is null ? null : Transliteration.SlugFor(decoded))
            ?? "entry";
        return ImportSlugs.Unique(key, taken.Contains).Slug;
    }
}
