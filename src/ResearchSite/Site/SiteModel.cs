using ResearchSite.Content;
using ResearchSite.Markdown;
using ResearchSite.Text;

namespace ResearchSite.Site;

/// <summary>
/// One language version of a study, with its names resolved against the registries. It keeps the file
/// it came from but not the Markdown source, so that the source can be collected once rendered.
/// </summary>
public sealed record Article(
    string File,
    Language Language,
    string Slug,
    string Title,
    IReadOnlyList<Author> Authors,
    Unit Unit,
    IReadOnlyList<Category> Categories,
    DateOnly Date,
    string? Summary,
    IReadOnlyList<string> Tags,
    RenderedArticle Rendered)
{
    /// <summary>The study's old addresses, as the front matter gives them (see <see cref="Pages.Routes.Alias"/>).</summary>
    public IReadOnlyList<Located<string>> Aliases { get; init; } = [];

    public string Path => PathOf(Language.Code, Slug);

    /// <summary>Its key points (front matter <c>key_points:</c>), 3–5 sentences; empty when it has none.</summary>
    public IReadOnlyList<string> KeyPoints { get; init; } = [];

    /// <summary>Its number in the series (front matter <c>number:</c>); null when it has none. Never assigned by the build.</summary>
    public int? Number { get; init; }

    /// <summary>Where the article of a language and slug is published, under the site's root.</summary>
    public static string PathOf(string language, string slug) => Pages.Routes.Article(language, slug);
}

/// <summary>A study of the series: the same slug in each language's folder are versions of one study (the default language's first).</summary>
public sealed record Study(string Slug, IReadOnlyDictionary<Language, Article> Versions)
{
    /// <summary>Its newest version's date. A loop: sorting the studies reads it at every comparison, and LINQ's Max over a date is compiled at run time.</summary>
    public DateOnly Date
    {
        get
        {
            var date = DateOnly.MinValue;
            foreach (var version in Versions.Values)
            {
                if (version.Date > date)
                {
                    date = version.Date;
                }
            }

            return date;
        }
    }

    /// <summary>The version to show a reader of <paramref name="language"/>: theirs, or else the first there is (the default language's when there is one).</summary>
    public Article For(Language language) => Versions.GetValueOrDefault(language) ?? Versions.Values.First();

    /// <summary>Every other version of the study.</summary>
    public IReadOnlyList<Article> Translations(Article article) => Versions.Values.Where(v => v.Language != article.Language).ToList();

    public IEnumerable<Category> Categories => Versions.Values.SelectMany(v => v.Categories).DistinctBy(c => c.Key);

    public IEnumerable<Author> Authors => Versions.Values.SelectMany(v => v.Authors).DistinctBy(a => a.Key);

    public IEnumerable<Unit> Units => Versions.Values.Select(v => v.Unit).DistinctBy(u => u.Key);
}

/// <summary>A registry entry with the studies filed under it, newest first.</summary>
public sealed record IndexEntry(string Key, LocalizedText Name, IReadOnlyList<Study> Studies);

/// <summary>The kinds of index every language has.</summary>
public enum IndexKind
{
    Categories,
    Authors,
    Units,
}

/// <summary>The cross-document model: studies with their translations and every index, precomputed once.</summary>
public sealed record SiteModel(
    SiteConfig Config,
    Registries Registries,
    IReadOnlyList<Study> Studies,
    IReadOnlyDictionary<IndexKind, IReadOnlyList<IndexEntry>> Indexes)
{
    public IEnumerable<Article> Articles => Studies.SelectMany(s => s.Versions.Values);

    /// <summary>
    /// Each study's related studies for a reader of each language (<see cref="RelatedStudies"/>): slug → language code → slugs,
    /// best first. Kept by slug, so that a study replaced by a new rendering of itself keeps its place.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> Related { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>();
}
