using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using ResearchSite.Text;

namespace ResearchSite.Markdown.Headings;

/// <summary>A heading of an article body, with the id that links to it.</summary>
public sealed record Heading(int Level, string Id, string Text);

/// <summary>
/// Gives every heading a Unicode-preserving id, unique within the page; replaces Markdig's
/// auto-identifiers, which turn every Arabic heading into "section-N".
/// </summary>
public static class HeadingIdAssigner
{
    /// <summary>Ids for <paramref name="blocks"/>, none of them one of <paramref name="page"/>'s or <paramref name="rawHtml"/>'s.</summary>
    public static IReadOnlyList<Heading> Assign(IReadOnlyCollection<HeadingBlock> blocks, IReadOnlySet<string> page, IReadOnlySet<string> rawHtml)
    {
        // The page's ids are asked, not copied: the set is the theme's, the same for every article.
        var used = new HashSet<string>(blocks.Count, StringComparer.Ordinal);
        var headings = new List<Heading>(blocks.Count);
        foreach (var block in blocks)
        {
            var text = PlainText(block.Inline).Trim();
            var id = Slug.FromText(text);
            if (id.Length == 0)
            {
                id = "h";
            }

            var unique = id;
            for (var n = 2; page.Contains(unique) || rawHtml.Contains(unique) || !used.Add(unique); n++)
            {
                unique = $"{id}-{n}";
            }

            block.GetAttributes().Id = unique;
            headings.Add(new Heading(block.Level, unique, text));
        }

        return headings;
    }

    /// <summary>The text a reader sees, without markup or note markers.</summary>
    public static string PlainText(ContainerInline? container)
    {
        if (container is null)
        {
            return string.Empty;
        }

        // Asked for every heading, note and link: one builder per thread, and a walk by sibling links
        // (Markdig's Descendants() makes an iterator per level), in the same order.
        var builder = plainText ??= new System.Text.StringBuilder();
        builder.Clear();
        AppendPlainText(builder, container);
        var text = builder.ToString();
        if (builder.Capacity > 4096)
        {
            // A long first paragraph would otherwise stay allocated for the rest of the build.
            builder.Clear().Capacity = 4096;
        }

        return text;
    }

    [ThreadStatic]
    private static System.Text.StringBuilder? plainText;

    private static void AppendPlainText(System.Text.StringBuilder builder, ContainerInline container)
    {
        for (var inline = container.FirstChild; inline is not null; inline = inline.NextSibling)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    builder.Append(literal.Content.AsSpan());
                    break;
                case CodeInline code:
                    builder.Append(code.Content);
                    break;
                case LineBreakInline:
                    builder.Append(' ');
                    break;
                case ContainerInline child:
                    AppendPlainText(builder, child);
                    break;
            }
        }
    }
}
