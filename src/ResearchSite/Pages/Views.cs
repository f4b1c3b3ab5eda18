namespace ResearchSite.Pages;

/// <summary>HTML that templates print as it is; every other value is escaped.</summary>
public sealed class RawHtml
{
    private readonly string? text;
    private readonly ReadOnlyMemory<byte>? utf8;

    public RawHtml(string html) => text = html;

    /// <summary>Kept as UTF-8 until written: article bodies are most of the build's memory.</summary>
    public RawHtml(ReadOnlyMemory<byte> html) => utf8 = html;

    public string Html => text ?? System.Text.Encoding.UTF8.GetString(utf8!.Value.Span);

    /// <summary>The HTML as UTF-8, when it is kept so; null when it is a string.</summary>
    public ReadOnlyMemory<byte>? Utf8 => utf8;

    public override string ToString() => Html;
}

/// <summary>A piece of text with its own language, so templates can mark Arabic in English pages and the reverse.</summary>
public sealed record TextView(string Text, string Lang, string Dir, bool Foreign);

public sealed record LinkView(string Href, TextView Text);

public sealed record AlternateView(string Hreflang, string Href);

/// <summary>A link to this page in another language (or that language's home when the page has no version there), labelled with that language's own name.</summary>
public sealed record LanguageSwitchView(string Href, string Label, string Lang, bool SamePage);

/// <summary>Another version of a study: "Read in English: <its title>" in the page's language.</summary>
public sealed record TranslationView(string Label, string Href, TextView Text);

public sealed record TocItemView(string Href, string Text, IReadOnlyList<TocItemView> Children);

public sealed record AuthorLinkView(string Href, TextView Name, TextView? Role);

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
    CiteView Cite);

public sealed record StudyItemView(
    string Href,
    TextView Title,
    string? OtherLanguageNote,
    IReadOnlyList<LinkView> Authors,
    LinkView Unit,
    IReadOnlyList<LinkView> Categories,
    string Date,
    string DateIso,
    string? Summary);

public sealed record YearGroupView(string Year, IReadOnlyList<StudyItemView> Items);

public sealed record PaginationView(string? PreviousHref, string? NextHref, string Current, string Total, bool HasPages);

public sealed record IntroView(TextView? Role, LinkView? Unit, TextView? Bio);

public sealed record ListView(TextView Heading, string CountText, IntroView? Intro, IReadOnlyList<YearGroupView> Years, PaginationView Pagination, bool IsEmpty);

public sealed record TermView(string Href, TextView Name, string Count);

public sealed record TermsView(TextView Heading, IReadOnlyList<TermView> Terms);

public sealed record NotFoundView(IReadOnlyList<LinkView> Homes);

public sealed record RedirectView(string Target);

/// <summary>The search page: where Pagefind's bundle is, and the filter groups in the page's language.</summary>
public sealed record SearchView(string BundlePath, IReadOnlyList<TextView> FilterLabels);

/// <summary>What every page template receives as <c>page</c>.</summary>
public sealed record PageView(
    string Lang,
    string Dir,
    string Title,
    string DocumentTitle,
    string Description,
    string CanonicalUrl,
    string BasePath,
    string SiteTitle,
    string HomeHref,
    string FeedHref,
    IReadOnlyList<AlternateView> Alternates,
    IReadOnlyList<LanguageSwitchView> LanguageSwitches,
    IReadOnlyList<LinkView> Nav,
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
}
