using Markdig;
using Markdig.Parsers;
using Markdig.Parsers.Inlines;
using Markdig.Renderers;

namespace ResearchSite.Markdown.Notes;

/// <summary>Both footnote conventions in, one hover-reference markup out.</summary>
/// <param name="definitions">Whether <c>[^label]: note</c> definitions are parsed: not in the content of a note.</param>
public sealed class NotesExtension(bool definitions) : IMarkdownExtension
{
    public NotesExtension()
        : this(definitions: true)
    {
    }

    public void Setup(MarkdownPipelineBuilder pipeline)
    {
        if (definitions && !pipeline.BlockParsers.Contains<NoteDefinitionParser>())
        {
            pipeline.BlockParsers.InsertBefore<ParagraphBlockParser>(new NoteDefinitionParser());
        }

        if (!pipeline.InlineParsers.Contains<NoteReferenceParser>())
        {
            pipeline.InlineParsers.InsertBefore<LinkInlineParser>(new NoteReferenceParser());
        }
    }

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is HtmlRenderer html)
        {
            html.ObjectRenderers.AddIfNotAlready<NoteReferenceRenderer>();
            html.ObjectRenderers.AddIfNotAlready<NotesBlockRenderer>();
        }
    }
}
