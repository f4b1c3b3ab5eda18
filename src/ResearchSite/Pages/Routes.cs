using System.Text;
using ResearchSite.Content;
using ResearchSite.Markdown.Notes;
using ResearchSite.Site;
using ResearchSite.Templates;
using ResearchSite.Text;

namespace ResearchSite.Pages;

/// <summary>A file written beside every page of a layout, made from that page's view; null when a page has none.</summary>
/// <param name="Layout">The page kind it belongs to (its template, <see cref="Page.Template"/>).</param>
/// <param name="FileName">Its name in the page's folder.</param>
/// <param name="Content">Its bytes, from the view the page is written with.</param>
/// <remarks><c>{slug}</c> in <paramref name="FileName"/> stands for the name of the page's folder (a study's slug).</remarks>
public sealed record Companion(string Layout, string FileName, Func<PageView, byte[]?> Content)
{
    /// <summary>A page may be without it (a PDF typeset only when asked for): a page is kept from the last build without it.</summary>
    public bool Optional { get; init; }

    /// <summary>Its name in the page folder <paramref name="folder"/> (ending in '/').</summary>
    public string NameIn(string folder) =>
        FileName.Contains("{slug}", StringComparison.Ordinal) ? FileName.Replace("{slug}", System.IO.Path.GetFileName(folder.TrimEnd('/')), StringComparison.Ordinal) : FileName;
}

/// <summary>
/// A file written beside one page, whose name depends on what the page shows (a study's figures, each in
/// several widths and formats); its name comes from <see cref="Routes"/> (<see cref="Routes.FigureFile"/>), its
/// bytes are made only when the file is written.
/// </summary>
/// <param name="FileName">Its name in the page's folder.</param>
/// <param name="Key">The key of its content (the image cache's): the same key, the same bytes.</param>
/// <param name="Content">Makes its bytes (from the image cache, or encoded now).</param>
public sealed record PageFile(string FileName, string Key, Func<byte[]> Content)
{
    /// <summary>
    /// The file that holds its bytes (the image cache's, made first when needed), for `build` to copy
    /// without reading it; null without one.
    /// </summary>
    public Func<string?>? Stored { get; init; }

    /// <summary>Where in the input it is made from (a figure's line in its study), for the error when it cannot be made.</summary>
    public (string File, int Line, int Column)? Origin { get; init; }
}

/// <summary>
/// The map of the site, in one place: the path of every page kind, the files written beside a page,
/// the site's other files, and the ids a page carries. Everything else asks here: the page planner,
/// the link check, the metadata, feeds and sitemap, the writer and `serve`.
/// </summary>
/// <remarks>
/// A path is relative to the site's root and is both the URL (after <see cref="Href"/> or
/// <see cref="Absolute"/>) and the file under output/: a path ending in '/' is a folder page, written as
/// its <see cref="IndexFile"/> (<c>en/articles/x/</c> → <c>en/articles/x/index.html</c>); any other path is a file.
/// To add a page kind, add its path here and its pages in <see cref="PagePlanner.Plan"/> (with a layout
/// in theme/layouts/); to add a file beside a page, add one <see cref="Companion"/> to <see cref="Companions"/>.
/// </remarks>
public sealed class Routes
{
    /// <summary>An old address of a study (see <see cref="Alias"/>); only one without a query string can have a page of its own.</summary>
    public sealed record OldAddress(string Path, string Query)
    {
        public bool HasPage => Query.Length == 0 && Path.Length > 0;
    }

    public const string IndexFile = "index.html";

    /// <summary>The site's root page: it leads to the default language's home.</summary>
    public const string Root = "";

    public const string Sitemap = "sitemap.xml";

    public const string Robots = "robots.txt";

    /// <summary>Netlify's redirect rules: a 301 from each old address of a study (front matter 'aliases') to its page.</summary>
    public const string Redirects = "_redirects";

    /// <summary>The search index (Pagefind's bundle), written by Pagefind's binary (Search/PagefindService.cs).</summary>
    public const string SearchIndex = "pagefind/";

    /// <summary>The words of every study as written, one file per study version, for the search page's excerpts.</summary>
    public const string SearchTexts = "search-text/";

    private const string ThemeAssets = "assets/";

    private const string InputFiles = "files/";

    /// <summary>The layout of a study's page, whose companions and ids are the study's.</summary>
    public const string ArticleLayout = "article";

    /// <summary>The study's BibTeX entry, linked from its "Cite this study" block.</summary>
    public static readonly Companion CiteBib = new(ArticleLayout, "cite.bib", view => view.Body is ArticleView article ? Encoding.UTF8.GetBytes(article.Cite.BibTex) : null);

    /// <summary>The study's social card (Open Graph and Twitter image): a <see cref="PageFile"/> of each study page.</summary>
    public const string SocialCard = "card.png";

    /// <summary>The study's PDF edition (theme/pdf/, typeset with Typst), linked from its page and its metadata.</summary>
    public static readonly Companion Pdf = new(ArticleLayout, "{slug}.pdf", view => view.Body is ArticleView { Pdf.Content: { } content } ? content() : null) { Optional = true };

    /// <summary>Every file written beside a page; `build` writes them and `serve` keeps them with their page.</summary>
    public static IReadOnlyList<Companion> Companions { get; } = [CiteBib, Pdf];

    /// <summary>The id of a study's figure <paramref name="number"/>, which links may point at.</summary>
    public static string FigureId(int number) => $"figure-{number.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The file of figure <paramref name="number"/> of a study, <paramref name="width"/> pixels wide, written beside the study's page.</summary>
    public static string FigureFile(int number, int width, string extension) =>
        $"{FigureId(number)}-{width.ToString(System.Globalization.CultureInfo.InvariantCulture)}.{extension}";

    public static IReadOnlyDictionary<IndexKind, string> IndexFolders { get; } = new Dictionary<IndexKind, string>
    {
        [IndexKind.Categories] = "categories",
        [IndexKind.Authors] = "authors",
        [IndexKind.Units] = "units",
    };

    private readonly string basePath;
    private readonly string baseUrl;
    private readonly Uri baseUri;
    private readonly IReadOnlyList<Language> languages;
    private readonly ThemeIds theme;

    public Routes(SiteConfig config, ThemeIds theme)
    {
        baseUri = config.BaseUrl;
        basePath = config.BaseUrl.AbsolutePath;
        baseUrl = config.BaseUrl.AbsoluteUri;
        languages = config.Languages;
        this.theme = theme;
    }

    /// <summary>The series' table of contents in a language, and the start of every path of that language.</summary>
    public static string Home(Language language) => $"{language.Code}/";

    public static string Article(string language, string slug) => $"{language}/articles/{slug}/";

    /// <summary>The page that lists every entry of an index (every category, author or unit).</summary>
    public static string Index(Language language, IndexKind kind) => $"{Home(language)}{IndexFolders[kind]}/";

    /// <summary>The page of one category, author or unit.</summary>
    public static string Entry(Language language, IndexKind kind, string key) => $"{Index(language, kind)}{key}/";

    public static string Search(Language language) => $"{Home(language)}search/";

    /// <summary>Where the words of the study at <paramref name="articlePath"/> are published for search (theme/assets/search.js finds it from the study's URL the same way).</summary>
    public static string SearchText(string articlePath) => SearchTexts + articlePath.TrimEnd('/') + ".json";

    public static string Feed(Language language) => $"{Home(language)}feed.xml";

    /// <summary>The not-found page of a language, or the site's own (<paramref name="language"/> null).</summary>
    public static string NotFound(Language? language) => language is null ? "404.html" : $"{Home(language)}404.html";

    /// <summary>Page <paramref name="page"/> of a listing (the first is the listing itself).</summary>
    public static string Paged(string path, int page) => page == 1 ? path : $"{path}page/{page}/";

    /// <summary>The same path in another language (a listing's counterpart).</summary>
    public static string InLanguage(string path, Language from, Language to) => Home(to) + path[Home(from).Length..];

    /// <summary>
    /// What is wrong with an old address given in 'aliases' (null when it is usable): it must be a path of
    /// this host, starting with '/', optionally with the query string the old site used ('/?p=201').
    /// Netlify reads ':name' and '*' in a rule as patterns, so they are refused rather than misread.
    /// </summary>
    public static string? AliasProblem(string alias)
    {
        if (!alias.StartsWith('/') || alias.StartsWith("//", StringComparison.Ordinal))
        {
            return "is not a path of this site: write it from the first '/' after the old host name, e.g. '/2024/10/old-title/' or '/?p=201'.";
        }

        if (alias.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || alias.Contains('#', StringComparison.Ordinal))
        {
            return "holds a space, a control character or a '#': write the path as the old site's address bar showed it.";
        }

        if (alias.Contains('*', StringComparison.Ordinal) || alias.Contains(':', StringComparison.Ordinal))
        {
            return "holds '*' or ':', which redirect rules read as patterns: give the one address the old site used.";
        }

        string path;
        try
        {
            path = Uri.UnescapeDataString(alias.Split('?')[0]);
        }
        catch (UriFormatException)
        {
            return "has a broken percent-encoding: copy it again from the old site.";
        }

        if (path.Split('/').Any(s => s is "." or "..") || path.Contains('\\', StringComparison.Ordinal) || path.Any(char.IsControl))
        {
            return "has a '.', '..' or '\\' segment: give the path as the old site served it.";
        }

        return null;
    }

    /// <summary>
    /// An old address as the build uses it: <see cref="OldAddress.Path"/> is the site path it had (decoded,
    /// NFC, a folder page unless its last segment names a file) and <see cref="OldAddress.Query"/> its query string.
    /// </summary>
    public static OldAddress Alias(string alias)
    {
        var parts = alias.Split('?', 2);
        var path = Uri.UnescapeDataString(parts[0]).TrimStart('/').Normalize();
        var last = path[(path.LastIndexOf('/') + 1)..];
        if (path.Length > 0 && !path.EndsWith('/') && !last.Contains('.', StringComparison.Ordinal))
        {
            path += "/";
        }

        return new OldAddress(path, parts.Length > 1 ? parts[1].TrimEnd('&') : string.Empty);
    }

    /// <summary>
    /// The Netlify rule that sends an old address to <paramref name="target"/> for good: the address as
    /// browsers send it (percent-encoded), and its query string as parameters to match ('/ p=201 /ar/articles/x/ 301').
    /// </summary>
    public string RedirectRule(OldAddress alias, string target)
    {
        var from = Encoded(Href(alias.Path));
        var query = alias.Query.Length == 0 ? string.Empty : " " + string.Join(' ', alias.Query.Split('&', StringSplitOptions.RemoveEmptyEntries));
        return $"{from}{query}  {Encoded(Href(target))}  301";
    }

    private static string Encoded(string href) => string.Join('/', href.Split('/').Select(Uri.EscapeDataString));

    /// <summary>A theme asset, under its fingerprinted name.</summary>
    public static string ThemeAsset(string name) => ThemeAssets + name;

    /// <summary>A file of the input's assets/ folder, published as it is.</summary>
    public static string InputFile(string name) => InputFiles + name;

    /// <summary>The file a path is written to.</summary>
    public static string FileOf(string path) => path.Length == 0 || path.EndsWith('/') ? path + IndexFile : path;

    /// <summary>The path (URL) of a file written: a folder page's index.html is its folder.</summary>
    public static string PathOf(string file) =>
        file == IndexFile || file.EndsWith("/" + IndexFile, StringComparison.Ordinal) ? file[..^IndexFile.Length] : file;

    /// <summary>Where a companion of the page at <paramref name="path"/> is.</summary>
    public static string Beside(string path, Companion companion) => FolderOf(path) + companion.NameIn(FolderOf(path));

    /// <summary>Where a file named <paramref name="fileName"/> beside the page at <paramref name="path"/> is.</summary>
    public static string Beside(string path, string fileName) => FolderOf(path) + fileName;

    /// <summary>The companion files of a page, with their content from the page's view.</summary>
    public static IEnumerable<(string File, byte[] Content)> CompanionsOf(Page page, PageView view)
    {
        foreach (var companion in Companions.Where(c => c.Layout == page.Template))
        {
            if (companion.Content(view) is { } content)
            {
                yield return (Beside(page.OutputPath, companion), content);
            }
        }
    }

    /// <summary>
    /// The files of a page that cost time to make (images): `build` writes them, `serve` makes each when a
    /// browser first asks for it.
    /// </summary>
    public static IEnumerable<(string File, PageFile Content)> PageFilesOf(Page page) =>
        page.Files.Select(f => (Beside(page.OutputPath, f.FileName), f));

    /// <summary>Every file a page writes: its own, its companions' and its own files beside it (figures).</summary>
    public static IEnumerable<string> FilesOf(Page page) =>
        Companions.Where(c => c.Layout == page.Template).Select(c => Beside(page.OutputPath, c)).Prepend(page.OutputPath)
            .Concat(page.Files.Select(f => Beside(page.OutputPath, f.FileName)));

    /// <summary>The files a page cannot be without: its own and its companions' but the optional ones.</summary>
    public static IEnumerable<string> RequiredFilesOf(Page page) =>
        Companions.Where(c => c.Layout == page.Template && !c.Optional).Select(c => Beside(page.OutputPath, c)).Prepend(page.OutputPath);

    private static string FolderOf(string path) => path[..(path.LastIndexOf('/') + 1)];

    /// <summary>The URL path of a site path, from the server's root (<c>/base/en/</c>).</summary>
    public string Href(string path) => basePath + path;

    /// <summary>The absolute URL of a site path; Uri only for non-ASCII paths, which it percent-encodes (it is slow at 100,000 calls).</summary>
    public string Absolute(string path) => path.All(char.IsAscii) ? baseUrl + path : new Uri(baseUri, path).AbsoluteUri;

    /// <summary>The site path of a URL path of this site (<see cref="Href"/> undone); null when it lies outside the site.</summary>
    public string? FromHref(string href) => href.StartsWith(basePath, StringComparison.Ordinal) ? href[basePath.Length..] : null;

    /// <summary>The files written beside the pages that are no page of their own: the feeds, the sitemap, robots.txt.</summary>
    public IEnumerable<string> SiteFiles() => languages.Select(Feed).Append(Sitemap).Append(Robots);

    /// <summary>Whether a path is one of the theme's assets, whose fingerprinted names are known only once they are read.</summary>
    public static bool IsThemeAsset(string path) => path.StartsWith(ThemeAssets, StringComparison.Ordinal);

    /// <summary>The not-found page for a request: that of the language the path is in, or the site's.</summary>
    public string NotFoundFor(string path) =>
        NotFound(languages.FirstOrDefault(l => path.StartsWith(Home(l), StringComparison.Ordinal)));

    /// <summary>
    /// Every id a study's page carries: the theme's (skip link, title, contents, citation block), its
    /// headings', its notes' (the list's title, each note and its text, each place that cites it), those
    /// its raw HTML kept, and its figures' (<see cref="FigureId"/>).
    /// </summary>
    public IReadOnlySet<string> IdsOf(Article article)
    {
        var ids = new HashSet<string>(theme.OnPage(ArticleLayout), StringComparer.Ordinal);
        ids.UnionWith(article.Rendered.Headings.Select(h => h.Id));
        if (article.Rendered.Notes.Count > 0)
        {
            ids.Add(NoteIds.Title);
        }

        foreach (var note in article.Rendered.Notes)
        {
            ids.Add(NoteIds.Note(note.Number));
            ids.Add(NoteIds.Body(note.Number));
            for (var citation = 0; citation < note.Citations; citation++)
            {
                ids.Add(NoteIds.Reference(note.Number, citation));
            }
        }

        ids.UnionWith(article.Rendered.RawHtmlIds);
        ids.UnionWith(article.Rendered.Figures.Select(f => f.Id));
        return ids;
    }
}
