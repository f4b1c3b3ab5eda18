using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace ResearchSite.Markdown;

/// <summary>
/// A walk of a syntax tree by sibling links, in document order: Markdig's Descendants() makes an iterator
/// per level, and the notes and every source of an archive's lists are walked on each study.
/// </summary>
internal static class SyntaxWalk
{
    /// <summary>
    /// Calls <paramref name="block"/> for <paramref name="root"/> and every block under it, and <paramref name="inline"/>
    /// for every inline of their text. A leaf's own container of inlines is not a node of the text
    /// (Descendants() skips it too); the inlines inside a link or an emphasis are.
    /// </summary>
    public static void Visit(Block root, Action<Block>? block, Action<Inline> inline)
    {
        block?.Invoke(root);
        if (root is ContainerBlock container)
        {
            foreach (var child in container)
            {
                Visit(child, block, inline);
            }
        }
        else if (root is LeafBlock { Inline: { } inlines })
        {
            Visit(inlines, inline);
        }
    }

    private static void Visit(ContainerInline container, Action<Inline> inline)
    {
        for (var node = container.FirstChild; node is not null; node = node.NextSibling)
        {
            inline(node);
            if (node is ContainerInline child)
            {
                Visit(child, inline);
            }
        }
    }
}
