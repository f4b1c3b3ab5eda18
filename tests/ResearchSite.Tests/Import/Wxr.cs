using System.Globalization;
using System.Text;

namespace ResearchSite.Tests.Import;

/// <summary>A post of a small WordPress export written by a test: each field as WordPress writes it.</summary>
public sealed record WxrPost(long Id, string Title, string Content = "<p>نص الدراسة.</p>")
{
    public string Name { get; init; } = string.Empty;

    public string Status { get; init; } = "publish";

    public string Date { get; init; } = "2024-10-20 10:00:00";

    public string DateGmt { get; init; } = "2024-10-20 07:00:00";

    public string Modified { get; init; } = "2024-10-21 10:00:00";

    public string Creator { get; init; } = "ilham";

    public string Category { get; init; } = "تقارير وملفات";

    public string Link { get; init; } = string.Empty;

    /// <summary>Further elements of the item (terms, post meta), as XML.</summary>
    public string Extra { get; init; } = string.Empty;
}

/// <summary>Writes small WordPress exports (WXR 1.2) for tests of one shape each.</summary>
public static class Wxr
{
    public static string Export(string language, params WxrPost[] posts)
    {
        var xml = new StringBuilder();
        xml.Append("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n");
        xml.Append("<rss version=\"2.0\" xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\n");
        xml.Append("<channel>\n<title>old site</title>\n<link>https://old.example.org</link>\n");
        xml.Append(CultureInfo.InvariantCulture, $"<language>{language}</language>\n");
        xml.Append("<wp:wxr_version>1.2</wp:wxr_version>\n<wp:base_blog_url>https://old.example.org</wp:base_blog_url>\n");
        xml.Append("<wp:author><wp:author_login><![CDATA[ilham]]></wp:author_login><wp:author_display_name><![CDATA[إلهام النجار]]></wp:author_display_name></wp:author>\n");
        foreach (var post in posts)
        {
            var name = post.Name.Length > 0 ? post.Name : "post-" + post.Id.ToString(CultureInfo.InvariantCulture);
            xml.Append("<item>\n");
            xml.Append(CultureInfo.InvariantCulture, $"<title><![CDATA[{post.Title}]]></title>\n");
            xml.Append(CultureInfo.InvariantCulture, $"<link>{(post.Link.Length > 0 ? post.Link : $"https://old.example.org/2024/10/{name}/")}</link>\n");
            xml.Append(CultureInfo.InvariantCulture, $"<dc:creator><![CDATA[{post.Creator}]]></dc:creator>\n");
            xml.Append(CultureInfo.InvariantCulture, $"<content:encoded><![CDATA[{post.Content}]]></content:encoded>\n");
            xml.Append("<excerpt:encoded><![CDATA[]]></excerpt:encoded>\n");
            xml.Append(CultureInfo.InvariantCulture, $"<wp:post_id>{post.Id}</wp:post_id>\n");
            xml.Append(CultureInfo.InvariantCulture, $"<wp:post_date><![CDATA[{post.Date}]]></wp:post_date>\n");
            xml.Append(CultureInfo.InvariantCulture, $"<wp:post_date_gmt><![CDATA[{post.DateGmt}]]></wp:post_date_gmt>\n");
            xml.Append(CultureInfo.InvariantCulture, $"<wp:post_modified><![CDATA[{post.Modified}]]></wp:post_modified>\n");
            xml.Append(CultureInfo.InvariantCulture, $"<wp:post_modified_gmt><![CDATA[{post.Modified}]]></wp:post_modified_gmt>\n");
            xml.Append(CultureInfo.InvariantCulture, $"<wp:post_name><![CDATA[{name}]]></wp:post_name>\n");
            xml.Append(CultureInfo.InvariantCulture, $"<wp:status><![CDATA[{post.Status}]]></wp:status>\n");
            xml.Append("<wp:post_type><![CDATA[post]]></wp:post_type>\n");
            xml.Append(CultureInfo.InvariantCulture, $"<category domain=\"category\" nicename=\"x\"><![CDATA[{post.Category}]]></category>\n");
            xml.Append(post.Extra);
            xml.Append("</item>\n");
        }

        xml.Append("</channel>\n</rss>\n");
        return xml.ToString();
    }

    /// <summary>The export written beside the fixture site's input.</summary>
    public static string Write(FixtureSite site, string xml)
    {
        var path = Path.Combine(site.Root, "export.xml");
        File.WriteAllText(path, xml);
        return path;
    }

    /// <summary>The 1-based line of the first occurrence of a text in an export.</summary>
    public static int LineOf(string xml, string text) => xml[..xml.IndexOf(text, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

    public static string Meta(string key, string value) =>
        $"<wp:postmeta><wp:meta_key><![CDATA[{key}]]></wp:meta_key><wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>\n";
}
