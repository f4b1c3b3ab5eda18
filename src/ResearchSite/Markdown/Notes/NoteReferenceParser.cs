using Markdig.Helpers;
using Markdig.Parsers;

namespace ResearchSite.Markdown.Notes;

/// <summary>
/// Parses both kinds of reference: <c>[^label]</c> and the archive's bare <c>[12]</c>.
/// Runs before Markdig's link parser so that <c>[12]</c> is not left as literal text; a bracketed
/// number that is a link's text (<c>[1](url)</c>, <c>[1][ref]</c>) is left to the link parser.
/// </summary>
public sealed class NoteReferenceParser : InlineParser
{
    public NoteReferenceParser()
    {
        OpeningCharacters = ['['];
    }

    public override bool Match(InlineProcessor processor, ref StringSlice slice)
    {
        var text = slice.Text;
        var start = slice.Start;
        var i = start + 1;
        var convention = NoteConvention.Legacy;
        if (i <= slice.End && text[i] == '^')
        {
            convention = NoteConvention.Markdown;
            i++;
        }

        var labelStart = i;
        while (i <= slice.End && i - labelStart <= 100 && IsLabelChar(text[i], convention))
        {
            i++;
        }

        if (i == labelStart || i > slice.End || text[i] != ']')
        {
            return false;
        }

        var next = i + 1 <= slice.End ? text[i + 1] : '\0';
        if (next is '(' or '[' || (next == ':' && convention == NoteConvention.Legacy))
        {
            return false;
        }

        processor.GetSourcePosition(start, out var line, out var column);
        processor.Inline = new NoteReferenceInline
        {
            Label = text.Substring(labelStart, i - labelStart),
            Convention = convention,
            Span = new Markdig.Syntax.SourceSpan(start, i),
            Line = line,
            Column = column,
        };
        slice.Start = i + 1;
        return true;
    }

    private static bool IsLabelChar(char c, NoteConvention convention) =>
        convention == NoteConvention.Legacy
            ? c is >= '0' and <= '9'
            : !char.IsWhiteSpace(c) && c is not ('[' or ']' or '^');
}
