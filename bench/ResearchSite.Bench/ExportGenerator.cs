using System.Globalization;
using System.Security;
using System.Text;

namespace ResearchSite.Bench;

/// <summary>
/// A seeded WordPress export (WXR 1.2) of the old site's shape, for timing `import wordpress`: block-editor
/// posts with headings, lists and footnotes (post meta), every third a classic post with [n] sources,
/// every fourth paired with an English translation through Polylang; 12 authors, 8 categories.
/// </summary>
public static class ExportGenerator
{
    private static readonly string[] Arabic = "التحالف الدولي العراق سوريا الأمن الإرهاب التنظيم القوات الانسحاب الحكومة المنطقة السياسة الاستقرار العمليات الفصائل الدعم الاتفاق المرحلة التهديد المخاوف".Split(' ');

    private static readonly string[] English = "coalition international Iraq Syria security terrorism organization forces withdrawal government region policy stability operations factions".Split(' ');

    /// <summary>Writes the export with <paramref name="posts"/> posts and returns the site folder to import into (site.yml and empty registries).</summary>
    public static void Write(string exportPath, string siteRoot, int posts, int seed = 42)
    {
        var random = new Random(seed);
        Directory.CreateDirectory(Path.Combine(siteRoot, "data"));
        Directory.CreateDirectory(Path.Combine(siteRoot, "articles", "ar"));
        Directory.CreateDirectory(Path.Combine(siteRoot, "articles", "en"));
        File.WriteAllText(Path.Combine(siteRoot, "site.yml"), "title: { ar: سلسلة الدراسات, en: Studies Series }\nbase_url: https://research.example.org/\ndefault_language: ar\nlanguages: [ar, en]\npage_size: 20\ndigits: latin\n");
        File.WriteAllText(Path.Combine(siteRoot, "data", "units.yml"), "security: { ar: وحدة الأمن, en: Security Unit }\n");
        var authors = new StringBuilder();
        for (var a = 1; a <= 12; a++)
        {
            // Half of the authors are in the registry already, spelt with hamza; the export spells them without.
            if (a % 2 == 0)
            {
                authors.Append(CultureInfo.InvariantCulture, $"author-{a}:\n  name: {{ ar: أحمد الباحث {a}, en: Ahmad Researcher {a} }}\n  unit: security\n");
            }
        }

        File.WriteAllText(Path.Combine(siteRoot, "data", "authors.yml"), authors.ToString());
        File.WriteAllText(Path.Combine(siteRoot, "data", "categories.yml"), "category-1: { ar: تصنيف 1, en: Category 1 }\n");

        using var writer = new StreamWriter(exportPath, false, new UTF8Encoding(false));
        writer.Write("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<rss version=\"2.0\" xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n<title>Old site</title><link>https://old.example.org</link><language>ar</language><wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://old.example.org</wp:base_site_url><wp:base_blog_url>https://old.example.org</wp:base_blog_url>\n");
        for (var a = 1; a <= 12; a++)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"<wp:author><wp:author_login><![CDATA[user{a}]]></wp:author_login><wp:author_display_name><![CDATA[احمد الباحث {a}]]></wp:author_display_name></wp:author>\n"));
        }

        var id = 1000;
        var group = 0;
        for (var i = 0; i < posts; i++)
        {
            var arabicId = ++id;
            var translated = i % 4 == 0 && i + 1 < posts;
            var groupSlug = translated ? string.Create(CultureInfo.InvariantCulture, $"pll_{++group}") : null;
            var author = 1 + random.Next(12);
            var date = new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Unspecified).AddDays(random.Next(3650));
            var classic = i % 3 == 1;
            Item(writer, random, arabicId, "ar", author, date, classic, groupSlug, Arabic, $"dirasa-{i}");
            if (translated)
            {
                i++;
                var englishId = ++id;
                Item(writer, random, englishId, "en", author, date.AddDays(2), classic: false, groupSlug, English, $"study-{i}");
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"<wp:term><wp:term_taxonomy><![CDATA[post_translations]]></wp:term_taxonomy><wp:term_slug><![CDATA[{groupSlug}]]></wp:term_slug><wp:term_description><![CDATA[a:2:{{s:2:\"ar\";i:{arabicId};s:2:\"en\";i:{englishId};}}]]></wp:term_description></wp:term>\n"));
            }
        }

        writer.Write("</channel>\n</rss>\n");
    }

    private static void Item(StreamWriter writer, Random random, int id, string language, int author, DateTime date, bool classic, string? group, string[] words, string name)
    {
        var body = new StringBuilder();
        var meta = new StringBuilder("[");
        var sources = new StringBuilder();
        var note = 0;
        for (var section = 1; section <= 6; section++)
        {
            body.Append(classic ? $"<strong>{Sentence(random, words, 4)}</strong>\n\n" : $"<!-- wp:heading -->\n<h2 class=\"wp-block-heading\">{Sentence(random, words, 4)}</h2>\n<!-- /wp:heading -->\n\n");
            for (var paragraph = 0; paragraph < 4; paragraph++)
            {
                var text = Sentence(random, words, 55);
                note++;
                if (classic)
                {
                    body.Append(CultureInfo.InvariantCulture, $"{text}[{note}].\n\n");
                    sources.Append(CultureInfo.InvariantCulture, $"[{note}] {Sentence(random, words, 8)}، https://example.org/source/{note}\n");
                }
                else
                {
                    var fn = string.Create(CultureInfo.InvariantCulture, $"fn-{id}-{note}");
                    body.Append(CultureInfo.InvariantCulture, $"<!-- wp:paragraph -->\n<p>{text}<sup data-fn=\"{fn}\" class=\"fn\"><a href=\"#{fn}\" id=\"{fn}-link\">{note}</a></sup>.</p>\n<!-- /wp:paragraph -->\n\n");
                    meta.Append(CultureInfo.InvariantCulture, $"{(note > 1 ? "," : string.Empty)}{{\"content\":\"{Sentence(random, words, 8)} <a href=\\\"https://example.org/source/{note}\\\">https://example.org/source/{note}</a>\",\"id\":\"{fn}\"}}");
                }
            }

            body.Append(classic ? $"<ul>\n<li>{Sentence(random, words, 10)}</li>\n<li>{Sentence(random, words, 10)}</li>\n</ul>\n\n" : $"<!-- wp:list -->\n<ul class=\"wp-block-list\"><li>{Sentence(random, words, 10)}</li><li>{Sentence(random, words, 10)}</li></ul>\n<!-- /wp:list -->\n\n");
        }

        if (classic)
        {
            body.Append("المصادر:\n\n").Append(sources);
        }

        var title = SecurityElement.Escape(Sentence(random, words, 7));
        writer.Write(string.Create(CultureInfo.InvariantCulture, $"<item><title><![CDATA[{title}]]></title><link>https://old.example.org/{(language == "en" ? "en/" : string.Empty)}{date:yyyy/MM}/{name}/</link><dc:creator><![CDATA[user{author}]]></dc:creator>"));
        writer.Write(string.Create(CultureInfo.InvariantCulture, $"<content:encoded><![CDATA[{body}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>"));
        writer.Write(string.Create(CultureInfo.InvariantCulture, $"<wp:post_id>{id}</wp:post_id><wp:post_date><![CDATA[{date:yyyy-MM-dd HH:mm:ss}]]></wp:post_date><wp:post_name><![CDATA[{name}]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type>"));
        writer.Write(string.Create(CultureInfo.InvariantCulture, $"<category domain=\"category\" nicename=\"category-1\"><![CDATA[تصنيف 1]]></category><category domain=\"language\" nicename=\"{language}\"><![CDATA[{language}]]></category>"));
        if (group is not null)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"<category domain=\"post_translations\" nicename=\"{group}\"><![CDATA[{group}]]></category>"));
        }

        if (!classic)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"<wp:postmeta><wp:meta_key><![CDATA[footnotes]]></wp:meta_key><wp:meta_value><![CDATA[{meta}]]]></wp:meta_value></wp:postmeta>"));
        }

        writer.Write("</item>\n");
    }

    private static string Sentence(Random random, string[] words, int count)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            builder.Append(i > 0 ? " " : string.Empty).Append(words[random.Next(words.Length)]);
        }

        return builder.ToString();
    }
}
