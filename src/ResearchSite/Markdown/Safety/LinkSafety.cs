using Markdig.Syntax.Inlines;
using ResearchSite.Diagnostics;

namespace ResearchSite.Markdown.Safety;

/// <summary>Markdown links, autolinks and images go through <see cref="UrlPolicy"/>; what it refuses is removed with a warning.</summary>
public static class LinkSafety
{
    /// <summary>Removes unsafe links and returns the links that stay (autolinks among them, as links).</summary>
    public static IReadOnlyList<LinkInline> Check(DocumentNodes nodes, string file, int firstBodyLine, DiagnosticBag diagnostics)
    {
        var kept = new List<LinkInline>(nodes.Links.Count + nodes.Autolinks.Count);
        foreach (var link in nodes.Links.Concat(nodes.Autolinks.Select(ToLink)).Where(IsInDocument))
        {
            // Reference links may compute their URL late; what the page gets is what is checked.
            var url = link.GetDynamicUrl?.Invoke() ?? link.Url;
            link.GetDynamicUrl = null;
            link.Url = url;
            if (link.IsImage && UrlPolicy.IsOtherSite(url))
            {
                diagnostics.Error(file, firstBodyLine + link.Line, link.Column + 1, $"the image '{UrlPolicy.Describe(url!)}': {UrlPolicy.OtherSiteImage}.");
            }

            if (UrlPolicy.IsAllowed(url))
            {
                kept.Add(link);
                continue;
            }

            var what = link.IsImage ? "the image" : "the link to";
            diagnostics.Warning(file, firstBodyLine + link.Line, link.Column + 1, $"{what} '{UrlPolicy.Describe(url!)}' was removed: {UrlPolicy.Allowed}.");
            link.Url = null;
            if (link.IsImage)
            {
                link.Remove();
                continue;
            }

            foreach (var child in link.ToList())
            {
                child.Remove();
                link.InsertBefore(child);
            }

            link.Remove();
        }

        return kept;
    }

    // Links inside raw HTML dropped with its content (an inline <script>…</script>) are no links of the page.
    private static bool IsInDocument(Inline inline)
    {
        var top = inline;
        while (top.Parent is { } parent)
        {
            top = parent;
        }

        return top is ContainerInline { ParentBlock: not null };
    }

    /// <summary>
    /// Markdig writes <c>&lt;scheme:…&gt;</c> autolinks with a renderer of their own, past every check
    /// of links; made links here, they get the same checks and the same markup as every other link.
    /// </summary>
    private static LinkInline ToLink(AutolinkInline autolink)
    {
        var link = new LinkInline(autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url, string.Empty)
        {
            IsAutoLink = true,
            IsClosed = true,
            Line = autolink.Line,
            Column = autolink.Column,
            Span = autolink.Span,
        };
        link.AppendChild(new LiteralInline(autolink.Url) { Line = autolink.Line, Column = autolink.Column, Span = autolink.Span });
        autolink.ReplaceBy(link);
        return link;
    }
}
