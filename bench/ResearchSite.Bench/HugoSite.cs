using System.Text;
using System.Text.RegularExpressions;

namespace ResearchSite.Bench;

/// <summary>
/// The same generated corpus as a Hugo site, for a side-by-side run: the same Markdown files (the author
/// becomes a list, and the author's unit is written out, since Hugo has no registries), Arabic and English
/// with translations paired by file name, category, author and unit taxonomies, 20 studies per listing
/// page, and minimal templates (an article page with its table of contents and translation links, list
/// and term pages). Hugo renders the legacy [n] notes as plain text: it does less work per article.
/// </summary>
public static partial class HugoSite
{
    public static void Write(string corpus, string root)
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        File.WriteAllText(Path.Combine(Directory.CreateDirectory(root).FullName, "hugo.yaml"), """
            baseURL: https://research.example.org/
            defaultContentLanguage: ar
            defaultContentLanguageInSubdir: true
            disableKinds: [RSS]
            paginate: 20
            taxonomies:
              category: category
              author: author
              unit: unit
            languages:
              ar:
                contentDir: content/ar
                languageDirection: rtl
                weight: 1
              en:
                contentDir: content/en
                weight: 2
            markup:
              goldmark:
                renderer:
                  unsafe: true
            """);
        var layouts = Directory.CreateDirectory(Path.Combine(root, "layouts", "_default")).FullName;
        File.WriteAllText(Path.Combine(layouts, "baseof.html"), """<!DOCTYPE html><html lang="{{ .Language.Lang }}"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>{{ block "main" . }}{{ end }}</body></html>""");
        const string list = """{{ define "main" }}<h1>{{ .Title }}</h1><ol>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }} {{ .Params.summary }}</li>{{ end }}</ol>{{ template "_internal/pagination.html" . }}{{ end }}""";
        File.WriteAllText(Path.Combine(layouts, "list.html"), list);
        File.WriteAllText(Path.Combine(layouts, "terms.html"), list);
        File.WriteAllText(Path.Combine(layouts, "single.html"), """{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2 January 2006" }}</p>{{ range .Params.author }}<a href="{{ "author/" | relLangURL }}{{ . | urlize }}/">{{ . }}</a>{{ end }}{{ .TableOfContents }}{{ .Content }}{{ range .Translations }}<a hreflang="{{ .Lang }}" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</article>{{ end }}""");

        // author-N belongs to unit-(1 + N % 8), as the corpus generator writes into data/authors.yml.
        foreach (var language in new[] { "ar", "en" })
        {
            var target = Directory.CreateDirectory(Path.Combine(root, "content", language)).FullName;
            foreach (var file in Directory.EnumerateFiles(Path.Combine(corpus, "articles", language), "*.md"))
            {
                var text = AuthorLine().Replace(File.ReadAllText(file, Encoding.UTF8), m =>
                    $"author: [{m.Groups[1].Value}]\nunit: [unit-{1 + (int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) % 8)}]", 1);
                File.WriteAllText(Path.Combine(target, Path.GetFileName(file)), text, new UTF8Encoding(false));
            }
        }
    }

    [GeneratedRegex(@"^author: (author-(\d+))$", RegexOptions.Multiline)]
    private static partial Regex AuthorLine();
}
