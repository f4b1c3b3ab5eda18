using System.Globalization;
using System.Text;
using ResearchSite.Content;
using ResearchSite.Diagnostics;

namespace ResearchSite.Scaffold;

/// <summary>What `new` was asked to create.</summary>
public sealed record NewArticleRequest(
    string Language,
    string Title,
    IReadOnlyList<string> Authors,
    IReadOnlyList<string> Categories,
    string? Unit,
    string? Slug,
    string? TranslationOf,
    DateOnly Date);

/// <summary>
/// `new`: starts a study or a registry entry without copying YAML by hand. Names are checked against the
/// registries as the build checks them; nothing is ever overwritten.
/// </summary>
public static class Scaffolder
{
    public static (string? Path, IReadOnlyList<string> Errors) NewArticle(string inputDir, NewArticleRequest request)
    {
        var errors = new List<string>();
        var diagnostics = new DiagnosticBag();
        var content = ContentLoader.Load(inputDir, diagnostics);
        if (content is null)
        {
            return (null, diagnostics.Sorted().Where(d => d.IsError).Select(d => d.ToString()).ToList());
        }

        if (request.Language is not ("ar" or "en"))
        {
            return (null, ["--lang must be ar or en."]);
        }

        var registries = content.Registries;
        var authors = request.Authors.ToList();
        var categories = request.Categories.ToList();
        var unit = request.Unit;
        var date = request.Date;
        var slug = request.Slug;
        if (request.TranslationOf is { } original)
        {
            var other = request.Language == "ar" ? "en" : "ar";
            var sourcePath = Path.Combine(inputDir, "articles", other, original + ".md");
            if (!File.Exists(sourcePath))
            {
                return (null, [$"--translation-of {original}: there is no {Path.Combine("articles", other, original + ".md")} to translate."]);
            }

            var parsed = FrontMatterParser.Parse(File.ReadAllText(sourcePath), sourcePath, diagnostics);
            if (parsed is null)
            {
                return (null, diagnostics.Sorted().Select(d => d.ToString()).ToList());
            }

            // A translation shares its original's slug and metadata.
            slug = original;
            authors = authors.Count > 0 ? authors : parsed.FrontMatter.Authors.Select(a => a.Value).ToList();
            categories = categories.Count > 0 ? categories : parsed.FrontMatter.Categories.Select(c => c.Value).ToList();
            unit ??= parsed.FrontMatter.Unit?.Value;
            date = parsed.FrontMatter.Date;
        }

        var authorKeys = Resolve(registries.Authors, authors, "author", "data/authors.yml", a => a.Key, errors);
        var categoryKeys = Resolve(registries.Categories, categories, "category", "data/categories.yml", c => c.Key, errors);
        var unitKeys = unit is null ? [] : Resolve(registries.Units, [unit], "unit", "data/units.yml", u => u.Key, errors);
        if (authorKeys.Count == 0 && authors.Count == 0)
        {
            errors.Add("name at least one --author (a key or a name from data/authors.yml).");
        }

        if (categoryKeys.Count == 0 && categories.Count == 0)
        {
            errors.Add("name at least one --category (a key or a name from data/categories.yml).");
        }

        slug ??= Transliteration.SlugFor(request.Title);
        if (!ResearchSite.Text.Slug.IsSafeSegment(slug))
        {
            errors.Add($"--slug '{slug}' is not usable in a URL: use letters, digits and '-'.");
        }

        var path = Path.Combine(inputDir, "articles", request.Language, slug + ".md");
        if (File.Exists(path))
        {
            errors.Add($"{path} exists already; nothing was written. Pick another --slug.");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var text = new StringBuilder();
        text.Append("---\n");
        text.Append("title: ").Append(Quote(request.Title)).Append('\n');
        text.Append("author: ").Append(List(authorKeys)).Append('\n');
        if (unitKeys.Count > 0)
        {
            text.Append("unit: ").Append(unitKeys[0]).Append('\n');
        }

        text.Append("category: ").Append(List(categoryKeys)).Append('\n');
        text.Append("date: ").Append(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\n');
        text.Append("summary: \n");
        text.Append("draft: true\n");
        text.Append("---\n\n");
        text.Append(request.Language == "ar"
            ? "## المقدمة\n\nاكتب هنا[^1].\n\n[^1]: المصدر.\n"
            : "## Introduction\n\nWrite here[^1].\n\n[^1]: The source.\n");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var stream = new FileStream(path, FileMode.CreateNew))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
        {
            writer.Write(text.ToString());
        }

        return (path, []);
    }

    /// <summary>Adds an entry to a registry file; refuses a key that exists.</summary>
    public static (string? Path, IReadOnlyList<string> Errors) NewEntry(string inputDir, string registry, string key, IReadOnlyDictionary<string, string> fields)
    {
        if (!ResearchSite.Text.Slug.IsSafeSegment(key))
        {
            return (null, [$"the key '{key}' is used in URLs: use letters, digits and '-' only."]);
        }

        var path = Path.Combine(inputDir, "data", registry + ".yml");
        var existing = File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        if (existing.Split('\n').Any(l => l.StartsWith(key + ":", StringComparison.Ordinal)))
        {
            return (null, [$"'{key}' is in data/{registry}.yml already; nothing was written."]);
        }

        var entry = new StringBuilder();
        if (existing.Length > 0 && !existing.EndsWith('\n'))
        {
            entry.Append('\n');
        }

        if (registry == "authors")
        {
            entry.Append(key).Append(":\n");
            entry.Append("  name: ").Append(Pair(fields, "name")).Append('\n');
            entry.Append("  role: ").Append(Pair(fields, "role")).Append('\n');
            if (fields.TryGetValue("unit", out var unit))
            {
                entry.Append("  unit: ").Append(unit).Append('\n');
            }

            entry.Append("  bio: ").Append(Pair(fields, "bio")).Append('\n');
        }
        else
        {
            entry.Append(key).Append(": ").Append(Pair(fields, "name")).Append('\n');
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.AppendAllText(path, entry.ToString(), new UTF8Encoding(false));
        return (path, []);
    }

    private static string Pair(IReadOnlyDictionary<string, string> fields, string name)
    {
        var parts = new List<string>();
        if (fields.TryGetValue(name + "-ar", out var ar))
        {
            parts.Add("ar: " + Quote(ar));
        }

        if (fields.TryGetValue(name + "-en", out var en))
        {
            parts.Add("en: " + Quote(en));
        }

        return "{ " + string.Join(", ", parts) + " }";
    }

    private static List<string> Resolve<T>(Registry<T> registry, IEnumerable<string> names, string kind, string file, Func<T, string> keyOf, List<string> errors)
        where T : class
    {
        var keys = new List<string>();
        foreach (var name in names)
        {
            if (registry.Find(name) is { } entry)
            {
                keys.Add(keyOf(entry));
            }
            else
            {
                errors.Add(ContentLoader.UnknownMessage(kind, name, registry.Suggest(name), file));
            }
        }

        return keys;
    }

    private static string List(IReadOnlyList<string> values) => values.Count == 1 ? values[0] : "[" + string.Join(", ", values) + "]";

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
