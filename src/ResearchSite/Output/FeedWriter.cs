using System.Globalization;
using System.Net;
using System.Text;
using System.Xml;
using ResearchSite.Pages;
using ResearchSite.Site;
using ResearchSite.Text;

namespace ResearchSite.Output;

/// <summary>Atom feeds, the sitemap and robots.txt: machine-read files written as XML, not templates.</summary>
public static class FeedWriter
{
    private const string Atom = "http://www.w3.org/2005/Atom";

    public static ReadOnlyMemory<byte> Feed(SiteModel site, PagePlanner planner, Language language)
    {
        var articles = site.Studies
            .Select(s => s.Versions.GetValueOrDefault(language))
            .OfType<Article>()
            .Take(site.Config.PageSize)
            .ToList();
        var routes = planner.Routes;
        var home = routes.Absolute(Routes.Home(language));
        return Xml(writer =>
        {
            writer.WriteStartElement("feed", Atom);
            writer.WriteAttributeString("xml", "lang", null, language.Code);
            writer.WriteElementString("title", Atom, site.Config.Title.Get(language.Code));
            writer.WriteElementString("id", Atom, home);
            Link(writer, "self", routes.Absolute(Routes.Feed(language)));
            Link(writer, "alternate", home);
            writer.WriteElementString("updated", Atom, Timestamp(articles.Count > 0 ? articles.Max(a => a.Date) : new DateOnly(2000, 1, 1)));
            foreach (var article in articles)
            {
                writer.WriteStartElement("entry", Atom);
                writer.WriteElementString("title", Atom, article.Title);
                writer.WriteElementString("id", Atom, routes.Absolute(article.Path));
                Link(writer, "alternate", routes.Absolute(article.Path));
                writer.WriteElementString("published", Atom, Timestamp(article.Date));
                writer.WriteElementString("updated", Atom, Timestamp(article.Date));
                foreach (var author in article.Authors)
                {
                    writer.WriteStartElement("author", Atom);
                    writer.WriteElementString("name", Atom, author.Name.Get(language.Code));
                    writer.WriteElementString("uri", Atom, routes.Absolute(Routes.Entry(language, IndexKind.Authors, author.Key)));
                    writer.WriteEndElement();
                }

                foreach (var category in article.Categories)
                {
                    writer.WriteStartElement("category", Atom);
                    writer.WriteAttributeString("term", category.Key);
                    writer.WriteAttributeString("label", category.Name.Get(language.Code));
                    writer.WriteEndElement();
                }

                writer.WriteElementString("summary", Atom, article.Summary ?? article.Rendered.FirstParagraph);
                if (article.KeyPoints.Count > 0)
                {
                    // The key points as a list, under their heading in the feed's language: readers show Atom's HTML content.
                    writer.WriteStartElement("content", Atom);
                    writer.WriteAttributeString("type", "html");
                    writer.WriteString($"<h2>{WebUtility.HtmlEncode(planner.Strings.Get(language, "key_points"))}</h2><ul>{string.Concat(article.KeyPoints.Select(p => $"<li>{WebUtility.HtmlEncode(p)}</li>"))}</ul>");
                    writer.WriteEndElement();
                }
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        });
    }

    public static ReadOnlyMemory<byte> Sitemap(IEnumerable<Page> pages, PagePlanner planner)
    {
        const string ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        const string xhtml = "http://www.w3.org/1999/xhtml";
        return Xml(writer =>
        {
            writer.WriteStartElement("urlset", ns);
            writer.WriteAttributeString("xmlns", "xhtml", null, xhtml);
            // Pages with a folder of their own: not the redirects (the root's, old addresses') nor the not-found pages.
            foreach (var page in pages.Where(p => p.Template != "redirect" && Routes.PathOf(p.OutputPath) is { Length: > 0 } path && path.EndsWith('/')).OrderBy(p => p.OutputPath, StringComparer.Ordinal))
            {
                writer.WriteStartElement("url", ns);
                writer.WriteElementString("loc", ns, page.CanonicalUrl);
                foreach (var alternate in page.Alternates)
                {
                    writer.WriteStartElement("xhtml", "link", xhtml);
                    writer.WriteAttributeString("rel", "alternate");
                    writer.WriteAttributeString("hreflang", alternate.Hreflang);
                    writer.WriteAttributeString("href", alternate.Href);
                    writer.WriteEndElement();
                }

                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        });
    }

    /// <summary>Netlify's _redirects: a 301 from every old address of every study; null when no study has one.</summary>
    public static string? Redirects(SiteModel site, PagePlanner planner)
    {
        var rules = site.Articles
            .OrderBy(a => a.Path, StringComparer.Ordinal)
            .SelectMany(a => a.Aliases.Select(alias => planner.Routes.RedirectRule(Routes.Alias(alias.Value), a.Path)))
            .ToList();
        return rules.Count == 0 ? null : "# Old addresses of the studies (front matter 'aliases'), written by the build.\n" + string.Join('\n', rules) + "\n";
    }

    public static string Robots(PagePlanner planner) =>
        $"User-agent: *\nAllow: /\n\nSitemap: {planner.Routes.Absolute(Routes.Sitemap)}\n";

    private static void Link(XmlWriter writer, string rel, string href)
    {
        writer.WriteStartElement("link", Atom);
        writer.WriteAttributeString("rel", rel);
        writer.WriteAttributeString("href", href);
        writer.WriteEndElement();
    }

    private static string Timestamp(DateOnly date) =>
        date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z";

    /// <summary>
    /// The document as UTF-8 (no byte order mark), written straight into bytes: a sitemap of 10,000 studies is
    /// some 10 MB of text, which as a string was copied three times more (the whole, the encoding named
    /// in its declaration, the last line end) before being encoded, each copy on the large-object heap.
    /// </summary>
    private static ReadOnlyMemory<byte> Xml(Action<XmlWriter> write)
    {
        var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), OmitXmlDeclaration = false }))
        {
            writer.WriteStartDocument();
            write(writer);
            writer.WriteEndDocument();
        }

        stream.WriteByte((byte)'\n');
        return stream.GetBuffer().AsMemory(0, (int)stream.Length);
    }
}
