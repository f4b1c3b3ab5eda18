using System.Globalization;
using ResearchSite.Content;
using ResearchSite.Markdown.Headings;
using ResearchSite.Site;
using ResearchSite.Templates;
using ResearchSite.Text;

namespace ResearchSite.Pages;

/// <summary>
/// Turns the site model into the list of pages to write, each with its own view model. It knows words
/// and asks <see cref="Pages.Routes"/> where each page is; templates know markup.
/// </summary>
public sealed class PagePlanner(SiteModel site, UiStrings strings, ThemeIds themeIds, Images.ImageStore? images = null)
{
    /// <summary>The interface words and languages of the theme.</summary>
    public UiStrings Strings => strings;

    /// <summary>The studies' PDF edition, which article pages link (none: no link).</summary>
    public Pdf.PdfEdition? Pdfs { get; init; }

    /// <summary>Where every page and file is, and the ids pages carry.</summary>
    public Routes Routes { get; } = new(site.Config, themeIds);

    /// <summary>Every page, in a stable order; the views are independent, so they are built in parallel.</summary>
    public IReadOnlyList<Page> Plan()
    {
        var jobs = new List<Func<IEnumerable<Page>>> { () => [Redirect(), NotFound(null)] };
        foreach (var language in site.Config.Languages)
        {
            jobs.Add(() => [NotFound(language), SearchPage(language)]);
            jobs.Add(() => Listing(language, Routes.Home(language), Text(site.Config.Title, language), null, site.Studies, "home", []));
            foreach (var kind in Routes.IndexFolders.Keys)
            {
                jobs.Add(() => [Terms(language, kind)]);
                foreach (var entry in site.Indexes[kind])
                {
                    jobs.Add(() => Listing(language, Routes.Entry(language, kind, entry.Key), Text(entry.Name, language), Intro(language, kind, entry), entry.Studies, kind.ToString().ToLowerInvariant(), [IndexLink(language, kind)]));
                }
            }

            foreach (var chunk in site.Studies.Chunk(256))
            {
                jobs.Add(() => chunk.Where(s => s.Versions.ContainsKey(language)).Select(s => ArticlePage(s, s.Versions[language])));
                jobs.Add(() => chunk.Where(s => s.Versions.ContainsKey(language)).SelectMany(s => AliasPages(s.Versions[language])));
            }
        }

        // Each job's pages in its own slot, joined in the jobs' order: PLINQ's ordered merge did the same with generic
        // code over value types that ReadyToRun leaves to the JIT (about 40 methods compiled at every build).
        var planned = new List<Page>[jobs.Count];
        Parallel.For(0, jobs.Count, i => planned[i] = jobs[i]().ToList());
        var count = 0;
        foreach (var part in planned)
        {
            count += part.Count;
        }

        var pages = new List<Page>(count);
        foreach (var part in planned)
        {
            pages.AddRange(part);
        }

        return pages;
    }

    /// <summary>
    /// The pages of <see cref="Plan"/> that show one of <paramref name="slugs"/> (<see cref="Page.Studies"/>), in the
    /// same order, planned alone: the listings that list one and the studies' pages that name one among their own or
    /// related studies. Planning every page of a 10,000-study archive for a new title took most of serve's time.
    /// </summary>
    public IReadOnlyList<Page> PlanShowing(IReadOnlySet<string> slugs)
    {
        bool Shows(IEnumerable<string> studies) => studies.Any(slugs.Contains);
        bool Lists(IEnumerable<Study> studies) => studies.Any(s => slugs.Contains(s.Slug));
        var pages = new List<Page>();
        foreach (var language in site.Config.Languages)
        {
            if (Shows(site.Studies.Select(s => s.Slug)))
            {
                pages.AddRange(Listing(language, Routes.Home(language), Text(site.Config.Title, language), null, site.Studies, "home", [], Lists));
            }

            foreach (var kind in Routes.IndexFolders.Keys)
            {
                foreach (var entry in site.Indexes[kind].Where(e => Shows(e.Studies.Select(s => s.Slug))))
                {
                    pages.AddRange(Listing(language, Routes.Entry(language, kind, entry.Key), Text(entry.Name, language), Intro(language, kind, entry), entry.Studies, kind.ToString().ToLowerInvariant(), [IndexLink(language, kind)], Lists));
                }
            }

            pages.AddRange(site.Studies
                .Where(s => s.Versions.ContainsKey(language) && (slugs.Contains(s.Slug) || Shows(RelatedSlugs(s, language))))
                .Select(s => ArticlePage(s, s.Versions[language])));
            pages.AddRange(site.Studies
                .Where(s => s.Versions.ContainsKey(language) && slugs.Contains(s.Slug))
                .SelectMany(s => AliasPages(s.Versions[language])));
        }

        return pages;
    }

    /// <summary>The URL path of a site path (see <see cref="Routes.Href"/>).</summary>
    public string Href(string path) => Routes.Href(path);

    /// <summary>The article pages of one study (each language it is written in), planned again after it changed.</summary>
    public IEnumerable<Page> ArticlePages(Study study) =>
        site.Config.Languages.Where(study.Versions.ContainsKey).Select(l => ArticlePage(study, study.Versions[l]));

    private string Absolute(string path) => Routes.Absolute(path);

    private Localizer Localizer(Language language) => PartsOf(language).Localizer;

    /// <summary>What every page of a language shares: its localizer, the series link and the navigation, made once.</summary>
    private sealed record LanguageParts(Localizer Localizer, LinkView Series, IReadOnlyList<LinkView> Nav);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, LanguageParts> languageParts = new(StringComparer.Ordinal);

    private LanguageParts PartsOf(Language language) =>
        languageParts.TryGetValue(language.Code, out var parts) ? parts : languageParts.GetOrAdd(language.Code, _ => MakeParts(language));

    private LanguageParts MakeParts(Language language)
    {
        var series = new LinkView(Href(Routes.Home(language)), Text(S(language, "series"), language, language));
        IReadOnlyList<LinkView> nav =
        [
            series,
            IndexLink(language, IndexKind.Categories),
            IndexLink(language, IndexKind.Authors),
            IndexLink(language, IndexKind.Units),
            new(Href(Routes.Search(language)), Text(S(language, "search"), language, language)),
        ];
        return new LanguageParts(new Localizer(language, site.Config.Digits), series, nav);
    }

    /// <summary>
    /// The views of studies in listings and related lists while pages are written (<see cref="CachingViews"/>): each
    /// study is listed about five times per language and related to about four others, and its view is the same each
    /// time. Views are immutable and read only by templates, so one object serves every page; shared partials then
    /// find its HTML by the same key. Null outside the write phase: `serve` renders single pages on request and keeps
    /// the planner, which would otherwise keep a view of every study.
    /// </summary>
    private sealed class ViewCache(IEnumerable<Language> languages)
    {
        // By the study's reference: a record's equality would compare every version.
        private readonly Dictionary<string, PerLanguage> byLanguage = languages.ToDictionary(l => l.Code, _ => new PerLanguage(), StringComparer.Ordinal);

        public PerLanguage? For(Language language) => byLanguage.GetValueOrDefault(language.Code);

        public sealed class PerLanguage
        {
            public readonly System.Collections.Concurrent.ConcurrentDictionary<Study, StudyItemView> Items = new(ReferenceEqualityComparer.Instance);
            public readonly System.Collections.Concurrent.ConcurrentDictionary<Study, RelatedStudyView> Related = new(ReferenceEqualityComparer.Instance);
        }
    }

    private volatile ViewCache? views;

    /// <summary>Keeps the views of listed and related studies until disposed: for the write phase, which builds every page's view once.</summary>
    public IDisposable CachingViews()
    {
        views = new ViewCache(site.Config.Languages);
        return new Forget(this);
    }

    private sealed class Forget(PagePlanner planner) : IDisposable
    {
        public void Dispose() => planner.views = null;
    }

    private string S(Language language, string key) => strings.Get(language, key);

    private TextView Text(LocalizedText text, Language page)
    {
        var lang = text.LanguageOf(page.Code);
        // A registry may hold a name in a language the site does not list (and the theme may not define): its direction is then unknown.
        return new TextView(text.Get(page.Code), lang, strings.Find(lang)?.Direction ?? "auto", lang != page.Code);
    }

    private static TextView Text(string text, Language of, Language page) =>
        new(text, of.Code, of.Direction, of != page);

    private LinkView IndexLink(Language language, IndexKind kind) =>
        new(Href(Routes.Index(language, kind)), Text(S(language, Routes.IndexFolders[kind]), language, language));

    /// <summary>The series' table of contents: the first link of the navigation and of every breadcrumb trail.</summary>
    private LinkView SeriesLink(Language language) => PartsOf(language).Series;

    private IReadOnlyList<LinkView> Nav(Language language) => PartsOf(language).Nav;

    /// <summary>A page whose view is built when it is rendered; its URL and alternates are known at once (the sitemap needs them).</summary>
    private Page Make(string path, string template, Language language, string canonicalPath, Func<Language, string?> pathIn, IReadOnlyList<string> studies, string key, Func<PageView> view) =>
        new(Routes.FileOf(path), template, language.Code, Absolute(canonicalPath), Alternates(pathIn), studies, key, view);

    private Page SearchPage(Language language)
    {
        var path = Routes.Search(language);
        return Make(path, "search", language, path, Routes.Search, [], string.Empty, () =>
        {
            var labels = new[] { "filter_category", "filter_author", "filter_unit", "filter_year" }.Select(k => Text(S(language, k), language, language)).ToList();
            return View(language, path, S(language, "search"), S(language, "search"), [SeriesLink(language)], "search", new SearchView(Href(Routes.SearchIndex), labels, Href(Routes.Root), Href(Routes.SearchTexts), strings.CountForms(language, "search_results"), Localizer(language).DigitChars, Search.SearchNormalizer.Rules), Routes.Search);
        });
    }

    /// <summary>Both language versions of a path that exists in both, plus x-default.</summary>
    private IReadOnlyList<AlternateView> Alternates(Func<Language, string?> pathIn)
    {
        var alternates = site.Config.Languages
            .Select(l => (Language: l, Path: pathIn(l)))
            .Where(x => x.Path is not null)
            .Select(x => new AlternateView(x.Language.Code, Absolute(x.Path!)))
            .ToList();
        var fallback = pathIn(site.Config.DefaultLanguage);
        if (alternates.Count > 1 && fallback is not null)
        {
            alternates.Add(new AlternateView("x-default", Absolute(fallback)));
        }

        return alternates.Count > 1 ? alternates : [];
    }

    /// <summary>A link to each other language: to this page's version there, or to that language's home.</summary>
    private IReadOnlyList<LanguageSwitchView> Switches(Language language, Func<Language, string?> pathIn) =>
        site.Config.Languages
            .Where(other => other != language)
            .Select(other => (Language: other, Path: pathIn(other)))
            .Select(o => new LanguageSwitchView(Href(o.Path ?? Routes.Home(o.Language)), o.Language.Name, o.Language.Code, o.Path is not null))
            .ToList();

    private PageView View(Language language, string path, string title, string description, IReadOnlyList<LinkView> breadcrumbs, string kind, object body, Func<Language, string?> pathIn)
    {
        var siteTitle = site.Config.Title.Get(language.Code);
        return new PageView(
            language.Code,
            language.Direction,
            title,
            title == siteTitle ? siteTitle : $"{title} | {siteTitle}",
            description,
            Absolute(path),
            Href(Routes.Root),
            siteTitle,
            Href(Routes.Home(language)),
            Href(Routes.Feed(language)),
            Alternates(pathIn),
            Switches(language, pathIn),
            Nav(language),
            breadcrumbs,
            kind,
            body);
    }

    // The related studies are among the studies the page shows (a new title of one makes the page again), and
    // whether each author has other studies is part of its key.
    private Page ArticlePage(Study study, Article article) =>
        new(
            Routes.FileOf(article.Path),
            Routes.ArticleLayout,
            article.Language.Code,
            Absolute(article.Path),
            Alternates(l => study.Versions.GetValueOrDefault(l)?.Path),
            [study.Slug, .. RelatedSlugs(study, article.Language)],
            MoreByKey(article),
            () => ArticleView(study, article))
        {
            Files = images is null ? [] : article.Rendered.Figures
                .Where(f => f.Image is not null)
                .SelectMany(f => f.Variants.Select(v => new PageFile(v.FileName, Images.ImageStore.VariantKey(f.Image!, v), () => images.Variant(f.Image!, v)) { Stored = () => images.VariantFile(f.Image!, v), Origin = (article.File, f.Place.Line, f.Place.Column) }))
                .Prepend(CardFile(article, images))
                .ToList(),
        };

    /// <summary>The study's social card, drawn from what its page says.</summary>
    private PageFile CardFile(Article article, Images.ImageStore store)
    {
        var language = article.Language;
        var text = new Images.CardText(
            site.Config.Title.Get(language.Code),
            article.Title,
            string.Join(S(language, "list_separator"), article.Authors.Select(a => a.Name.Get(language.Code))),
            Localizer(language).Date(article.Date),
            language.RightToLeft);
        return new PageFile(Routes.SocialCard, Images.SocialCard.Key(text, store), () => Images.SocialCard.Draw(text, store)) { Stored = () => Images.SocialCard.StoredFile(text, store), Origin = (article.File, 1, 1) };
    }


    private IReadOnlyList<string> RelatedSlugs(Study study, Language language) =>
        site.Related.GetValueOrDefault(study.Slug)?.GetValueOrDefault(language.Code) ?? [];

    private Dictionary<string, Study>? studiesBySlug;

    private Study StudyOf(string slug) =>
        (studiesBySlug ??= site.Studies.ToDictionary(s => s.Slug, StringComparer.Ordinal))[slug];

    private Dictionary<string, int>? authorCounts;

    // Loops rather than LINQ and GetValueOrDefault: their generic code over an int is compiled at run time.
    private bool HasOtherStudies(string author)
    {
        if (authorCounts is not { } counts)
        {
            counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var entry in site.Indexes[IndexKind.Authors])
            {
                counts.Add(entry.Key, entry.Studies.Count);
            }

            authorCounts = counts;
        }

        return counts.TryGetValue(author, out var count) && count > 1;
    }

    /// <summary>Whether each author has other studies, as "more-by:1,0": part of the page's key.</summary>
    private string MoreByKey(Article article)
    {
        var key = new System.Text.StringBuilder("more-by:");
        for (var i = 0; i < article.Authors.Count; i++)
        {
            key.Append(i > 0 ? "," : string.Empty).Append(HasOtherStudies(article.Authors[i].Key) ? '1' : '0');
        }

        return key.ToString();
    }

    private RelatedStudyView Related(Language language, Study study)
    {
        if (views?.For(language)?.Related is not { } cache)
        {
            return MakeRelated(language, study);
        }

        return cache.TryGetValue(study, out var view) ? view : cache.GetOrAdd(study, MakeRelated(language, study));
    }

    private RelatedStudyView MakeRelated(Language language, Study study)
    {
        var article = study.For(language);
        return new RelatedStudyView(
            Href(article.Path),
            Text(article.Title, article.Language, language),
            article.Language != language ? strings.Name(language, "in_language", article.Language) : null,
            Localizer(language).Date(article.Date),
            article.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    /// <summary>"7 min read": the words at the language's reading rate (<c>reading_rate</c>, words a minute), at least a minute.</summary>
    private string ReadingTime(Article article, Localizer localizer)
    {
        var rate = int.TryParse(S(article.Language, "reading_rate"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > 0 ? r : 200;
        var minutes = Math.Max(1, (int)Math.Round(article.Rendered.WordCount / (double)rate, MidpointRounding.AwayFromZero));
        return strings.Count(article.Language, "reading_time", minutes, localizer.Number);
    }

    private IReadOnlyList<ShareLinkView> Share(Language language, string url, string title)
    {
        var u = Uri.EscapeDataString(url);
        var t = QueryText(title);
        return
        [
            new("x", "X", $"https://x.com/intent/post?text={t}&url={u}"),
            new("facebook", "Facebook", $"https://www.facebook.com/sharer/sharer.php?u={u}"),
            new("linkedin", "LinkedIn", $"https://www.linkedin.com/sharing/share-offsite/?url={u}"),
            new("whatsapp", "WhatsApp", $"https://wa.me/?text={t}%20{u}"),
            new("telegram", "Telegram", $"https://t.me/share/url?url={u}&text={t}"),
            new("email", S(language, "share_email"), $"mailto:?subject={t}&body={t}%0A{u}"),
        ];
    }

    /// <summary>
    /// Text for a link's query, as an IRI: ASCII percent-encoded as <see cref="Uri.EscapeDataString(string)"/>
    /// does, letters, digits and marks of other scripts left as they are; the browser encodes them as UTF-8
    /// when the link is followed, so the service gets the same query. A title in Arabic is a third of the
    /// bytes it is percent-encoded (two bytes a letter instead of six), and the share links repeat it five times.
    /// Anything else (spaces, punctuation, format and bidi controls, emoji) stays percent-encoded.
    /// </summary>
    internal static string QueryText(string text)
    {
        var iri = new System.Text.StringBuilder(text.Length);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            if (!rune.IsAscii && System.Text.Rune.GetUnicodeCategory(rune) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
                    or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                    or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.DecimalDigitNumber)
            {
                iri.Append(rune.ToString());
            }
            else if (rune.IsAscii && (char.IsAsciiLetterOrDigit((char)rune.Value) || rune.Value is '-' or '.' or '_' or '~'))
            {
                iri.Append((char)rune.Value);
            }
            else
            {
                foreach (var b in utf8[..rune.EncodeToUtf8(utf8)])
                {
                    iri.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
            }
        }

        return iri.ToString();
    }

    /// <summary>The study's number in the series as its page and its PDF show it ("العدد ١٢", "No. 12"); null when it has none.</summary>
    public static string? SeriesNumber(Article article, UiStrings strings, Localizer localizer) =>
        article.Number is { } n ? string.Format(CultureInfo.InvariantCulture, strings.Get(article.Language, "number"), localizer.Number(n)) : null;

    private PageView ArticleView(Study study, Article article)
    {
        var language = article.Language;
        var localizer = Localizer(language);

        var description = article.Summary ?? Excerpt.Shorten(article.Rendered.FirstParagraph, 300);
        var pdf = PdfLink(article, localizer);
        var pdfUrl = pdf is null ? null : Absolute(Routes.Beside(article.Path, Routes.Pdf));
        var number = SeriesNumber(article, strings, localizer);
        var body = new ArticleView(
            Text(article.Title, language, language),
            article.Authors.Select(a => AuthorLink(language, a)).ToList(),
            EntryLink(language, IndexKind.Units, article.Unit.Key, article.Unit.Name),
            article.Categories.Select(c => EntryLink(language, IndexKind.Categories, c.Key, c.Name)).ToList().AsReadOnly(),
            localizer.Date(article.Date),
            article.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            article.Summary,
            article.Rendered.Toc.Select(ToTocItem).ToList(),
            new RawHtml(article.Rendered.Body),
            study.Translations(article).Select(t => new TranslationView(strings.Name(language, "read_in", t.Language), Href(t.Path), Text(t.Title, t.Language, language))).ToList(),
            ScholarlyMetadata.Meta(study, article, site.Config, Routes, description, pdfUrl),
            ScholarlyMetadata.Cite(article, site.Config, Routes, localizer, S(language, "list_separator"), number, pdfUrl),
            new CardView(Absolute(Routes.Beside(article.Path, Routes.SocialCard)), Images.SocialCard.Width, Images.SocialCard.Height, article.Title),
            article.Rendered.Figures.Select(f => new FigureView(f.Id, f.Label, f.Caption)).ToList(),
            pdf)
        {
            KeyPoints = article.KeyPoints,
            Number = number,
            ReadingTime = ReadingTime(article, localizer),
            MoreByAuthors = article.Authors.Where(a => HasOtherStudies(a.Key)).Select(a => EntryLink(language, IndexKind.Authors, a.Key, a.Name)).ToList(),
            Related = RelatedSlugs(study, language).Select(slug => Related(language, StudyOf(slug))).ToList(),
            Share = Share(language, Absolute(article.Path), article.Title),
            ShareUrl = Absolute(article.Path),
        };
        var breadcrumbs = new List<LinkView>
        {
            SeriesLink(language),
            EntryLink(language, IndexKind.Categories, article.Categories[0].Key, article.Categories[0].Name),
        };
        return View(language, article.Path, article.Title, description, breadcrumbs, "article", body, l => study.Versions.GetValueOrDefault(l)?.Path);
    }

    private PdfLinkView? PdfLink(Article article, Localizer localizer)
    {
        if (Pdfs is null || !Pdfs.Links(article.Path))
        {
            return null;
        }

        var file = Routes.Beside(article.Path, Routes.Pdf);
        var href = Href(file);
        var name = file[(file.LastIndexOf('/') + 1)..];
        if (Pdfs.For(article.Path) is not { File: { } cached } typeset)
        {
            return new PdfLinkView(href, name, null);
        }

        var kilobytes = (int)Math.Max(1, (typeset.Size + 512) / 1024);
        var size = string.Format(CultureInfo.InvariantCulture, S(article.Language, "pdf_size"), localizer.Number(kilobytes));
        return new PdfLinkView(href, name, size) { Content = () => File.ReadAllBytes(cached) };
    }

    private static TocItemView ToTocItem(TocEntry entry) =>
        new("#" + entry.Id, entry.Text, entry.Children.Select(ToTocItem).ToList());

    private AuthorLinkView AuthorLink(Language language, Author author) =>
        new(
            Href(Routes.Entry(language, IndexKind.Authors, author.Key)),
            Text(author.Name, language),
            author.Role.IsEmpty ? null : Text(author.Role, language));

    private LinkView EntryLink(Language language, IndexKind kind, string key, LocalizedText name) =>
        new(Href(Routes.Entry(language, kind, key)), Text(name, language));

    private IntroView? Intro(Language language, IndexKind kind, IndexEntry entry)
    {
        if (kind != IndexKind.Authors || site.Registries.Authors.ByKey(entry.Key) is not { } author)
        {
            return null;
        }

        var unit = author.UnitKey is null ? null : site.Registries.Units.ByKey(author.UnitKey);
        return new IntroView(
            author.Role.IsEmpty ? null : Text(author.Role, language),
            unit is null ? null : EntryLink(language, IndexKind.Units, unit.Key, unit.Name),
            author.Bio.IsEmpty ? null : Text(author.Bio, language));
    }

    // only: which pages of the listing to plan, by the studies each lists (all when null); an archive's home has hundreds.
    private IEnumerable<Page> Listing(Language language, string path, TextView heading, IntroView? intro, IReadOnlyList<Study> studies, string kind, IReadOnlyList<LinkView> breadcrumbs, Func<IEnumerable<Study>, bool>? only = null)
    {
        var localizer = Localizer(language);
        var size = site.Config.PageSize;
        var pageCount = Math.Max(1, (studies.Count + size - 1) / size);
        var count = strings.Count(language, "articles_count", studies.Count, localizer.Number);
        var crumbs = breadcrumbs.Count == 0 ? breadcrumbs : breadcrumbs.Prepend(SeriesLink(language)).ToList();
        for (var page = 1; page <= pageCount; page++)
        {
            if (only is not null && !only(studies.Skip((page - 1) * size).Take(size)))
            {
                continue;
            }

            var pagePath = Routes.Paged(path, page);
            var pageNumber = page;
            var slice = studies.Skip((page - 1) * size).Take(size).ToList();
            Func<Language, string?> pathIn = l => Routes.Paged(Routes.InLanguage(path, language, l), pageNumber);
            yield return Make(pagePath, "list", language, pagePath, pathIn, slice.Select(s => s.Slug).ToList(), $"{pageNumber}/{pageCount}/{studies.Count}", () =>
            {
                var years = slice.Select(s => StudyItem(language, s))
                    .GroupBy(i => i.DateIso[..4])
                    .Select(g => new YearGroupView(localizer.Number(g.Key), g.ToList()))
                    .ToList();
                var pagination = new PaginationView(
                    pageNumber > 1 ? Href(Routes.Paged(path, pageNumber - 1)) : null,
                    pageNumber < pageCount ? Href(Routes.Paged(path, pageNumber + 1)) : null,
                    localizer.Number(pageNumber),
                    localizer.Number(pageCount),
                    pageCount > 1);
                var body = new ListView(heading, count, intro, years, pagination, studies.Count == 0);
                var title = pageNumber == 1 ? heading.Text : $"{heading.Text} ({string.Format(CultureInfo.InvariantCulture, S(language, "page_of"), localizer.Number(pageNumber), localizer.Number(pageCount))})";
                return View(language, pagePath, title, intro?.Bio?.Text ?? site.Config.Description.Get(language.Code), crumbs, kind, body, pathIn);
            });
        }
    }

    private StudyItemView StudyItem(Language language, Study study)
    {
        if (views?.For(language)?.Items is not { } cache)
        {
            return MakeStudyItem(language, study);
        }

        return cache.TryGetValue(study, out var view) ? view : cache.GetOrAdd(study, MakeStudyItem(language, study));
    }

    private StudyItemView MakeStudyItem(Language language, Study study)
    {
        var article = study.For(language);
        var foreign = article.Language != language;
        return new StudyItemView(
            Href(article.Path),
            Text(article.Title, article.Language, language),
            foreign ? strings.Name(language, "in_language", article.Language) : null,
            // Read-only collections, not lists: the item is shared by every listing that shows the study, and Scriban
            // assigns through a list's indexer (`item.authors[0] = …`).
            article.Authors.Select(a => EntryLink(language, IndexKind.Authors, a.Key, a.Name)).ToList().AsReadOnly(),
            EntryLink(language, IndexKind.Units, article.Unit.Key, article.Unit.Name),
            article.Categories.Select(c => EntryLink(language, IndexKind.Categories, c.Key, c.Name)).ToList().AsReadOnly(),
            Localizer(language).Date(article.Date),
            article.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            article.Summary);
    }

    private Page Terms(Language language, IndexKind kind)
    {
        var localizer = Localizer(language);
        var comparer = StringComparer.Create(language.Culture, CompareOptions.IgnoreNonSpace | CompareOptions.IgnoreCase);
        var terms = site.Indexes[kind]
            .Select(e => new TermView(Href(Routes.Entry(language, kind, e.Key)), Text(e.Name, language), localizer.Number(e.Studies.Count)))
            .OrderBy(t => t.Name.Text, comparer)
            .ThenBy(t => t.Href, StringComparer.Ordinal)
            .ToList();
        var heading = Text(S(language, Routes.IndexFolders[kind]), language, language);
        var path = Routes.Index(language, kind);
        var key = string.Join(',', site.Indexes[kind].Select(e => $"{e.Key}:{e.Studies.Count}"));
        return Make(path, "terms", language, path, l => Routes.Index(l, kind), [], key, () =>
            View(language, path, heading.Text, heading.Text, [SeriesLink(language)], "terms", new TermsView(heading, terms), l => Routes.Index(l, kind)));
    }

    private Page NotFound(Language? language)
    {
        var lang = language ?? site.Config.DefaultLanguage;
        var homes = site.Config.Languages.Select(l => new LinkView(Href(Routes.Home(l)), Text(S(l, "home"), l, lang))).ToList();
        var path = Routes.NotFound(language);
        return Make(path, "404", lang, path, _ => null, [], string.Empty, () => View(lang, path, S(lang, "not_found_title"), S(lang, "not_found_title"), [], "not-found", new NotFoundView(homes), _ => null));
    }

    /// <summary>The key of the pages that stand at a study's old addresses (<see cref="AliasPages"/>).</summary>
    public const string AliasKey = "alias";

    /// <summary>
    /// A page at each old address of a study that leads to it, for hosts that do not read _redirects;
    /// its canonical URL is the study's, so search engines move what they knew to the new page.
    /// </summary>
    private IEnumerable<Page> AliasPages(Article article)
    {
        foreach (var alias in article.Aliases.Select(a => Routes.Alias(a.Value)).Where(a => a.HasPage).DistinctBy(a => a.Path))
        {
            // It shows the study's title and summary: a new title makes it again.
            yield return Make(alias.Path, "redirect", article.Language, article.Path, _ => null, [article.Slug], AliasKey, () =>
                View(article.Language, article.Path, article.Title, article.Summary ?? string.Empty, [], "redirect", new RedirectView(Href(article.Path)), _ => null));
        }
    }

    private Page Redirect()
    {
        var language = site.Config.DefaultLanguage;
        var home = Routes.Home(language);
        return Make(Routes.Root, "redirect", language, home, Routes.Home, [], string.Empty, () => View(language, home, site.Config.Title.Get(language.Code), site.Config.Description.Get(language.Code), [], "redirect", new RedirectView(Href(home)), Routes.Home));
    }
}
