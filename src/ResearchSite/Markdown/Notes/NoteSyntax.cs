using Markdig.Parsers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace ResearchSite.Markdown.Notes;

/// <summary>Which authoring convention a reference or note came from; their labels never mix.</summary>
public enum NoteConvention
{
    /// <summary><c>text[^label]</c> and <c>[^label]: note</c>.</summary>
    Markdown,

    /// <summary>The archive's <c>[1]</c> markers and a closing <c>المصادر</c> list.</summary>
    Legacy,
}

/// <summary>A place in the text that cites a note.</summary>
public sealed class NoteReferenceInline : LeafInline
{
    public required string Label { get; init; }

    public required NoteConvention Convention { get; init; }

    /// <summary>Set by <see cref="NotesProcessor"/>: the note cited, and which of its citations this is (0 = a).</summary>
    public NoteBlock? Note { get; set; }

    public int CitationIndex { get; set; }
}

/// <summary>A <c>[^label]: …</c> definition, holding the note's blocks until they move into the notes list.</summary>
public sealed class NoteDefinitionBlock(BlockParser parser) : ContainerBlock(parser)
{
    public required string Label { get; init; }

    public bool IsLastLineEmpty { get; set; }
}

/// <summary>One note of the notes list, numbered in order of first citation.</summary>
public sealed class NoteBlock() : ContainerBlock(null)
{
    public required int Number { get; init; }

    public required string DisplayNumber { get; init; }

    public List<NoteReferenceInline> Citations { get; } = [];
}

/// <summary>The notes list at the end of an article; titled in the page's language.</summary>
public sealed class NotesBlock() : ContainerBlock(null)
{
    public required NoteLabels Labels { get; init; }
}

/// <summary>The words the notes markup needs in the article's language.</summary>
public sealed record NoteLabels(string Title, string NoteWord, string BackTo, string? ListStyle);
