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

    public override BlockState TryOpen(BlockProcessor processor) => TryOpen(processor, isContinue: false);

    private BlockState TryOpen(BlockProcessor processor, bool isContinue)
    {
        var container = processor.GetCurrentContainerOpened();
        if (processor.IsCodeIndent
            || (!isContinue && container.GetType() != typeof(MarkdownDocument))
            || (isContinue && container is not NoteDefinitionBlock))
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
        if (processor.CurrentBlock is null || processor.CurrentBlock.IsBreakable)
        {
            if (processor.IsBlankLine)
            {
                definition.IsLastLineEmpty = true;
                return BlockState.ContinueDiscard;
            }

            if (processor.Column == 0)
            {
                if (definition.IsLastLineEmpty)
                {
                    processor.Close(definition);
                    return TryOpen(processor);
                }

                if (TryOpen(processor, isContinue: true) == BlockState.Continue)
                {
                    processor.Close(definition);
                    return BlockState.Continue;
                }
            }
        }

        definition.IsLastLineEmpty = false;
        if (processor.IsCodeIndent)
        {
            processor.GoToCodeIndent();
        }

        return BlockState.Continue;
    }
}
