using Markdig.Syntax.Inlines;
using ResearchSite.Content;
using ResearchSite.Diagnostics;

namespace ResearchSite.Markdown.Links;

/// <summary>A link from an article to a place in the site, kept so the cross-link phase can check it resolves.</summary>
public sealed record InternalLink(string Url, int Line, int Column);

/// <summary>What an article's links may point at: the site's base path and every article that exists.</summary>
public sealed record LinkTargets(string BasePath, IReadOnlySet<(string Language, string Slug)> Articles)
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    /// <summary>The files of input/assets/ by their name under it (NFC), with the path each is read from.</summary>
    public IReadOnlyDictionary<string, string> Assets { get; init; } = None;

    /// <summary>The names under input/assets/ of the files refused as unsafe to publish (<see cref="LoadedContent.RefusedAssets"/>).</summary>
    public IReadOnlySet<string> RefusedAssets { get; init; } = new HashSet<string>();
}

/// <summary>
/// Authors may link to other studies by their Markdown files (<c>other.md</c>, <c>../en/other.md#section</c>),
/// and to images and other files of assets/ by their path from the Markdown file (<c>../../assets/map.png</c>),
/// as their editor sees them; those links become the studies' and files' URLs, and a link to a missing file is an error.
/// </summary>
public static class InternalLinkRewriter
{
    public static IReadOnlyList<InternalLink> Process(IEnumerable<LinkInline> all, SourceDocument source, LinkTargets targets, DiagnosticBag diagnostics)
    {
        var links = new List<InternalLink>();
        foreach (var link in all)
        {
            if (link.Url is not { Length: > 0 } url || IsExternal(url))
            {
                continue;
            }

            var line = source.BodyStartLine + link.Line;
            var column = link.Column + 1;
            var hash = url.IndexOf('#');
            var path = hash >= 0 ? url[..hash] : url;
            var fragment = hash >= 0 ? url[hash..] : string.Empty;
            if (path.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
            {
                var target = ResolveMarkdownFile(source.Language, Uri.UnescapeDataString(path));
                if (target is null || !targets.Articles.Contains(target.Value))
                {
                    diagnostics.Error(source.File, line, column, $"the link to '{path}' points to no article: link to a file in articles/ar/ or articles/en/ (e.g. 'other.md' or '../en/other.md').");
                    continue;
                }

                url = targets.BasePath + Pages.Routes.Article(target.Value.Language, target.Value.Slug) + fragment;
                link.Url = url;
            }
            else if (!path.StartsWith('/') && path.Length > 0 && Resolve(source.Language, path) is ["assets", .. var rest] && rest.Count > 0)
            {
                // A file of assets/ as the editor's preview finds it: published under files/.
                url = targets.BasePath + Pages.Routes.InputFile(string.Join('/', rest)) + url[path.Length..];
                link.Url = url;
            }

            if (RefusedAsset(url, targets) is { } refused)
            {
                // The file is there: "no such file" would send the author looking for it.
                diagnostics.Error(source.File, line, column, $"the file assets/{refused} is there but refused (see the error reported at it), so this {(link.IsImage ? "image" : "link")} would lead nowhere; fix the file as that error says, or point to another one.");
                continue;
            }

            links.Add(new InternalLink(url, line, column));
        }

        return links;
    }

    /// <summary>The name under assets/ of the refused file that <paramref name="url"/> (already the site's) leads to, or null.</summary>
    private static string? RefusedAsset(string url, LinkTargets targets)
    {
        if (targets.RefusedAssets.Count == 0)
        {
            return null;
        }

        var prefix = targets.BasePath + Pages.Routes.InputFile(string.Empty);
        var path = url.Split('#', '?')[0];
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var name = Uri.UnescapeDataString(path[prefix.Length..]).Normalize();
        return targets.RefusedAssets.Contains(name) ? name : null;
    }

    private static bool IsExternal(string url) =>
        url.StartsWith("//", StringComparison.Ordinal) || (url.IndexOf(':') is var colon and > 0 && url.IndexOfAny(['/', '?', '#']) is var slash && (slash < 0 || colon < slash));

    /// <summary>articles/&lt;lang&gt;/x.md + a relative path → (language, slug) of the linked article.</summary>
    private static (string Language, string Slug)? ResolveMarkdownFile(string language, string path)
    {
        if (Resolve(language, path) is not { } segments)
        {
            return null;
        }

        if (segments.Count == 2 && Text.Language.IsCode(segments[0]))
        {
            segments.Insert(0, "articles");
        }

        return segments.Count == 3 && segments[0] == "articles"
            ? (segments[1], Path.GetFileNameWithoutExtension(segments[2]).Normalize())
            : null;
    }

    /// <summary>The segments of a path relative to an article of <paramref name="language"/>, from the input folder (as written: percent-encoding kept).</summary>
    private static List<string>? Resolve(string language, string path)
    {
        var segments = new List<string> { "articles", language };
        foreach (var segment in path.Split('/'))
        {
            switch (segment)
            {
                case "" or ".":
                    break;
                case "..":
                    if (segments.Count == 0)
                    {
                        return null;
                    }

                    segments.RemoveAt(segments.Count - 1);
                    break;
                default:
                    segments.Add(segment);
                    break;
            }
        }

        return segments;
    }
}
