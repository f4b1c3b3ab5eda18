using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using ResearchSite.Content;
using ResearchSite.Site;
using ResearchSite.Text;

namespace ResearchSite.Pages;

/// <summary>A <c>&lt;meta&gt;</c> tag.</summary>
/// <param name="Name">Its <c>name</c> (or <c>property</c> for Open Graph).</param>
/// <param name="Content">Its <c>content</c>.</param>
public sealed record MetaTagView(string Name, string Content);

/// <summary>What scholars' tools and search engines read from an article page.</summary>
/// <param name="Highwire">Google Scholar's <c>citation_*</c> tags.</param>
/// <param name="OpenGraph">The <c>og:*</c> and <c>article:*</c> tags (<c>property</c>).</param>
/// <param name="Twitter">The <c>twitter:*</c> tags.</param>
/// <param name="JsonLd">The schema.org record, for <c>&lt;script type="application/ld+json"&gt;</c>.</param>
public sealed record ArticleMetaView(
    IReadOnlyList<MetaTagView> Highwire,
    IReadOnlyList<MetaTagView> OpenGraph,
    IReadOnlyList<MetaTagView> Twitter,
    RawHtml JsonLd);

/// <summary>The "Cite this study" block: a formatted reference, a BibTeX entry and its file.</summary>
/// <param name="Reference">The reference as a reader would copy it.</param>
/// <param name="BibTex">The BibTeX entry.</param>
/// <param name="BibHref">The URL of the entry's file beside the page (<c>cite.bib</c>).</param>
/// <param name="BibFileName">The name to save that file as.</param>
public sealed record CiteView(string Reference, string BibTex, string BibHref, string BibFileName);

/// <summary>
/// Google Scholar's Highwire tags, schema.org JSON-LD, Open Graph and Twitter cards, and citations,
/// built from the same model as the page so that they always agree with it.
/// </summary>
public static class ScholarlyMetadata
{
    // Escapes <, >, & and quotes (so "</script>" in a title cannot close the JSON-LD block) but keeps Arabic readable.
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        WriteIndented = false,
    };

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    // pdfUrl: the absolute URL of the study's PDF edition, when it has one.
    public static ArticleMetaView Meta(Study study, Article article, SiteConfig config, Routes routes, string description, string? pdfUrl = null)
    {
        var lang = article.Language.Code;
        var url = routes.Absolute(article.Path);
        var institution = config.Institution.Get(lang);
        var highwire = new List<MetaTagView> { new("citation_title", article.Title) };
        highwire.AddRange(article.Authors.Select(a => new MetaTagView("citation_author", a.Name.Get(lang))));
        highwire.Add(new("citation_publication_date", article.Date.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture)));
        highwire.Add(new("citation_language", lang));
        if (institution.Length > 0)
        {
            highwire.Add(new("citation_technical_report_institution", institution));
        }

        if (article.Number is { } number)
        {
            highwire.Add(new("citation_technical_report_number", number.ToString(CultureInfo.InvariantCulture)));
        }

        highwire.Add(new("citation_abstract_html_url", url));
        if (pdfUrl is not null)
        {
            highwire.Add(new("citation_pdf_url", pdfUrl));
        }

        // No citation_reference per note, nor a JSON-LD citation list: Scholar reads references from the page and the
        // PDF, and these copies of every note's text made a study page's head several times the size of its notes.

        var siteName = config.Title.Get(lang);
        var locale = Locale(article.Language);
        var openGraph = new List<MetaTagView>
        {
            new("og:type", "article"),
            new("og:title", article.Title),
            new("og:description", description),
            new("og:url", url),
            new("og:site_name", siteName),
            new("og:locale", locale),
            new("article:published_time", article.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        };
        openGraph.AddRange(study.Translations(article).Select(t => new MetaTagView("og:locale:alternate", Locale(t.Language))));
        var card = routes.Absolute(Routes.Beside(article.Path, Routes.SocialCard));
        openGraph.AddRange(
        [
            new("og:image", card),
            new("og:image:type", "image/png"),
            new("og:image:width", Images.SocialCard.Width.ToString(CultureInfo.InvariantCulture)),
            new("og:image:height", Images.SocialCard.Height.ToString(CultureInfo.InvariantCulture)),
            new("og:image:alt", article.Title),
        ]);

        // X reads og:title, og:description and og:image when its own tags are missing: only what has no og: form.
        var twitter = new List<MetaTagView>
        {
            new("twitter:card", "summary_large_image"),
            new("twitter:image:alt", article.Title),
        };

        return new ArticleMetaView(highwire, openGraph, twitter, new RawHtml((ReadOnlyMemory<byte>)JsonLd(study, article, config, routes, description, pdfUrl)));
    }

    // One writer and buffer per thread: the record is copied out at its size.
    [ThreadStatic]
    private static (System.Buffers.ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? jsonWriter;

    /// <summary>
    /// The schema.org record as UTF-8, written member by member (what a <c>JsonObject</c> of the same members in the same
    /// order writes, without the tree of nodes and the string it was made of for every page).
    /// </summary>
    private static byte[] JsonLd(Study study, Article article, SiteConfig config, Routes routes, string description, string? pdfUrl)
    {
        var language = article.Language;
        var lang = language.Code;
        if (jsonWriter is not var (buffer, json))
        {
            buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
            json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Json.Encoder, Indented = false });
            jsonWriter = (buffer, json);
        }

        buffer.ResetWrittenCount();
        json.Reset(buffer);
        json.WriteStartObject();
        json.WriteString("@context", "https://schema.org");
        json.WriteString("@type", "Report");
        json.WriteString("@id", routes.Absolute(article.Path));
        json.WriteString("url", routes.Absolute(article.Path));
        json.WriteString("headline", article.Title);
        json.WriteString("name", article.Title);
        json.WriteString("description", description);
        json.WriteString("inLanguage", lang);
        json.WriteString("datePublished", article.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        json.WriteStartArray("author");
        foreach (var author in article.Authors)
        {
            json.WriteStartObject();
            json.WriteString("@type", "Person");
            json.WriteString("name", author.Name.Get(lang));
            json.WriteString("url", routes.Absolute(Routes.Entry(language, IndexKind.Authors, author.Key)));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("publisher");
        json.WriteString("@type", "Organization");
        json.WriteString("name", config.Institution.Get(lang) is { Length: > 0 } institution ? institution : config.Title.Get(lang));
        json.WriteString("url", config.BaseUrl.AbsoluteUri);
        json.WriteEndObject();
        json.WriteStartObject("isPartOf");
        json.WriteString("@type", "CreativeWorkSeries");
        json.WriteString("name", config.Title.Get(lang));
        json.WriteString("url", routes.Absolute(Routes.Home(language)));
        json.WriteEndObject();
        json.WriteStartArray("about");
        foreach (var category in article.Categories)
        {
            json.WriteStringValue(category.Name.Get(lang));
        }

        json.WriteEndArray();
        if (pdfUrl is not null)
        {
            json.WriteStartObject("encoding");
            json.WriteString("@type", "MediaObject");
            json.WriteString("contentUrl", pdfUrl);
            json.WriteString("encodingFormat", "application/pdf");
            json.WriteEndObject();
        }

        if (article.KeyPoints.Count > 0)
        {
            // schema.org's abstract: the key points, one sentence after another.
            json.WriteString("abstract", string.Join(' ', article.KeyPoints));
        }

        if (article.Number is { } number)
        {
            json.WriteString("reportNumber", number.ToString(CultureInfo.InvariantCulture));
        }

        void Work(Article version)
        {
            json.WriteStartObject();
            json.WriteString("@type", "Report");
            json.WriteString("@id", routes.Absolute(version.Path));
            json.WriteString("url", routes.Absolute(version.Path));
            json.WriteString("inLanguage", version.Language.Code);
            json.WriteString("name", version.Title);
            json.WriteEndObject();
        }

        // The default language's version is the original of the series (it comes first); the others its translations.
        var original = study.Versions.Values.First();
        var translations = study.Translations(article);
        if (original != article)
        {
            json.WritePropertyName("translationOfWork");
            Work(original);
        }
        else if (translations.Count == 1)
        {
            json.WritePropertyName("workTranslation");
            Work(translations[0]);
        }
        else if (translations.Count > 1)
        {
            json.WriteStartArray("workTranslation");
            foreach (var translation in translations)
            {
                Work(translation);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Open Graph's form of a culture: ar_EG, en_GB.</summary>
    private static string Locale(Language language) => language.Culture.Name.Replace('-', '_');

    // number: the study's number in the series in the page's words ("No. 12"), or null.
    public static CiteView Cite(Article article, SiteConfig config, Routes routes, Localizer localizer, string listSeparator, string? number = null, string? pdfUrl = null)
    {
        var lang = article.Language.Code;
        var url = routes.Absolute(article.Path);
        var institution = config.Institution.Get(lang) is { Length: > 0 } name ? name : config.Title.Get(lang);
        var authors = article.Authors.Select(a => a.Name.Get(lang)).ToList();
        var year = localizer.Number(article.Date.Year.ToString(CultureInfo.InvariantCulture));
        var title = number is null ? article.Title : $"{article.Title} ({number})";
        string reference;
        if (article.Language.RightToLeft)
        {
            // Arabic-script order and punctuation: the language's own comma, the date as day and month name.
            var names = string.Join(listSeparator, authors);
            reference = $"{names} ({year}{listSeparator.TrimEnd()} {localizer.Date(article.Date).Replace(" " + year, string.Empty, StringComparison.Ordinal)}). {title}. {institution}. {url}";
        }
        else
        {
            var names = authors.Count switch
            {
                1 => authors[0],
                2 => $"{authors[0]} & {authors[1]}",
                _ => string.Join(", ", authors.Take(authors.Count - 1)) + ", & " + authors[^1],
            };
            reference = $"{names} ({article.Date.Year}, {article.Date.ToString("d MMMM", article.Language.Culture)}). {title}. {institution}. {url}";
        }

        var key = $"{article.Slug}-{article.Date.Year}-{lang}";
        var bib = new StringBuilder();
        bib.Append("@techreport{").Append(key).Append(",\n");
        Field(bib, "title", article.Title);
        Field(bib, "author", string.Join(" and ", authors));
        Field(bib, "institution", institution);
        if (article.Number is { } n)
        {
            Field(bib, "number", n.ToString(CultureInfo.InvariantCulture));
        }

        Field(bib, "year", article.Date.Year.ToString(CultureInfo.InvariantCulture));
        bib.Append("  month = ").Append(Months[article.Date.Month - 1]).Append(",\n");
        bib.Append("  url = {").Append(BibUrl(url)).Append("},\n");
        if (pdfUrl is not null)
        {
            bib.Append("  pdf = {").Append(BibUrl(pdfUrl)).Append("},\n");
        }

        // BibLaTeX's language names are the English ones: arabic, english, french.
        Field(bib, "language", CultureInfo.GetCultureInfo(article.Language.Culture.TwoLetterISOLanguageName).EnglishName.ToLowerInvariant());
        bib.Length -= 2;
        bib.Append("\n}\n");
        return new CiteView(reference, bib.ToString(), routes.Href(Routes.Beside(article.Path, Routes.CiteBib)), $"{key}.bib");
    }

    private static string BibUrl(string url) => url.Replace("{", "%7B", StringComparison.Ordinal).Replace("}", "%7D", StringComparison.Ordinal);

    private static void Field(StringBuilder bib, string name, string value) =>
        bib.Append("  ").Append(name).Append(" = {").Append(EscapeBibTex(value)).Append("},\n");

    /// <summary>Braces and backslashes in values are escaped, so every entry stays balanced.</summary>
    public static string EscapeBibTex(string value) =>
        value.Replace("\\", "\\textbackslash{}", StringComparison.Ordinal)
            .Replace("{", "\\{", StringComparison.Ordinal)
            .Replace("}", "\\}", StringComparison.Ordinal)
            .Replace("\\textbackslash\\{\\}", "\\textbackslash{}", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("&", "\\&", StringComparison.Ordinal)
            .Replace("#", "\\#", StringComparison.Ordinal);
}
