using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace ResearchSite.Import;

/// <summary>A term of the export's channel (a category, a Polylang language or translation group, …).</summary>
public sealed record WxrTerm(string Taxonomy, string Slug, string Name, string Description);

/// <summary>A user of the old site: posts name the login, the site shows the display name.</summary>
public sealed record WxrAuthor(string Login, string DisplayName);

/// <summary>A term an item is filed under: its taxonomy ("category", "post_tag", "language", …), slug and name.</summary>
public sealed record WxrItemTerm(string Domain, string Slug, string Name);

/// <summary>One &lt;item&gt; of the export, as WordPress wrote it.</summary>
public sealed record WxrItem(
    int Line,
    long Id,
    string Title,
    string Link,
    string Creator,
    string Content,
    string Excerpt,
    string PostDate,
    string PostName,
    string Status,
    string PostType,
    long Parent,
    string AttachmentUrl,
    IReadOnlyList<WxrItemTerm> Terms,
    IReadOnlyDictionary<string, string> Meta)
{
    /// <summary>The line of the export where the content starts (WordPress opens its CDATA on the element's line).</summary>
    public int ContentLine { get; init; } = Line;

    /// <summary>The other dates WordPress keeps, for a post whose post_date is '0000-00-00 00:00:00' (a draft never published).</summary>
    public IReadOnlyList<string> OtherDates { get; init; } = [];
}

/// <summary>A WordPress export (WXR 1.0–1.2), read whole.</summary>
public sealed record WxrExport(
    string Version,
    string Language,
    string BaseUrl,
    IReadOnlyList<WxrAuthor> Authors,
    IReadOnlyList<WxrTerm> Terms,
    IReadOnlyList<WxrItem> Items);

/// <summary>A problem that stops the import: the file cannot be read as an export.</summary>
public sealed class WxrException(string message, int line, int column) : Exception(message)
{
    public int Line { get; } = line;

    public int Column { get; } = column;
}

/// <summary>
/// Reads a WordPress export safely: no DTD is processed and no external entity or file is ever fetched
/// (an export is a file from elsewhere), and any XML error is reported with its line.
/// </summary>
public static class WxrReader
{
    public static readonly IReadOnlyList<string> KnownVersions = ["1.0", "1.1", "1.2"];

    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    private static readonly XNamespace Excerpt = "http://wordpress.org/export/1.2/excerpt/";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";

    public static XmlReaderSettings Settings { get; } = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    public static WxrExport Read(Stream stream)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(stream, Settings);
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            var hint = e.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase)
                ? "the file declares a DTD, which is never read (an export from WordPress has none): remove the <!DOCTYPE …> line if the file is a real export"
                : e.Message.Contains("end of file", StringComparison.OrdinalIgnoreCase)
                    ? $"the export ends before its last element closes ({e.Message.TrimEnd('.')}): it looks truncated; export it again from WordPress (Tools → Export)"
                    : $"the export is not well-formed XML ({e.Message.TrimEnd('.')}); export it again, or fix the XML at this place";
            throw new WxrException(hint + ".", e.LineNumber, e.LinePosition);
        }

        var root = document.Root;
        var channel = root?.Name.LocalName == "rss" ? root.Element("channel") : null;
        var wp = channel?.Elements().Select(e => e.Name.Namespace).FirstOrDefault(n => n.NamespaceName.StartsWith("http://wordpress.org/export/", StringComparison.Ordinal));
        if (channel is null || wp is null)
        {
            throw new WxrException("this is not a WordPress export (WXR): it has no <rss><channel> with WordPress's wp: elements; export the site with Tools → Export in WordPress.", Line(root), 1);
        }

        var version = channel.Element(wp + "wxr_version")?.Value.Trim() ?? wp.NamespaceName.TrimEnd('/').Split('/')[^1];
        var excerpt = channel.Parent!.GetNamespaceOfPrefix("excerpt") ?? Excerpt;
        var authors = channel.Elements(wp + "author")
            .Select(a => new WxrAuthor(Text(a, wp + "author_login"), Text(a, wp + "author_display_name")))
            .ToList();
        var terms = new List<WxrTerm>();
        foreach (var category in channel.Elements(wp + "category"))
        {
            terms.Add(new WxrTerm("category", Text(category, wp + "category_nicename"), Text(category, wp + "cat_name"), Text(category, wp + "category_description")));
        }

        foreach (var tag in channel.Elements(wp + "tag"))
        {
            terms.Add(new WxrTerm("post_tag", Text(tag, wp + "tag_slug"), Text(tag, wp + "tag_name"), Text(tag, wp + "tag_description")));
        }

        foreach (var term in channel.Elements(wp + "term"))
        {
            terms.Add(new WxrTerm(Text(term, wp + "term_taxonomy"), Text(term, wp + "term_slug"), Text(term, wp + "term_name"), Text(term, wp + "term_description")));
        }

        var items = new List<WxrItem>();
        foreach (var item in channel.Elements("item"))
        {
            var meta = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var postmeta in item.Elements(wp + "postmeta"))
            {
                meta.TryAdd(Text(postmeta, wp + "meta_key"), Text(postmeta, wp + "meta_value"));
            }

            _ = long.TryParse(Text(item, wp + "post_id"), NumberStyles.None, CultureInfo.InvariantCulture, out var id);
            _ = long.TryParse(Text(item, wp + "post_parent"), NumberStyles.None, CultureInfo.InvariantCulture, out var parent);
            items.Add(new WxrItem(
                Line(item),
                id,
                Text(item, "title"),
                Text(item, "link"),
                Text(item, Dc + "creator"),
                Text(item, Content + "encoded"),
                Text(item, excerpt + "encoded"),
                Text(item, wp + "post_date"),
                Text(item, wp + "post_name"),
                Text(item, wp + "status"),
                Text(item, wp + "post_type"),
                parent,
                Text(item, wp + "attachment_url"),
                item.Elements("category").Select(c => new WxrItemTerm((string?)c.Attribute("domain") ?? "category", (string?)c.Attribute("nicename") ?? string.Empty, c.Value.Trim())).ToList(),
                meta)
            {
                ContentLine = Line(item.Element(Content + "encoded") ?? item),
                OtherDates = [Text(item, wp + "post_date_gmt"), Text(item, wp + "post_modified"), Text(item, wp + "post_modified_gmt")],
            });
        }

        return new WxrExport(
            version,
            Text(channel, "language"),
            FirstNonEmpty(Text(channel, wp + "base_blog_url"), Text(channel, wp + "base_site_url"), Text(channel, "link")),
            authors,
            terms,
            items);
    }

    private static string FirstNonEmpty(params string[] values) => values.FirstOrDefault(v => v.Length > 0) ?? string.Empty;

    // Value joins the CDATA sections of an element: WordPress splits a ']]>' in the text across two of them.
    private static string Text(XElement parent, XName name) => parent.Element(name)?.Value ?? string.Empty;

    private static int Line(XObject? node) => node is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 1;
}
