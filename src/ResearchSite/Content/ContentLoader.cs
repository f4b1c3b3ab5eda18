using ResearchSite.Diagnostics;
using ResearchSite.Text;
using YamlDotNet.RepresentationModel;

namespace ResearchSite.Content;

/// <summary>An article file found under articles/&lt;lang&gt;/, not read yet.</summary>
public sealed record ArticleFile(string Path, string Language, string Slug);

/// <summary>
/// A file's length and last write time, taken before it is read: editors change one or the other when
/// they save, so a file whose stamp is as before need not be read again when nobody said what changed.
/// </summary>
public readonly record struct FileStamp(long Length, long Ticks)
{
    public static FileStamp Of(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? new FileStamp(info.Length, info.LastWriteTimeUtc.Ticks) : default;
    }
}

/// <summary>One article file after the read step: its source document (null when it cannot be read or parsed), the problems reading it found, and its stamp.</summary>
public sealed record ArticleRead(ArticleFile File, SourceDocument? Source, IReadOnlyList<Diagnostic> Diagnostics, FileStamp Stamp);

/// <summary>
/// Everything read from <c>input/</c> but the articles' text: settings, registries, the list of article
/// files and the files of assets/ (the articles themselves are read by <see cref="ContentLoader.ReadArticle(ArticleFile)"/>).
/// </summary>
public sealed record LoadedContent(SiteConfig Site, Registries Registries, IReadOnlyList<ArticleFile> Articles)
{
    /// <summary>The files of input/assets/, published under files/ as they are.</summary>
    public IReadOnlyList<InputEntry> Assets { get; init; } = [];

    /// <summary>
    /// The names under assets/ (NFC) of the files refused by <see cref="ActiveAssets"/>, already reported at
    /// the file: what shows or links to one is told it was refused, not that it is missing.
    /// </summary>
    public IReadOnlySet<string> RefusedAssets { get; init; } = new HashSet<string>();
}

/// <summary>The read phase: files become typed records, every problem becomes a diagnostic.</summary>
public static class ContentLoader
{
    /// <summary>The input folder's layout: the settings file and the folders the build reads.</summary>
    public const string SettingsFile = "site.yml";

    public const string RegistriesFolder = "data";

    public const string ArticlesFolder = "articles";

    public const string AssetsFolder = "assets";

    public static LoadedContent? Load(string inputDir, DiagnosticBag diagnostics)
    {
        var root = Path.GetFullPath(inputDir);
        if (!Directory.Exists(root))
        {
            diagnostics.Error(Display(root), 1, 1, "the input folder does not exist; pass --input with the folder that holds site.yml, data/ and articles/.");
            return null;
        }

        var folder = InputFolder.Open(root, "input");
        var site = LoadSite(folder, diagnostics);
        // Registry names are keyed by the site's languages, the default first (the one a missing name falls back to).
        var codes = site is null ? [] : site.Languages.OrderBy(l => l != site.DefaultLanguage).Select(l => l.Code).ToList();
        var registries = LoadRegistries(folder, codes, diagnostics);
        var articles = FindArticles(folder, site?.Languages ?? [], diagnostics);
        var refused = new HashSet<string>(StringComparer.Ordinal);
        var assets = Published(folder.Walk(Path.Combine(root, AssetsFolder), diagnostics, refused).Where(e => !e.IsDirectory), Path.Combine(root, AssetsFolder), refused, diagnostics);
        return site is null ? null : new LoadedContent(site, registries, articles) { Assets = assets, RefusedAssets = refused };
    }

    // Kept by tools in every folder, never meant for readers: left out without a word.
    private static readonly HashSet<string> SystemFiles = new(StringComparer.OrdinalIgnoreCase) { ".gitkeep", ".gitignore", ".keep", ".DS_Store", "Thumbs.db", "desktop.ini" };

    /// <summary>
    /// The assets that are published under /files/: hidden files and folders (.env, .git/, .htaccess)
    /// are not, since they hold secrets and settings far more often than anything for readers; each
    /// one is named once in a warning, except the system files every tool leaves behind.
    /// </summary>
    private static List<InputEntry> Published(IEnumerable<InputEntry> entries, string assetsDir, HashSet<string> refused, DiagnosticBag diagnostics)
    {
        var published = new List<InputEntry>();
        var warned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var segments = entry.Name.Split('/');
            var hidden = Array.FindIndex(segments, n => n.StartsWith('.') || SystemFiles.Contains(n));
            if (hidden < 0)
            {
                if (ActiveAssets.Problem(entry.Path, entry.Name) is { } problem)
                {
                    diagnostics.Error(Display(entry.Path), problem.Line, 1, problem.Message);
                    refused.Add(entry.Name);
                    continue;
                }

                published.Add(entry);
                continue;
            }

            var top = string.Join('/', segments[..(hidden + 1)]);
            if (!SystemFiles.Contains(segments[hidden]) && warned.Add(top))
            {
                diagnostics.Warning(Display(Path.Combine(assetsDir, top)), 1, 1, $"'{top}' is hidden (its name starts with a dot) and is not published: hidden files hold settings and secrets. Rename it without the dot to publish it.");
            }
        }

        return published;
    }

    /// <summary>Paths in messages: relative to the current folder when inside it, so editors can open them.</summary>
    public static string Display(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }

    private static YamlMappingNode? ReadYamlFile(string path, string what, DiagnosticBag diagnostics, out YamlNodes nodes)
    {
        var display = Display(path);
        nodes = new YamlNodes(display, 0, diagnostics);
        var text = SourceText.Read(path, display, diagnostics);
        return text is null ? null : nodes.LoadMapping(text, what);
    }

    private static SiteConfig? LoadSite(InputFolder folder, DiagnosticBag diagnostics)
    {
        var path = Path.Combine(folder.Root, SettingsFile);
        if (!folder.Allows(path, diagnostics))
        {
            return null;
        }

        if (!File.Exists(path))
        {
            diagnostics.Error(Display(path), 1, 1, "site.yml is missing; create it with the site's title (ar and en), base_url and default_language.");
            return null;
        }

        var map = ReadYamlFile(path, "site.yml", diagnostics, out var nodes);
        if (map is null)
        {
            return null;
        }

        nodes.WarnUnknownKeys(map, ["title", "description", "institution", "base_url", "default_language", "languages", "page_size", "digits"], "site.yml");
        var (baseUrl, baseUrlProblem) = BaseUrl.Parse(nodes.Scalar(map, "base_url", "site.yml"));
        if (baseUrl is null)
        {
            var node = YamlNodes.Get(map, "base_url");
            diagnostics.Error(nodes.File, node is null ? 1 : nodes.Line(node), node is null ? 1 : nodes.Column(node), $"base_url {baseUrlProblem}");
            baseUrl = new Uri("https://example.org/");
        }

        var languages = new List<Language>();
        var codes = nodes.ScalarOrList(map, "languages", "site.yml");
        foreach (var code in codes)
        {
            var language = Language.IsCode(code.Value) ? new Language(code.Value) : null;
            if (language is null)
            {
                diagnostics.Error(nodes.File, code.Line, code.Column, $"language '{code.Value}' is not a language code; use a code such as fr or fa (small letters), with a section of that name in the theme's strings.yml.");
            }
            else if (!languages.Contains(language))
            {
                languages.Add(language);
            }
            else
            {
                diagnostics.Warning(nodes.File, code.Line, code.Column, $"language '{code.Value}' is listed twice in languages; list it once.");
            }
        }

        if (codes.Count == 0 && YamlNodes.Get(map, "languages") is { } listed)
        {
            nodes.Error(listed, "languages is empty: list the languages the site is written in, e.g. [ar, en].");
        }

        // Without 'languages' (or after the error of an empty list), the languages are those the title is written in.
        if (codes.Count == 0 && YamlNodes.Get(map, "title") is YamlMappingNode titles)
        {
            languages.AddRange(titles.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? string.Empty).Where(Language.IsCode).Select(c => new Language(c)));
        }

        if (languages.Count == 0)
        {
            diagnostics.Error(nodes.File, 1, 1, "site.yml needs 'languages': the codes of the languages the site is written in, e.g. [ar, en], each with a section in the theme's strings.yml and a folder articles/<code>/.");

            return null;
        }

        // The root page leads to the default language: it must be one whose pages are written.
        var defaultLanguage = languages[0];
        if (nodes.Scalar(map, "default_language", "site.yml") is { } defaultCode)
        {
            var node = YamlNodes.Get(map, "default_language")!;
            var language = new Language(defaultCode);
            if (!languages.Contains(language))
            {
                nodes.Error(node, $"default_language '{defaultCode}' is not one of languages ({string.Join(", ", languages.Select(l => l.Code))}): the root page would lead to pages that are not written. Add it to languages, or pick one of them.");
            }
            else
            {
                defaultLanguage = language;
            }
        }

        var pageSize = 20;
        var pageSizeText = nodes.Scalar(map, "page_size", "site.yml");
        if (pageSizeText is not null && (!int.TryParse(pageSizeText, out pageSize) || pageSize < 1))
        {
            nodes.Error(YamlNodes.Get(map, "page_size")!, "page_size must be a whole number of at least 1.");
            pageSize = 20;
        }

        var digits = DigitStyle.Latin;
        var digitsText = nodes.Scalar(map, "digits", "site.yml");
        if (digitsText is "arabic-indic" or "native")
        {
            digits = DigitStyle.Native;
        }
        else if (digitsText is not (null or "latin"))
        {
            nodes.Error(YamlNodes.Get(map, "digits")!, "digits must be 'latin' or 'native' (each language's own digits, from strings.yml; 'arabic-indic' is the same).");
        }

        nodes.Languages = languages.OrderBy(l => l != defaultLanguage).Select(l => l.Code).ToList();
        var title = nodes.Localized(map, "title", "site.yml");
        if (title.IsEmpty)
        {
            diagnostics.Error(nodes.File, 1, 1, $"site.yml needs a title: 'title: {{ {string.Join(", ", languages.Select(l => l.Code + ": ..."))} }}'.");
        }

        return new SiteConfig(
            title,
            nodes.Localized(map, "description", "site.yml"),
            nodes.Localized(map, "institution", "site.yml"),
            baseUrl,
            defaultLanguage,
            languages,
            pageSize,
            digits)
        {
            Places = new SiteConfigPlaces(nodes.File, codes),
        };
    }

    private static Registries LoadRegistries(InputFolder folder, IReadOnlyList<string> languages, DiagnosticBag diagnostics)
    {
        var units = LoadRegistry(folder, languages, "units.yml", "unit", u => u.Name, diagnostics, (key, node, nodes) =>
            new Unit(key, NameOf(node, nodes, "units.yml")));
        var categories = LoadRegistry(folder, languages, "categories.yml", "category", c => c.Name, diagnostics, (key, node, nodes) =>
            new Category(key, NameOf(node, nodes, "categories.yml")));
        var unitRegistry = new Registry<Unit>("unit", units, u => u.Key, u => u.Name.All());
        var authors = LoadRegistry(folder, languages, "authors.yml", "author", a => a.Name, diagnostics, (key, node, nodes) =>
        {
            if (node is not YamlMappingNode map)
            {
                nodes.Error(node, $"author '{key}' must be a mapping with name, role, unit and bio.");
                return null;
            }

            nodes.WarnUnknownKeys(map, ["name", "role", "unit", "bio"], $"author '{key}'");
            var unitNode = YamlNodes.Get(map, "unit") as YamlScalarNode;
            string? unitKey = null;
            if (unitNode?.Value is { Length: > 0 } unitName)
            {
                var unit = unitRegistry.Find(unitName);
                if (unit is null)
                {
                    nodes.Error(unitNode, UnknownMessage("unit", unitName, unitRegistry.Suggest(unitName), "data/units.yml"));
                }

                unitKey = unit?.Key;
            }

            var name = nodes.Localized(map, "name", $"author '{key}'");
            if (name.IsEmpty)
            {
                nodes.Error(node, $"author '{key}' needs a name: 'name: {{ {string.Join(", ", nodes.Languages.Select(l => l + ": ..."))} }}'.");
            }

            return new Author(key, name, nodes.Localized(map, "role", $"author '{key}'"), unitKey, nodes.Localized(map, "bio", $"author '{key}'"));
        });

        return new Registries(
            new Registry<Author>("author", authors, a => a.Key, a => a.Name.All()),
            unitRegistry,
            new Registry<Category>("category", categories, c => c.Key, c => c.Name.All()));
    }

    public static string UnknownMessage(string kind, string value, IReadOnlyList<string> suggestions, string registry) =>
        suggestions.Count > 0
            ? $"{kind} '{value}' is not in {registry}; did you mean {string.Join(" or ", suggestions.Select(s => $"'{s}'"))}? Use a key or a name listed there, or add the new {kind} to {registry}."
            : $"{kind} '{value}' is not in {registry}; use a key or a name listed there, or add the new {kind} to {registry}.";

    private static LocalizedText NameOf(YamlNode node, YamlNodes nodes, string file)
    {
        if (node is YamlMappingNode map)
        {
            var name = nodes.Texts(map, file);
            if (name.IsEmpty)
            {
                // Without a name, its links would be empty and its page title would start with " | ".
                nodes.Error(node, $"an entry of {file} needs a name: '{Shape(nodes)}' (one language is enough).");
            }

            return name;
        }

        if (node is YamlScalarNode { Value: { Length: > 0 } value })
        {
            return nodes.Languages.Count == 0 ? LocalizedText.Empty : new LocalizedText([(nodes.Languages[0], value.Trim())]);
        }

        nodes.Error(node, $"an entry of {file} must be '{Shape(nodes)}'.");
        return LocalizedText.Empty;
    }

    private static string Shape(YamlNodes nodes) => $"{{ {string.Join(", ", nodes.Languages.Select(l => l + ": <name>"))} }}";

    private static List<T> LoadRegistry<T>(InputFolder folder, IReadOnlyList<string> languages, string name, string kind, Func<T, LocalizedText> nameOf, DiagnosticBag diagnostics, Func<string, YamlNode, YamlNodes, T?> read)
        where T : class
    {
        var path = Path.Combine(folder.Root, RegistriesFolder, name);
        if (!folder.Allows(path, diagnostics))
        {
            return [];
        }

        if (!File.Exists(path))
        {
            diagnostics.Error(Display(path), 1, 1, $"data/{name} is missing; create it (an empty file is allowed).");
            return [];
        }

        var map = ReadYamlFile(path, $"data/{name}", diagnostics, out var nodes);
        var entries = new List<T>();
        if (map is null)
        {
            return entries;
        }

        nodes.Languages = languages;

        var named = new Dictionary<(string Language, string Name), (string Key, string Name, int Line)>();
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            if (Slug.SegmentProblem(key) is { } problem)
            {
                nodes.Error(keyNode, $"key '{key}' is used in URLs: {problem} (e.g. 'ilham-elnaggar').");
                continue;
            }

            var entry = read(key, valueNode, nodes);
            if (entry is null)
            {
                continue;
            }

            entries.Add(entry);
            foreach (var (language, text) in nameOf(entry).Texts)
            {
                // Readers, authors and search would take two entries named alike for one.
                if (named.TryGetValue((language, Names.Alike(text)), out var first))
                {
                    nodes.Warning(keyNode, $"{kind} '{key}' has the same {Language.EnglishName(language)} name as '{first.Key}' (line {first.Line}): '{text}' and '{first.Name}' cannot be told apart; rename one of them, or merge the two entries.");
                }
                else
                {
                    named[(language, Names.Alike(text))] = (key, text, nodes.Line(keyNode));
                }
            }
        }

        return entries;
    }

    private static List<ArticleFile> FindArticles(InputFolder folder, IReadOnlyList<Language> languages, DiagnosticBag diagnostics)
    {
        var articlesRoot = Path.Combine(folder.Root, ArticlesFolder);
        var files = new List<ArticleFile>();
        if (!folder.Allows(articlesRoot, diagnostics))
        {
            return files;
        }

        if (!Directory.Exists(articlesRoot))
        {
            diagnostics.Warning(Display(articlesRoot), 1, 1, "there is no articles/ folder: the site has no articles yet.");
            return files;
        }

        foreach (var entry in folder.Walk(articlesRoot, diagnostics))
        {
            var parts = entry.Name.Split('/');
            // A folder named as a language the site does not list is reported where the articles are read.
            if (!Language.IsCode(parts[0]))
            {
                if (entry.IsDirectory && parts.Length == 1)
                {
                    diagnostics.Error(Display(entry.Path), 1, 1, $"articles/{parts[0]}/ is not a language folder; articles go in {string.Join(" or ", languages.Select(l => $"articles/{l.Code}/"))} (add '{parts[0]}' to languages in site.yml for a new language).");
                }

                continue;
            }

            if (!entry.IsDirectory && parts.Length > 1 && CheckArticleFile(entry, parts, diagnostics) is { } slug)
            {
                files.Add(new ArticleFile(entry.Path, parts[0], slug));
            }
        }

        return files;
    }

    /// <summary>
    /// The slug of an article file (its name in Unicode NFC, as URLs and links are typed), or null (with a
    /// diagnostic where the author must act) when it is no article.
    /// </summary>
    private static string? CheckArticleFile(InputEntry entry, string[] parts, DiagnosticBag diagnostics)
    {
        var display = Display(entry.Path);
        var name = parts[^1];
        if (!name.EndsWith(".md", StringComparison.Ordinal))
        {
            if (!name.StartsWith('.'))
            {
                diagnostics.Warning(display, 1, 1, "only .md files are articles; this file is ignored.");
            }

            return null;
        }

        if (parts.Length > 2)
        {
            diagnostics.Error(display, 1, 1, $"articles live directly in articles/{parts[0]}/; move the file there.");
            return null;
        }

        var slug = name[..^".md".Length];
        if (Slug.SegmentProblem(slug) is { } problem)
        {
            diagnostics.Error(display, 1, 1, $"the file name '{slug}' becomes the article's URL: {problem}; rename the file (e.g. 'coalition-withdrawal.md').");
            return null;
        }

        return slug;
    }

    /// <summary>Reads and parses one article file; its problems are kept with it, sorted.</summary>
    public static ArticleRead ReadArticle(ArticleFile file)
    {
        var diagnostics = new DiagnosticBag();
        var stamp = FileStamp.Of(file.Path);

        // Into a pooled buffer: the bytes are decoded at once and never kept (34 MB a build of 1,000 studies).
        var bytes = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int length;
            try
            {
                length = ReadAll(file.Path, ref bytes);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
            {
                // NotSupportedException: replaced by a pipe or socket since the walk (which skips them) met it.
                diagnostics.Error(Display(file.Path), 1, 1, $"the file cannot be read: {e.Message}");
                return new ArticleRead(file, null, diagnostics.Sorted(), stamp);
            }

            var source = ReadArticle(file, bytes.AsSpan(0, length), diagnostics);
            return new ArticleRead(file, source, diagnostics.Sorted(), stamp);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>The whole file into <paramref name="buffer"/> (a larger one from the pool when it does not fit); its length.</summary>
    private static int ReadAll(string path, ref byte[] buffer)
    {
        using var handle = File.OpenHandle(path);
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                // Grown while read, or larger than asked for: to the file's length now, at least double.
                var larger = System.Buffers.ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, Math.Max(buffer.Length * 2L, RandomAccess.GetLength(handle) + 1)));
                buffer.AsSpan(0, length).CopyTo(larger);
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }

            var read = RandomAccess.Read(handle, buffer.AsSpan(length), length);
            if (read == 0)
            {
                return length;
            }

            length += read;
        }
    }

    /// <summary>Decodes and parses one article file's bytes into its source document.</summary>
    public static SourceDocument? ReadArticle(ArticleFile file, ReadOnlySpan<byte> bytes, DiagnosticBag diagnostics)
    {
        var display = Display(file.Path);

        // Decoded into a pooled buffer and cut there: only the front matter and the body become strings.
        var chars = System.Buffers.ArrayPool<char>.Shared.Rent(SourceText.MaxChars(bytes.Length));
        try
        {
            var length = SourceText.Decode(bytes, chars, display, diagnostics);
            var parsed = length < 0 ? null : FrontMatterParser.Parse(chars.AsSpan(0, length), display, diagnostics);
            return parsed is null
                ? null
                : new SourceDocument(display, file.Language, file.Slug, parsed.FrontMatter, parsed.Body, parsed.BodyStartLine);
        }
        finally
        {
            System.Buffers.ArrayPool<char>.Shared.Return(chars);
        }
    }
}
