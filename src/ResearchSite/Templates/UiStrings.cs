using ResearchSite.Content;
using ResearchSite.Diagnostics;
using System.Globalization;
using ResearchSite.Text;
using YamlDotNet.RepresentationModel;

namespace ResearchSite.Templates;

/// <summary>
/// Every interface word, one table per language (theme/strings.yml); templates and the build read
/// them from here so no word is hard-coded in a template. Each table also defines its language
/// (its 'language:' block: name, direction, culture, digits) and names the other languages
/// ('read_in', 'in_language'), so a site gains a language through this file alone.
/// </summary>
public sealed class UiStrings(
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> table,
    IReadOnlyDictionary<string, Language> languages,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> names)
{
    public IReadOnlyDictionary<string, string> For(Language language) => table[language.Code];

    public string Get(Language language, string key) =>
        table[language.Code].TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"theme/strings.yml has no '{key}' for {language.Code}");

    /// <summary>The words of <paramref name="language"/> for another language <paramref name="named"/> under <paramref name="key"/> ('read_in', 'in_language').</summary>
    public string Name(Language language, string key, Language named) => names[language.Code][key][named.Code];

    /// <summary>The language of a code as the theme defines it.</summary>
    public Language Language(string code) => languages[code];

    /// <summary>The language of a code, when the theme defines it.</summary>
    public Language? Find(string code) => languages.GetValueOrDefault(code);

    /// <summary>
    /// "{key}_{category}" for a count, with the categories of Arabic, the language that has the most:
    /// zero, one, two, few (3–10), many (11–99) and other (100, 101, 102, …). A language with fewer
    /// gives several categories the same words.
    /// </summary>
    /// <remarks>theme/assets/search.js chooses among <see cref="CountForms"/> by the same rule, for counts only the browser knows.</remarks>
    public string Count(Language language, string key, int n, Func<int, string> formatNumber)
    {
        var category = n switch
        {
            0 => "zero",
            1 => "one",
            2 => "two",
            _ when n % 100 is >= 3 and <= 10 => "few",
            _ when n % 100 is >= 11 and <= 99 => "many",
            _ => "other",
        };
        return string.Format(System.Globalization.CultureInfo.InvariantCulture, Get(language, $"{key}_{category}"), formatNumber(n));
    }

    /// <summary>The plural categories of <see cref="Count"/>, in the order of <see cref="CountForms"/>.</summary>
    public static IReadOnlyList<string> PluralCategories { get; } = ["zero", "one", "two", "few", "many", "other"];

    /// <summary>The words of a count for each of <see cref="PluralCategories"/>, "{0}" where the number goes.</summary>
    public IReadOnlyList<string> CountForms(Language language, string key) => PluralCategories.Select(c => Get(language, $"{key}_{c}")).ToList();

    /// <summary>
    /// The site with its languages as the theme defines them, or null after an error at the place in
    /// site.yml of each language the theme has no words for, or a theme section that lacks words for one of the site's languages.
    /// </summary>
    public SiteConfig? Resolve(SiteConfig site, DiagnosticBag diagnostics)
    {
        var missing = site.Languages.Where(l => !table.ContainsKey(l.Code)).ToList();
        foreach (var language in missing)
        {
            var place = site.Places.Codes.FirstOrDefault(c => c.Value == language.Code, new Located<string>(language.Code, 1, 1));
            diagnostics.Error(site.Places.File, place.Line, place.Column, $"language '{language.Code}' is not in the theme's strings.yml ({string.Join(", ", table.Keys)} only): add an '{language.Code}:' section with the interface words and a 'language:' block there, or leave '{language.Code}' out of languages.");
        }

        if (missing.Count > 0)
        {
            return null;
        }

        var ok = true;
        foreach (var language in site.Languages)
        {
            foreach (var key in NameKeys)
            {
                foreach (var other in site.Languages.Where(o => o != language && !names[language.Code][key].ContainsKey(o.Code)))
                {
                    diagnostics.Error(Display, 1, 1, $"strings.yml has no '{key}' for '{other.Code}' under '{language.Code}:'; add '{other.Code}: ...' to '{key}:' there (the words, in {language.Code}, naming {other.Code}).");
                    ok = false;
                }
            }
        }

        return ok
            ? site with { Languages = site.Languages.Select(l => languages[l.Code]).ToList(), DefaultLanguage = languages[site.DefaultLanguage.Code] }
            : null;
    }

    private string Display { get; init; } = "theme/strings.yml";

    public static readonly IReadOnlyList<string> RequiredKeys =
    [
        "contents", "notes", "note", "back_to_reference", "skip_to_content", "home", "series", "categories", "authors",
        "units", "category", "author", "unit", "published", "by", "articles_count_zero", "articles_count_one", "articles_count_two", "articles_count_few", "articles_count_many", "articles_count_other",
        "previous", "next", "page_of", "not_found_title", "not_found_text", "redirect_text",
        "summary", "breadcrumbs", "main_navigation", "no_articles", "feed", "list_separator", "cite_title", "copy_reference", "copy_bibtex", "download_bibtex", "copied", "search", "search_label", "figure", "search_results_zero", "search_results_one", "search_results_two", "search_results_few", "search_results_many", "search_results_other", "search_none", "search_unavailable", "search_needs_script", "search_more", "filter_category", "filter_author", "filter_unit", "filter_year",
    ];

    /// <summary>Maps from another language's code to the words naming it: "Read in English", "In English".</summary>
    public static readonly IReadOnlyList<string> NameKeys = ["read_in", "in_language"];

    public static UiStrings? Load(string path, DiagnosticBag diagnostics)
    {
        var display = ContentLoader.Display(path);
        if (!File.Exists(path))
        {
            diagnostics.Error(display, 1, 1, "the theme has no strings.yml: it holds the interface words of each language.");
            return null;
        }

        var text = SourceText.Read(path, display, diagnostics);
        var nodes = new YamlNodes(display, 0, diagnostics);
        var root = text is null ? null : nodes.LoadMapping(text, "strings.yml");
        if (root is null)
        {
            return null;
        }

        // A theme may speak more languages than a site uses; the site's languages are checked against it once both are read.
        var table = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        var languages = new Dictionary<string, Language>();
        var names = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>>();
        foreach (var (codeNode, section) in root.Children)
        {
            if (codeNode is not YamlScalarNode { Value: { } code } || !Text.Language.IsCode(code) || section is not YamlMappingNode map)
            {
                continue;
            }

            var strings = new Dictionary<string, string>(StringComparer.Ordinal);
            var named = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
            foreach (var (key, value) in map.Children)
            {
                if (key is YamlScalarNode { Value: { } k } && value is YamlScalarNode { Value: { } v })
                {
                    strings[k] = v;
                }
                else if (key is YamlScalarNode { Value: { } n } && NameKeys.Contains(n) && value is YamlMappingNode byLanguage)
                {
                    named[n] = byLanguage.Children
                        .Where(c => c.Key is YamlScalarNode && c.Value is YamlScalarNode)
                        .ToDictionary(c => ((YamlScalarNode)c.Key).Value ?? string.Empty, c => ((YamlScalarNode)c.Value).Value ?? string.Empty);
                }
            }

            foreach (var missing in RequiredKeys.Where(k => !strings.ContainsKey(k)))
            {
                diagnostics.Error(display, nodes.Line(codeNode), nodes.Column(codeNode), $"strings.yml has no '{missing}' for '{code}'; add it under '{code}:'.");
            }

            foreach (var key in NameKeys.Where(k => !named.ContainsKey(k)))
            {
                named[key] = new Dictionary<string, string>();
            }

            if (Define(code, YamlNodes.Get(map, "language"), codeNode, nodes) is { } language)
            {
                languages[code] = language;
                table[code] = strings;
                names[code] = named;
            }
        }

        if (table.Count == 0)
        {
            diagnostics.Error(display, 1, 1, "strings.yml has the interface words of no language; give them under a section per language code ('ar:', 'en:', …).");
            return null;
        }

        return new UiStrings(table, languages, names) { Display = display };
    }

    /// <summary>A section's 'language:' block: 'name', 'dir' (ltr or rtl), 'culture' (for dates: ar-EG, en-GB, fr-FR) and optional 'digits'.</summary>
    private static Language? Define(string code, YamlNode? node, YamlNode section, YamlNodes nodes)
    {
        const string Shape = "'language: { name: <its own name>, dir: ltr or rtl, culture: <e.g. fr-FR>, digits: <e.g. arabic-indic, optional> }'";
        if (node is not YamlMappingNode block)
        {
            nodes.Error(node ?? section, $"'{code}:' in strings.yml needs {Shape}.");
            return null;
        }

        nodes.WarnUnknownKeys(block, ["name", "dir", "culture", "digits"], $"'{code}: language:'");
        var name = nodes.Scalar(block, "name", "strings.yml");
        var dir = nodes.Scalar(block, "dir", "strings.yml");
        var cultureName = nodes.Scalar(block, "culture", "strings.yml");
        var ok = true;
        if (name is null)
        {
            nodes.Error(block, $"'{code}: language:' needs 'name' (the language's name in itself, e.g. Français).");
            ok = false;
        }

        if (dir is not ("ltr" or "rtl"))
        {
            nodes.Error(YamlNodes.Get(block, "dir") ?? block, $"'{code}: language: dir' must be 'ltr' or 'rtl'.");
            ok = false;
        }

        CultureInfo? culture = null;
        try
        {
            culture = cultureName is null ? null : CultureInfo.GetCultureInfo(cultureName, predefinedOnly: true);
        }
        catch (CultureNotFoundException)
        {
        }

        if (culture is null)
        {
            nodes.Error(YamlNodes.Get(block, "culture") ?? block, $"'{code}: language: culture' must name a culture for dates such as ar-EG, en-GB, fr-FR or fa-IR{(cultureName is null ? string.Empty : $"; '{cultureName}' is not one")}.");
            ok = false;
        }

        if (!ok)
        {
            return null;
        }

        // Dates are Gregorian in every language (ar-SA, fa-IR and others default to another calendar).
        var gregorian = (CultureInfo)culture!.Clone();
        gregorian.DateTimeFormat.Calendar = new GregorianCalendar();
        return new Language(code)
        {
            Name = name!,
            Direction = dir!,
            Culture = CultureInfo.ReadOnly(gregorian),
            Digits = nodes.Scalar(block, "digits", "strings.yml"),
        };
    }
}
