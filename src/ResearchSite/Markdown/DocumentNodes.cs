using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace ResearchSite.Markdown;

/// <summary>
/// The nodes later steps need, gathered in one walk of the document: Markdig's Descendants() is an
/// iterator per level, and walking a long study seven times cost more than parsing it.
/// </summary>
public sealed class DocumentNodes
{
    public List<HeadingBlock> Headings { get; } = [];

    public List<LinkInline> Links { get; } = [];

    /// <summary><c>&lt;scheme:…&gt;</c> and <c>&lt;name@host&gt;</c> autolinks, which Markdig keeps apart from links.</summary>
    public List<AutolinkInline> Autolinks { get; } = [];

    /// <summary>Raw HTML, blocks (<see cref="HtmlBlock"/>) and tags (<see cref="HtmlInline"/>), in document order.</summary>
    public List<MarkdownObject> RawHtml { get; } = [];

    public List<Markdig.Extensions.Tables.Table> Tables { get; } = [];

    /// <summary>The words of the text: runs of letters or digits, in any script, counted where the walk passes.</summary>
    public int Words { get; private set; }

    public static DocumentNodes Collect(ContainerBlock root)
    {
        var nodes = new DocumentNodes();
        nodes.Walk(root);
        return nodes;
    }

    private void Walk(Block block)
    {
        switch (block)
        {
            case ContainerBlock container:
                if (container is Markdig.Extensions.Tables.Table table)
                {
                    Tables.Add(table);
                }

                foreach (var child in container)
                {
                    Walk(child);
                }

                break;
            case HtmlBlock html:
                RawHtml.Add(html);
                break;
            case LeafBlock leaf:
                if (leaf is HeadingBlock heading)
                {
                    Headings.Add(heading);
                }

                if (leaf.Inline is not null)
                {
                    Walk(leaf.Inline);
                }

                break;
        }
    }

    private void Walk(ContainerInline container)
    {
        for (var inline = container.FirstChild; inline is not null; inline = inline.NextSibling)
        {
            switch (inline)
            {
                case LinkInline link:
                    Links.Add(link);
                    break;
                case AutolinkInline autolink:
                    Autolinks.Add(autolink);
                    break;
                case HtmlInline html:
                    RawHtml.Add(html);
                    break;
                case LiteralInline literal:
                    Words += CountWords(literal.Content.AsSpan());
                    break;
                case CodeInline code:
                    Words += CountWords(code.ContentSpan);
                    break;
            }

            if (inline is ContainerInline child)
            {
                Walk(child);
            }
        }
    }

    // Marks (Arabic diacritics) and joiners stay inside a word; anything else that is not a letter or digit
    // ends it. Every character of every study is asked: a table of the 65,536 answers (8 KB) asked once each.
    private static readonly System.Collections.BitArray WordChars = new(Enumerable.Range(0, char.MaxValue + 1)
        .Select(i => (char)i)
        .Select(c => char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.Format)
        .ToArray());

    private static int CountWords(ReadOnlySpan<char> text)
    {
        var words = 0;
        var inWord = false;
        var table = WordChars;
        foreach (var c in text)
        {
            var wordChar = table[c];
            if (wordChar && !inWord)
            {
                words++;
            }

            inWord = wordChar;
        }

        return words;
    }
}
