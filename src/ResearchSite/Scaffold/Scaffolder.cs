using System.Globalization;
using System.Text;
using ResearchSite.Content;
using ResearchSite.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;
using Slug = ResearchSite.Text.Slug;

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
    DateOnly Date)
{
    /// <summary>The study's number in the series (<c>--number</c>); null leaves it out.</summary>
    public int? Number { get; init; }

    /// <summary>Its key points (<c>--key-point</c>, repeated); none writes an empty list to fill in.</summary>
    public IReadOnlyList<string> KeyPoints { get; init; } = [];
}

/// <summary>What `new` did: the file it wrote, or why it wrote nothing.</summary>
public sealed record ScaffoldResult(string? Path, IReadOnlyList<string> Errors, bool ContentErrors)
{
    /// <summary>What the build will warn about in what was written.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public static ScaffoldResult Written(string path) => new(path, [], false);

    /// <summary>The command line asked for something that cannot be written (exit 2).</summary>
    public static ScaffoldResult Refused(IReadOnlyList<string> errors) => new(null, errors, false);

    /// <summary>The site's own files must be fixed first (exit 1).</summary>
    public static ScaffoldResult Broken(IReadOnlyList<string> errors) => new(null, errors, true);
}

/// <summary>
/// `new`: starts a study or a registry entry without copying YAML by hand. Every value is checked as the
/// build checks it; nothing is ever overwritten.
/// </summary>
public static class Scaffolder
{
    public static ScaffoldResult NewArticle(string inputDir, NewArticleRequest request)
    {
        var errors = new List<string>();
        var diagnostics = new DiagnosticBag();
        var content = ContentLoader.Load(inputDir, diagnostics);
        if (content is null)
        {
            return ScaffoldResult.Broken(diagnostics.Sorted().Where(d => d.IsError).Select(d => d.ToString()).ToList());
        }

        if (!content.Site.Languages.Contains(new ResearchSite.Text.Language(request.Language)))
        {
            return ScaffoldResult.Refused([$"--lang must be one of the site's languages ({string.Join(", ", content.Site.Languages.Select(l => l.Code))}, from site.yml)."]);
        }

        CheckText("the title", request.Title, errors);
        foreach (var point in request.KeyPoints)
        {
            CheckText("a key point", point, errors);
        }

        if (request.Number is <= 0)
        {
            errors.Add($"--number {request.Number} is not a number in the series: give a whole number from 1.");
        }

        var registries = content.Registries;
        var authors = request.Authors.ToList();
        var categories = request.Categories.ToList();
        var unit = request.Unit;
        var date = request.Date;
        var slug = request.Slug;
        var number = request.Number;
        if (request.TranslationOf is { } original)
        {
            // The study translated is the one of that slug in another language, the default language's first.
            var others = content.Site.Languages.Where(l => l.Code != request.Language).OrderBy(l => l != content.Site.DefaultLanguage).Select(l => l.Code).ToList();
            var other = others.FirstOrDefault(l => File.Exists(Path.Combine(inputDir, "articles", l, original + ".md"))) ?? others.FirstOrDefault() ?? request.Language;
            var sourcePath = Path.Combine(inputDir, "articles", other, original + ".md");
            if (!Slug.IsSafeSegment(original) || !File.Exists(sourcePath))
            {
                return ScaffoldResult.Refused([$"--translation-of {original}: there is no {Path.Combine("articles", other, original + ".md")} to translate."]);
            }

            var display = ContentLoader.Display(sourcePath);
            var text = SourceText.Read(sourcePath, display, diagnostics);
            var parsed = text is null ? null : FrontMatterParser.Parse(text, display, diagnostics);
            if (parsed is null)
            {
                return ScaffoldResult.Broken(diagnostics.Sorted().Select(d => d.ToString()).ToList());
            }

            // A translation shares its original's slug and metadata.
            slug = original;
            authors = authors.Count > 0 ? authors : parsed.FrontMatter.Authors.Select(a => a.Value).ToList();
            categories = categories.Count > 0 ? categories : parsed.FrontMatter.Categories.Select(c => c.Value).ToList();
            unit ??= parsed.FrontMatter.Unit?.Value;
            date = parsed.FrontMatter.Date;
            number ??= parsed.FrontMatter.Number;
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
        if (slug is null)
        {
            return ScaffoldResult.Refused([.. errors, $"the title '{request.Title}' has no letters or digits to make a URL from; pass one with --slug, e.g. --slug results-2024."]);
        }

        if (!Slug.IsSafeSegment(slug))
        {
            errors.Add($"--slug '{slug}' is not usable in a URL: use letters, digits and '-'.");
            return ScaffoldResult.Refused(errors);
        }

        var path = Path.Combine(inputDir, "articles", request.Language, slug + ".md");
        if (File.Exists(path))
        {
            errors.Add($"{path} exists already; nothing was written. Pick another --slug.");
        }

        if (errors.Count > 0)
        {
            return ScaffoldResult.Refused(errors);
        }

        var article = new StringBuilder();
        article.Append("---\n");
        article.Append("title: ").Append(Quote(request.Title)).Append('\n');
        article.Append("author: ").Append(List(authorKeys)).Append('\n');
        if (unitKeys.Count > 0)
        {
            article.Append("unit: ").Append(unitKeys[0]).Append('\n');
        }

        article.Append("category: ").Append(List(categoryKeys)).Append('\n');
        article.Append("date: ").Append(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\n');
        article.Append("summary: \n");
        if (number is { } n)
        {
            article.Append("number: ").Append(n.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        // Key points are asked for by the page, not required: an empty list shows the field to fill in.
        article.Append("key_points:").Append(request.KeyPoints.Count == 0 ? " []\n" : "\n");
        foreach (var point in request.KeyPoints)
        {
            article.Append("  - ").Append(Quote(point)).Append('\n');
        }

        article.Append("draft: true\n");
        article.Append("---\n\n");
        // The starter text is in the script of the title: the language's words are the theme's, which `new` does not read.
        article.Append(request.Title.Any(c => c is >= '\u0600' and <= '\u06FF')
            ? "## المقدمة\n\nاكتب هنا[^1].\n\n[^1]: المصدر.\n"
            : "## Introduction\n\nWrite here[^1].\n\n[^1]: The source.\n");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var stream = new FileStream(path, FileMode.CreateNew))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
        {
            writer.Write(article.ToString());
        }

        return ScaffoldResult.Written(path);
    }

    /// <summary>An author's fields in the order they are written; all but the unit are in both languages.</summary>
    private static readonly string[] AuthorFields = ["name", "role", "unit", "bio"];

    /// <summary>
    /// Appends an entry to a registry file, written by YamlDotNet's emitter (so no value can add keys or
    /// entries of its own) after the file's last line: its entries, their order and its comments stay.
    /// </summary>
    public static ScaffoldResult NewEntry(string inputDir, string registry, string key, IReadOnlyDictionary<string, string> fields) =>
        NewEntries(inputDir, registry, [(key, fields)])[0];

    /// <summary>
    /// Appends several entries to one registry, each checked as <see cref="NewEntry"/> checks one, with one
    /// reading of the site and one write (an import adds dozens); a refused entry leaves the others.
    /// </summary>
    public static IReadOnlyList<ScaffoldResult> NewEntries(string inputDir, string registry, IReadOnlyList<(string Key, IReadOnlyDictionary<string, string> Fields)> entries)
    {
        var kind = registry switch { "authors" => "author", "units" => "unit", _ => "category" };
        var file = $"data/{registry}.yml";
        var diagnostics = new DiagnosticBag();
        var content = ContentLoader.Load(inputDir, diagnostics);
        var dataFolder = ContentLoader.Display(Path.Combine(Path.GetFullPath(inputDir), "data")) + Path.DirectorySeparatorChar;
        var broken = diagnostics.Sorted().Where(d => d.IsError && (content is null || d.File.StartsWith(dataFolder, StringComparison.Ordinal))).ToList();
        if (content is null || broken.Count > 0)
        {
            var result = ScaffoldResult.Broken([.. broken.Select(d => d.ToString()), "nothing was written; fix these errors first."]);
            return entries.Select(_ => result).ToList();
        }

        var path = Path.Combine(inputDir, "data", registry + ".yml");
        var existing = File.ReadAllText(path);
        var text = existing;
        var added = new HashSet<string>(StringComparer.Ordinal);
        var results = new List<ScaffoldResult>();
        foreach (var (key, fields) in entries)
        {
            var errors = new List<string>();
            if (!Slug.IsSafeSegment(key))
            {
                errors.Add($"the key '{key}' is used in URLs: use letters, digits and '-' only (e.g. 'nour-ali').");
            }
            else if (FindKey(content.Registries, registry, key) || added.Contains(key))
            {
                errors.Add($"'{key}' is in {file} already; nothing was written. Pick another key.");
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (option, value) in fields)
            {
                if (CheckText("--" + option, value, errors))
                {
                    values[option] = value.Trim();
                }
            }

            if (!Codes(fields, "name").Any())
            {
                errors.Add($"a{(kind == "author" ? "n" : string.Empty)} {kind} needs a name: pass {string.Join(", ", content.Site.Languages.Select(l => $"--name-{l.Code}"))} or several.");
            }

            if (values.TryGetValue("unit", out var unitName))
            {
                if (content.Registries.Units.Find(unitName) is { } unit)
                {
                    values["unit"] = unit.Key;
                }
                else
                {
                    errors.Add(ContentLoader.UnknownMessage("unit", unitName, content.Registries.Units.Suggest(unitName), "data/units.yml"));
                }
            }

            if (errors.Count > 0)
            {
                results.Add(ScaffoldResult.Refused(errors));
                continue;
            }

            var addition = (text.Length > 0 && !text.EndsWith('\n') ? "\n" : string.Empty) + Entry(registry, key, values);

            // The emitter quotes what needs quoting; reading the whole file back proves that the file still
            // holds its entries and that the new one says exactly what was given.
            if (!ReadsBack(text + addition, registry, key, values))
            {
                results.Add(ScaffoldResult.Broken([$"{file} does not end as a list of 'key: value' entries, so nothing can be appended to it; add the {kind} by hand."]));
                continue;
            }

            text += addition;
            added.Add(key);
            results.Add(ScaffoldResult.Written(path) with { Warnings = AlikeNames(content.Registries, registry, key, values) });
        }

        if (text.Length > existing.Length)
        {
            File.AppendAllText(path, text[existing.Length..], new UTF8Encoding(false));
        }

        return results;
    }

    private static List<string> AlikeNames(Registries registries, string registry, string key, IReadOnlyDictionary<string, string> values)
    {
        IEnumerable<(string Key, LocalizedText Name)> entries = registry switch
        {
            "authors" => registries.Authors.Entries.Select(a => (a.Key, a.Name)),
            "units" => registries.Units.Entries.Select(u => (u.Key, u.Name)),
            _ => registries.Categories.Entries.Select(c => (c.Key, c.Name)),
        };
        var warnings = new List<string>();
        foreach (var (other, name) in entries)
        {
            foreach (var (language, existing) in name.Texts)
            {
                if (values.GetValueOrDefault("name-" + language) is { } given && Names.Alike(given) == Names.Alike(existing))
                {
                    warnings.Add($"'{key}' has the same {ResearchSite.Text.Language.EnglishName(language)} name as '{other}' ('{existing}'); readers and search cannot tell them apart: rename one of them.");
                }
            }
        }

        return warnings;
    }

    private static bool FindKey(Registries registries, string registry, string key) => registry switch
    {
        "authors" => registries.Authors.ByKey(key) is not null,
        "units" => registries.Units.ByKey(key) is not null,
        _ => registries.Categories.ByKey(key) is not null,
    };

    /// <summary>A value the build would read as it was given: one line of text, not empty.</summary>
    private static bool CheckText(string what, string value, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{what} is empty: give it a value, or leave it out.");
            return false;
        }

        if (value.Any(char.IsControl) || SourceText.HasControlCharacters(value))
        {
            errors.Add($"{what} must be one line of text, without line breaks or control characters.");
            return false;
        }

        if (SourceText.HasBidiControls(value))
        {
            errors.Add($"{what} holds a bidi embedding, override or isolate (U+202A–U+202E, U+2066–U+2069), which the build would drop: leave it out; the site marks each name with its language and direction.");
            return false;
        }

        return true;
    }

    private static string Entry(string registry, string key, IReadOnlyDictionary<string, string> values)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(writer, EmitterSettings.Default.WithBestWidth(int.MaxValue).WithNewLine("\n"));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Block));
        emitter.Emit(Scalar(key));
        if (registry == "authors")
        {
            emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Block));
            foreach (var field in AuthorFields)
            {
                if (field == "unit" && values.TryGetValue(field, out var unit))
                {
                    emitter.Emit(Scalar(field));
                    emitter.Emit(Scalar(unit));
                }
                else if (Codes(values, field).Any())
                {
                    emitter.Emit(Scalar(field));
                    Localized(emitter, values, field);
                }
            }

            emitter.Emit(new MappingEnd());
        }
        else
        {
            Localized(emitter, values, "name");
        }

        emitter.Emit(new MappingEnd());
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    /// <summary>The languages given for a field (its options are '&lt;field&gt;-&lt;code&gt;'), in the order they were given.</summary>
    private static IEnumerable<string> Codes(IReadOnlyDictionary<string, string> values, string field) =>
        values.Keys.Where(k => k.StartsWith(field + "-", StringComparison.Ordinal)).Select(k => k[(field.Length + 1)..]).Where(ResearchSite.Text.Language.IsCode);

    private static void Localized(IEmitter emitter, IReadOnlyDictionary<string, string> values, string field)
    {
        emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Flow));
        foreach (var language in Codes(values, field))
        {
            emitter.Emit(Scalar(language));
            emitter.Emit(Scalar(values[$"{field}-{language}"]));
        }

        emitter.Emit(new MappingEnd());
    }

    // ScalarStyle.Any: the emitter writes the value plain when YAML reads that back as the same string, and
    // quoted otherwise. It does not know that editors and schema checkers take a plain null, yes or 12 for a
    // null, a boolean or a number, so those are quoted here.
    private static Scalar Scalar(string value) =>
        new(null, null, value, LooksTyped(value) ? ScalarStyle.SingleQuoted : ScalarStyle.Any, isPlainImplicit: true, isQuotedImplicit: true);

    private static readonly HashSet<string> TypedWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "null", "~", "true", "false", "yes", "no", "on", "off", "y", "n", ".inf", "+.inf", "-.inf", ".nan",
    };

    /// <summary>A value that YAML 1.1 or 1.2 would read as a null, boolean, number or date when written plain.</summary>
    private static bool LooksTyped(string value) =>
        TypedWords.Contains(value)
        || (value.Length > 0 && (char.IsAsciiDigit(value[0]) || value[0] is '+' or '-' or '.')
            && value.All(c => char.IsAsciiHexDigit(c) || c is '+' or '-' or '.' or '_' or ':' or 'x' or 'X' or 'o' or 'O' or ' ' or 'T' or 't' or 'Z' or 'z'));

    private static bool ReadsBack(string text, string registry, string key, IReadOnlyDictionary<string, string> values)
    {
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
            {
                return false;
            }

            root = mapping;
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException)
        {
            return false;
        }

        if (root.Children.Count == 0 || root.Children.Last() is not (YamlScalarNode { Value: var last }, var entry) || last != key)
        {
            return false;
        }

        static YamlNode? Child(YamlNode? node, string name) =>
            node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(name), out var value) ? value : null;

        static string? Value(YamlNode? node, string name) => (Child(node, name) as YamlScalarNode)?.Value;

        var fields = registry == "authors" ? AuthorFields.Where(f => f != "unit") : [string.Empty];
        foreach (var field in fields)
        {
            var localized = field.Length == 0 ? entry : Child(entry, field);
            var name = field.Length == 0 ? "name" : field;
            foreach (var language in Codes(values, name).Union((localized as YamlMappingNode)?.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? string.Empty) ?? []))
            {
                var option = name + "-" + language;
                if (Value(localized, language) != values.GetValueOrDefault(option))
                {
                    return false;
                }
            }
        }

        return registry != "authors" || Value(entry, "unit") == values.GetValueOrDefault("unit");
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
