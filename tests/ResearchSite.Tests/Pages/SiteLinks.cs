using AngleSharp.Dom;

namespace ResearchSite.Tests.Pages;

/// <summary>Every internal link and #anchor of a built site, resolved against the files written.</summary>
internal static class SiteLinks
{
    public static IReadOnlyList<string> Broken(string output)
    {
        var pages = Directory.EnumerateFiles(output, "*.html", SearchOption.AllDirectories).ToList();
        var documents = pages.ToDictionary(p => p, p => Some.Html(File.ReadAllText(p)));
        var broken = new List<string>();
        foreach (var (path, document) in documents)
        {
            foreach (var element in document.QuerySelectorAll("a[href], link[href]"))
            {
                var href = element.GetAttribute("href")!;
                if (href.StartsWith("http", StringComparison.Ordinal) || href.StartsWith("mailto:", StringComparison.Ordinal))
                {
                    continue;
                }

                var (file, anchor) = Resolve(output, path, href);
                if (!File.Exists(file))
                {
                    broken.Add($"{Path.GetRelativePath(output, path)}: {href} (no file)");
                }
                else if (anchor is not null && file.EndsWith(".html", StringComparison.Ordinal))
                {
                    var target = documents.GetValueOrDefault(file) ?? Some.Html(File.ReadAllText(file));
                    if (target.GetElementById(Uri.UnescapeDataString(anchor)) is null)
                    {
                        broken.Add($"{Path.GetRelativePath(output, path)}: {href} (no id)");
                    }
                }
            }
        }

        return broken;
    }

    private static (string File, string? Anchor) Resolve(string output, string page, string href)
    {
        var hash = href.IndexOf('#');
        var anchor = hash >= 0 ? href[(hash + 1)..] : null;
        var target = hash >= 0 ? href[..hash] : href;
        string path;
        if (target.Length == 0)
        {
            path = page;
        }
        else if (target.StartsWith('/'))
        {
            path = Path.Combine(output, Uri.UnescapeDataString(target.TrimStart('/')));
        }
        else
        {
            path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, Uri.UnescapeDataString(target)));
        }

        if (target.EndsWith('/') || Directory.Exists(path))
        {
            path = Path.Combine(path, "index.html");
        }

        return (path, anchor);
    }

    public static IEnumerable<string> Texts(IEnumerable<IElement> elements) => elements.Select(e => e.TextContent.Trim());
}
