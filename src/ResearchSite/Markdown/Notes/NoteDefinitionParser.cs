using Markdig.Helpers;
using Markdig.Parsers;
using Markdig.Syntax;

namespace ResearchSite.Markdown.Notes;

/// <summary>
/// Parses <c>[^label]: note</c> definitions at the top level, with indented continuation lines and
/// several paragraphs, like Markdig's footnotes; unlike them it keeps duplicates and uncited notes
/// so that <see cref="NotesProcessor"/> can report them.
/// </summary>
public sealed class NoteDefinitionParser : BlockParser
{
    public NoteDefinitionParser()
    {
        OpeningCharacters = ['['];
    }

    public override BlockState TryOpen(BlockProcessor processor)
    {
        if (processor.IsCodeIndent || processor.GetCurrentContainerOpened().GetType() != typeof(MarkdownDocument))
        {
            return BlockState.None;
        }

        var saved = processor.Column;
        var start = processor.Start;
        if (!LinkHelper.TryParseLabel(ref processor.Line, false, out var label, out _)
            || label is null
            || !label.StartsWith('^')
            || label.Length < 2
            || processor.CurrentChar != ':')
        {
            processor.GoToColumn(saved);
            return BlockState.None;
        }

        processor.Column += processor.Start - start;
        processor.NextChar();
        processor.NewBlocks.Push(new NoteDefinitionBlock(this)
        {
            Label = label[1..],
            Line = processor.LineIndex,
            Column = saved,
            Span = new SourceSpan(start, processor.Start),
        });
        return BlockState.Continue;
    }

    public override BlockState TryContinue(BlockProcessor processor, Block block)
    {
        var definition = (NoteDefinitionBlock)block;
        if (processor.IsBlankLine)
        {
            definition.IsLastLineEmpty = true;
            return BlockState.ContinueDiscard;
        }

        // An unindented line ends the note when it follows a blank line or starts the next note;
        // otherwise it is a lazy continuation of the note's paragraph.
        if (!processor.IsCodeIndent && (definition.IsLastLineEmpty || StartsDefinition(processor.Line)))
        {
            return BlockState.Break;
        }

        definition.IsLastLineEmpty = false;
        if (processor.IsCodeIndent)
        {
            processor.GoToCodeIndent();
        }

        return BlockState.Continue;
    }

    private static bool StartsDefinition(StringSlice line)
    {
        var text = line.AsSpan().TrimStart();
        if (!text.StartsWith("[^"))
        {
            return false;
        }

        var close = text.IndexOf(']');
        return close > 2 && close + 1 < text.Length && text[close + 1] == ':';
    }
}
