using ResearchSite.Content;
using ResearchSite.Diagnostics;
using ResearchSite.Text;
using YamlDotNet.RepresentationModel;

namespace ResearchSite.Templates;

/// <summary>
/// Every interface word, one table per language (theme/strings.yml); templates and the build read
/// them from here so no Arabic or English word is hard-coded in a template.
/// </summary>
public sealed class UiStrings(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> table)
{
    public IReadOnlyDictionary<string, string> For(Language language) => table[language.Code];

    public string Get(Language language, string key) =>
        table[language.Code].TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"theme/strings.yml has no '{key}' for {language.Code}");

    /// <summary>
    /// "{key}_{category}" for a count: Arabic distinguishes zero, one, two, few (3–10), many (11–99) and
    /// other (100, 101, 102, …); English one and other.
    /// </summary>
    public string Count(Language language, string key, int n, Func<int, string> formatNumber)
    {
        var category = n switch
        {
            0 => "zero",
            1 => "one",
            2 => "two",
            _ when language != Language.Arabic => "other",
            _ when n % 100 is >= 3 and <= 10 => "few",
            _ when n % 100 is >= 11 and <= 99 => "many",
            _ => "other",
        };
        return string.Format(System.Globalization.CultureInfo.InvariantCulture, Get(language, $"{key}_{category}"), formatNumber(n));
    }

    /// <summary>Every language of the site must be one the theme has words for: an error at its place in site.yml.</summary>
    public bool CheckLanguages(SiteConfig site, DiagnosticBag diagnostics)
    {
        var missing = site.Languages.Where(l => !table.ContainsKey(l.Code)).ToList();
        foreach (var language in missing)
        {
            var place = site.Places.Codes.FirstOrDefault(c => c.Value == language.Code, new Located<string>(language.Code, 1, 1));
            diagnostics.Error(site.Places.File, place.Line, place.Column, $"language '{language.Code}' is not in the theme's strings.yml ({string.Join(", ", table.Keys)} only): add an '{language.Code}:' section with the interface words there, or leave '{language.Code}' out of languages.");
        }

        return missing.Count == 0;
    }

    public static readonly IReadOnlyList<string> RequiredKeys =
    [
        "contents", "notes", "note", "back_to_reference", "skip_to_content", "home", "series", "categories", "authors",
        "units", "category", "author", "unit", "published", "by", "translation", "in_other_language", "articles_count_zero", "articles_count_one", "articles_count_two", "articles_count_few", "articles_count_many", "articles_count_other",
        "previous", "next", "page_of", "not_found_title", "not_found_text", "redirect_text", "language_name",
        "other_language_name", "summary", "breadcrumbs", "main_navigation", "no_articles", "feed", "list_separator", "cite_title", "copy_reference", "copy_bibtex", "download_bibtex", "copied", "search", "search_label", "search_results", "search_none", "search_unavailable", "filter_category", "filter_author", "filter_unit", "filter_year",
    ];

    public static UiStrings? Load(string path, DiagnosticBag diagnostics)
    {
        var display = ContentLoader.Display(path);
        if (!File.Exists(path))
        {
            diagnostics.Error(display, 1, 1, "the theme has no strings.yml: it holds the interface words for ar and en.");
            return null;
        }

        var text = SourceText.Read(path, display, diagnostics);
        var nodes = new YamlNodes(display, 0, diagnostics);
        var root = text is null ? null : nodes.LoadMapping(text, "strings.yml");
        if (root is null)
        {
            return null;
        }

        // A theme may speak only some languages; the site's languages are checked against it once both are read.
        var table = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        foreach (var language in Language.All)
        {
            if (YamlNodes.Get(root, language.Code) is not YamlMappingNode map)
            {
                continue;
            }

            var strings = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in map.Children)
            {
                if (key is YamlScalarNode { Value: { } k } && value is YamlScalarNode { Value: { } v })
                {
                    strings[k] = v;
                }
            }

            foreach (var missing in RequiredKeys.Where(k => !strings.ContainsKey(k)))
            {
                diagnostics.Error(display, 1, 1, $"strings.yml has no '{missing}' for '{language.Code}'; add it under '{language.Code}:'.");
            }

            table[language.Code] = strings;
        }

        if (table.Count == 0)
        {
            diagnostics.Error(display, 1, 1, $"strings.yml has the interface words of no language; give them under {string.Join(" and ", Language.All.Select(l => $"'{l.Code}:'"))}.");
            return null;
        }

        return new UiStrings(table);
    }
}
