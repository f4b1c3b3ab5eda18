using Markdig.Parsers;
using Markdig.Syntax;

namespace ResearchSite.Markdown;

/// <summary>Markdown or HTML nested deeper than the build renders, found at a line of the parsed text (0-based).</summary>
public sealed class NestingTooDeepException(int line, int column, string message) : Exception(message)
{
    public int Line { get; } = line;

    public int Column { get; } = column;

    /// <summary>The same problem, for text that starts <paramref name="lines"/> lines further down.</summary>
    public NestingTooDeepException Shifted(int lines) => new(Line + lines, Column, Message);
}

/// <summary>
/// Stops Markdown that nests lists, quotes and figures too deep at the line where it does. Markdig
/// checks its own nesting limit only once the whole text is parsed, and parsing a deep list costs the
/// depth times the indentation on every line: a 2,000-deep list took 20 s before its error.
/// Tried before the parsers that open containers, it refuses to let one open past the limit.
/// </summary>
public sealed class NestingGuard : BlockParser
{
    /// <summary>Containers (a list and its item are two) one inside the other; a 100-deep list still renders.</summary>
    public const int MaximumDepth = 200;

    public NestingGuard()
    {
        // What opens a container: quotes, bullets, ordered-list numbers, figures.
        OpeningCharacters = ['>', '-', '+', '*', '^', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
    }

    public override BlockState TryOpen(BlockProcessor processor)
    {
        var depth = 0;
        for (Block? block = processor.CurrentContainer; block is not null and not MarkdownDocument; block = block.Parent)
        {
            depth++;
        }

        if (depth >= MaximumDepth)
        {
            throw new NestingTooDeepException(
                processor.LineIndex,
                processor.Column,
                $"lists, list items and quotes are nested more than {MaximumDepth} levels deep here, which cannot be rendered: flatten the nesting.");
        }

        return BlockState.None;
    }
}
