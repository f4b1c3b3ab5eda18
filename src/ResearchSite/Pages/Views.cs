namespace ResearchSite.Pages;

/// <summary>HTML that templates print as it is; every other value is escaped.</summary>
public sealed class RawHtml
{
    private readonly string? text;
    private readonly ReadOnlyMemory<byte>? utf8;
    private readonly Markdown.HeldBody? held;

    public RawHtml(string html) => text = html;

    /// <summary>Kept as UTF-8 until written: article bodies are most of the build's memory.</summary>
    public RawHtml(ReadOnlyMemory<byte> html) => utf8 = html;

    /// <summary>
    /// A rendered body where it waits (the build's temporary file, or deflated): read straight into the page's buffer
    /// when the template writes it, with no array of its own per page (36 MB at 1,000 studies).
    /// </summary>
    internal RawHtml(Markdown.HeldBody body) => held = body;

    public string Html => text ?? System.Text.Encoding.UTF8.GetString(utf8 is { } bytes ? bytes.Span : held!.Read());

    /// <summary>The HTML as UTF-8, when it is kept so in memory; null when it is a string or waits where it is held.</summary>
    public ReadOnlyMemory<byte>? Utf8 => utf8;

    /// <summary>The held body, when the HTML waits where it is held (<see cref="Markdown.HeldBody.ReadInto"/>); null otherwise.</summary>
    internal Markdown.HeldBody? Held => held;

    public override string ToString() => Html;
}

/// <summary>A piece of text with its own language, so templates can mark Arabic in English pages and the reverse.</summary>
/// <param name="Text">The text itself.</param>
/// <param name="Lang">Its language code (<c>ar</c>, <c>en</c>), for a <c>lang</c> attribute.</param>
/// <param name="Dir">Its direction, <c>rtl</c> or <c>ltr</c>, for a <c>dir</c> attribute.</param>
/// <param name="Foreign">True when its language is not the page's: only then does it need <c>lang</c> and <c>dir</c> (the <c>text</c> partial writes them).</param>
public sealed record TextView(string Text, string Lang, string Dir, bool Foreign);

/// <summary>A link to a page of the site.</summary>
/// <param name="Href">The URL, relative to the site root (starts with the base path).</param>
/// <param name="Text">What the link says, in its own language.</param>
public sealed record LinkView(string Href, TextView Text);

/// <summary>The same page in another language, for <c>&lt;link rel="alternate" hreflang&gt;</c>.</summary>
/// <param name="Hreflang">The language code of the version, or <c>x-default</c> for the default language's.</param>
/// <param name="Href">Its absolute URL.</param>
public sealed record AlternateView(string Hreflang, string Href);

/// <summary>A link to this page in another language (or that language's home when the page has no version there), labelled with that language's own name.</summary>
/// <param name="Href">The page in the other language, or that language's home when this page has no version in it.</param>
/// <param name="Label">The other language's own name ("English", "العربية", "Français").</param>
/// <param name="Lang">The other language's code.</param>
/// <param name="SamePage">True when <c>href</c> is this page in the other language, false when it is the other language's home.</param>
public sealed record LanguageSwitchView(string Href, string Label, string Lang, bool SamePage);

/// <summary>Another version of a study: "Read in English: (its title)" in the page's language.</summary>
/// <param name="Label">The words before the title, in the page's language ("Read in English").</param>
/// <param name="Href">The other version's page.</param>
/// <param name="Text">The other version's title, marked with its language.</param>
public sealed record TranslationView(string Label, string Href, TextView Text);

/// <summary>A heading of the article, in its table of contents.</summary>
/// <param name="Href">The heading's fragment (<c>#id</c>).</param>
/// <param name="Text">The heading's text.</param>
/// <param name="Children">The headings under it.</param>
public sealed record TocItemView(string Href, string Text, IReadOnlyList<TocItemView> Children);

/// <summary>An author of the article, with a link to their page.</summary>
/// <param name="Href">The author's page.</param>
/// <param name="Name">The author's name in the page's language (or the other when the registry has no name in it).</param>
/// <param name="Role">The author's role, when the registry gives one.</param>
public sealed record AuthorLinkView(string Href, TextView Name, TextView? Role);

/// <summary>An article page's own fields (<c>page.body</c> of <c>article.html</c>).</summary>
/// <param name="Title">The study's title.</param>
/// <param name="Authors">Its authors, in front-matter order.</param>
/// <param name="Unit">The research unit it belongs to.</param>
/// <param name="Categories">Its categories, in front-matter order.</param>
/// <param name="Date">Its date, written out in the page's language and digits.</param>
/// <param name="DateIso">Its date as <c>yyyy-mm-dd</c>, for <c>&lt;time datetime&gt;</c>.</param>
/// <param name="Summary">Its summary from the front matter, if it has one.</param>
/// <param name="Toc">The table of contents: its headings, nested; empty when it has none.</param>
/// <param name="Body">The rendered study, with its notes section.</param>
/// <param name="Translations">The same study in each other language it is written in ("Read in English: …").</param>
/// <param name="Meta">What scholars' tools and search engines read, for <c>head.html</c>.</param>
/// <param name="Cite">The "Cite this study" block.</param>
/// <param name="Card">The study's social card, the image links to it show (<c>og:image</c>).</param>
/// <param name="Figures">Its figures, in order (each already in <c>body</c>): for a list of figures.</param>
/// <param name="Pdf">The study's PDF edition, when it has one (not with `--no-pdf`, nor when it could not be typeset).</param>
public sealed record ArticleView(
    TextView Title,
    IReadOnlyList<AuthorLinkView> Authors,
    LinkView Unit,
    IReadOnlyList<LinkView> Categories,
    string Date,
    string DateIso,
    string? Summary,
    IReadOnlyList<TocItemView> Toc,
    RawHtml Body,
    IReadOnlyList<TranslationView> Translations,
    ArticleMetaView Meta,
    CiteView Cite,
    CardView Card,
    IReadOnlyList<FigureView> Figures,
    PdfLinkView? Pdf)
{
    /// <summary>Its key points (front matter <c>key_points:</c>), shown below the title; empty when it has none.</summary>
    public IReadOnlyList<string> KeyPoints { get; init; } = [];

    /// <summary>Its number in the series in the page's words and digits ("No. 12", "العدد ١٢"); null when it has none.</summary>
    public string? Number { get; init; }

    /// <summary>How long it takes to read, in the page's words, plurals and digits ("7 min read").</summary>
    public string ReadingTime { get; init; } = string.Empty;

    /// <summary>A link to the page of each of its authors who has other studies ("More by …"); empty when none has.</summary>
    public IReadOnlyList<LinkView> MoreByAuthors { get; init; } = [];

    /// <summary>Other studies that share the most with it (authors, categories, unit, tags), those in the page's language first, then the newest; empty when none shares anything.</summary>
    public IReadOnlyList<RelatedStudyView> Related { get; init; } = [];

    /// <summary>Plain links that share it (X, Facebook, LinkedIn, WhatsApp, Telegram, e-mail) with its title and URL: no third-party script.</summary>
    public IReadOnlyList<ShareLinkView> Share { get; init; } = [];

    /// <summary>Its absolute URL, for the "Copy link" button.</summary>
    public string ShareUrl { get; init; } = string.Empty;
}

/// <summary>
/// A view the planner builds once per build and shows on many pages (a study in listings, a related study): a shared
/// partial given one finds its HTML by the object itself (<see cref="Templates.PartialFunction"/>).
/// </summary>
internal interface ISharedView;

/// <summary>A related study at the end of an article.</summary>
/// <param name="Href">The study's page (in the reader's language when it has a version in it).</param>
/// <param name="Title">Its title, in its own language.</param>
/// <param name="OtherLanguageNote">When the study is not in the page's language: the note that says so; otherwise null.</param>
/// <param name="Date">Its date in the page's language and digits.</param>
/// <param name="DateIso">Its date as <c>yyyy-mm-dd</c>.</param>
public sealed record RelatedStudyView(string Href, TextView Title, string? OtherLanguageNote, string Date, string DateIso) : ISharedView;

/// <summary>A link that shares the article on a service or by e-mail.</summary>
/// <param name="Service">The service's key (<c>x</c>, <c>facebook</c>, <c>linkedin</c>, <c>whatsapp</c>, <c>telegram</c>, <c>email</c>), for a class.</param>
/// <param name="Label">What the link says: the service's name, or "E-mail" in the page's language.</param>
/// <param name="Href">The service's sharing URL with the study's title and URL.</param>
public sealed record ShareLinkView(string Service, string Label, string Href);

/// <summary>A study's social card: an image of 1,200 × 630 pixels with the series, title, authors and date.</summary>
/// <param name="Href">Its absolute URL.</param>
/// <param name="Width">Its width in pixels.</param>
/// <param name="Height">Its height in pixels.</param>
/// <param name="Alt">What it shows, in words (the study's title).</param>
public sealed record CardView(string Href, int Width, int Height, string Alt);

/// <summary>A figure of a study.</summary>
/// <param name="Id">Its id on the page (<c>figure-1</c>).</param>
/// <param name="Label">Its number as the caption starts ("Figure 1", "شكل ١").</param>
/// <param name="Caption">Its caption (the image's title in Markdown); empty when it has none.</param>
public sealed record FigureView(string Id, string Label, string Caption);

/// <summary>The link to a study's PDF edition (a file beside its page).</summary>
/// <param name="Href">The PDF's URL.</param>
/// <param name="FileName">The name it is saved under (<c>&lt;slug&gt;.pdf</c>).</param>
/// <param name="Size">Its size, written out in the page's language and digits ("245 KB"); null when it is typeset only when asked for (`serve`).</param>
public sealed record PdfLinkView(string Href, string FileName, string? Size)
{
    /// <summary>The PDF's bytes, for the file beside the page; null when it is typeset on request.</summary>
    internal Func<byte[]>? Content { get; init; }
}

/// <summary>A study in a listing (the <c>study-item</c> partial).</summary>
/// <param name="Href">The study's page.</param>
/// <param name="Title">Its title, in its own language.</param>
/// <param name="OtherLanguageNote">When the study is not in the page's language: the note that says so; otherwise null.</param>
/// <param name="Authors">Its authors.</param>
/// <param name="Unit">Its research unit.</param>
/// <param name="Categories">Its categories.</param>
/// <param name="Date">Its date in the page's language and digits.</param>
/// <param name="DateIso">Its date as <c>yyyy-mm-dd</c>.</param>
/// <param name="Summary">Its summary, if it has one.</param>
public sealed record StudyItemView(
    string Href,
    TextView Title,
    string? OtherLanguageNote,
    IReadOnlyList<LinkView> Authors,
    LinkView Unit,
    IReadOnlyList<LinkView> Categories,
    string Date,
    string DateIso,
    string? Summary) : ISharedView;

/// <summary>The studies of one year on a listing page.</summary>
/// <param name="Year">The year, in the page's digits.</param>
/// <param name="Items">The studies of that year on this page.</param>
public sealed record YearGroupView(string Year, IReadOnlyList<StudyItemView> Items);

/// <summary>Where a listing page stands among its pages.</summary>
/// <param name="PreviousHref">The previous page of the listing; null on the first.</param>
/// <param name="NextHref">The next page; null on the last.</param>
/// <param name="Current">This page's number, in the page's digits.</param>
/// <param name="Total">The number of pages, in the page's digits.</param>
/// <param name="HasPages">True when the listing has more than one page.</param>
public sealed record PaginationView(string? PreviousHref, string? NextHref, string Current, string Total, bool HasPages);

/// <summary>What an author's page says about them above their studies.</summary>
/// <param name="Role">The author's role, if the registry gives one.</param>
/// <param name="Unit">The author's research unit, if the registry gives one.</param>
/// <param name="Bio">The author's biography, if the registry gives one.</param>
public sealed record IntroView(TextView? Role, LinkView? Unit, TextView? Bio);

/// <summary>A listing page's own fields (<c>page.body</c> of <c>list.html</c>): the home page and each category, author and unit.</summary>
/// <param name="Heading">The listing's heading: the series title, or the category's, author's or unit's name.</param>
/// <param name="CountText">How many studies it has, in words ("3 studies").</param>
/// <param name="Intro">On an author's page, what it says about them; otherwise null.</param>
/// <param name="Years">This page's studies, by year.</param>
/// <param name="Pagination">Where this page stands among the listing's pages.</param>
/// <param name="IsEmpty">True when the listing has no study at all.</param>
public sealed record ListView(TextView Heading, string CountText, IntroView? Intro, IReadOnlyList<YearGroupView> Years, PaginationView Pagination, bool IsEmpty);

/// <summary>An entry of an index page: a category, author or unit.</summary>
/// <param name="Href">The entry's page.</param>
/// <param name="Name">Its name.</param>
/// <param name="Count">How many studies it has, in the page's digits.</param>
public sealed record TermView(string Href, TextView Name, string Count);

/// <summary>An index page's own fields (<c>page.body</c> of <c>terms.html</c>).</summary>
/// <param name="Heading">The index's heading ("Categories").</param>
/// <param name="Terms">Its entries.</param>
public sealed record TermsView(TextView Heading, IReadOnlyList<TermView> Terms);

/// <summary>The not-found page's own fields (<c>page.body</c> of <c>404.html</c>).</summary>
/// <param name="Homes">A link to the home of each language.</param>
public sealed record NotFoundView(IReadOnlyList<LinkView> Homes);

/// <summary>The root page's own fields (<c>page.body</c> of <c>redirect.html</c>).</summary>
/// <param name="Target">The URL to send the reader to (the default language's home).</param>
public sealed record RedirectView(string Target);

/// <summary>The search page: where Pagefind's bundle and the studies' words are, and how the page writes words and numbers.</summary>
/// <param name="BundlePath">The URL of Pagefind's folder, for its script and stylesheet.</param>
/// <param name="FilterLabels">The names of the filter groups (category, author, unit, year), in the page's language.</param>
/// <param name="RootPath">The URL path of the site's root: a result's URL after it is the study's path.</param>
/// <param name="TextsPath">The URL of the folder of the studies' words as written, for excerpts (one JSON file per study: its path without the last '/', plus <c>.json</c>).</param>
/// <param name="ResultCounts">The words of a count of results for each plural category (zero, one, two, few, many, other), "{0}" for the number.</param>
/// <param name="Digits">The ten digits numbers are written in, when the site uses the language's own; empty for 0–9.</param>
/// <param name="Normalize">The rules that make the ways Arabic is written alike (JSON), applied to the query as the index applied them.</param>
public sealed record SearchView(string BundlePath, IReadOnlyList<TextView> FilterLabels, string RootPath, string TextsPath, IReadOnlyList<string> ResultCounts, string Digits, string Normalize);

/// <summary>
/// Marks a member of <see cref="PageView"/> that is the same on every page of a language (the site's title, its
/// navigation): a partial that reads only such members, its value and the interface words is rendered once per
/// distinct value and shared (<see cref="Templates.SharedPartials"/>). The values read are part of what the
/// shared HTML is kept under, so a wrong mark costs sharing, never a wrong page.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SiteWideAttribute : Attribute;

/// <summary>What every page template receives as <c>page</c>.</summary>
/// <param name="Lang">The page's language code, for <c>&lt;html lang&gt;</c>.</param>
/// <param name="Dir">Its direction, <c>rtl</c> or <c>ltr</c>.</param>
/// <param name="Title">The page's own title (the study's, the category's, ...).</param>
/// <param name="DocumentTitle">The title for <c>&lt;title&gt;</c>: the page's title and the site's.</param>
/// <param name="Description">The description for search engines; may be empty.</param>
/// <param name="CanonicalUrl">The page's absolute URL.</param>
/// <param name="BasePath">The site root's path (<c>/</c>, or the folder of <c>base_url</c>).</param>
/// <param name="SiteTitle">The site's title in the page's language.</param>
/// <param name="HomeHref">The home page in the page's language.</param>
/// <param name="FeedHref">The Atom feed in the page's language.</param>
/// <param name="Alternates">The page in every language it exists in (and <c>x-default</c>); empty when only one.</param>
/// <param name="LanguageSwitches">A link to this page (or the home) in each other language of the site; empty when the site has one language.</param>
/// <param name="Nav">The main navigation: series, indexes, search.</param>
/// <param name="Breadcrumbs">The way from the home page to this one; empty on the home page.</param>
/// <param name="Kind">What the page is (see Page kinds); <c>base.html</c> gives it to <c>&lt;body class&gt;</c>.</param>
/// <param name="Body">The fields of the page's kind.</param>
public sealed record PageView(
    [property: SiteWide] string Lang,
    [property: SiteWide] string Dir,
    string Title,
    string DocumentTitle,
    string Description,
    string CanonicalUrl,
    [property: SiteWide] string BasePath,
    [property: SiteWide] string SiteTitle,
    [property: SiteWide] string HomeHref,
    [property: SiteWide] string FeedHref,
    IReadOnlyList<AlternateView> Alternates,
    IReadOnlyList<LanguageSwitchView> LanguageSwitches,
    [property: SiteWide] IReadOnlyList<LinkView> Nav,
    IReadOnlyList<LinkView> Breadcrumbs,
    string Kind,
    object Body);

/// <summary>
/// One file of the site to write: its path under output/, its template, and its view model, built only
/// when the page is rendered (and not kept: `serve` holds the pages of a 10,000-study archive). <see cref="Studies"/> and <see cref="Key"/> say what the page shows, so
/// that `serve` can keep a page whose studies and key did not change.
/// </summary>
public sealed class Page(
    string outputPath,
    string template,
    string lang,
    string canonicalUrl,
    IReadOnlyList<AlternateView> alternates,
    IReadOnlyList<string> studies,
    string key,
    Func<PageView> view)
{
    public string OutputPath => outputPath;

    public string Template => template;

    public string Lang => lang;

    public string CanonicalUrl => canonicalUrl;

    public IReadOnlyList<AlternateView> Alternates => alternates;

    /// <summary>The slugs of the studies the page shows, in order.</summary>
    public IReadOnlyList<string> Studies => studies;

    /// <summary>Whatever else the page shows that can change with other files (counts, page numbers).</summary>
    public string Key => key + "|" + string.Join(',', studies);

    public PageView CreateView() => view();

    /// <summary>The files the page writes beside itself that depend on what it shows (a study's figures in each width and format).</summary>
    public IReadOnlyList<PageFile> Files { get; init; } = [];
}
