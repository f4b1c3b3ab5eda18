using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using ResearchSite.Markdown.Notes;

namespace ResearchSite.Markdown.Figures;

/// <summary>
/// Figures for Markdig: once a document is parsed, each paragraph that holds one image and nothing else
/// becomes an <see cref="ImageFigure"/>, numbered in document order; an image inside a sentence stays inline.
/// Notes keep their images inline (a note is a line of text, not a place for a figure).
/// </summary>
public sealed class FiguresExtension : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline)
    {
        pipeline.DocumentProcessed -= Convert;
        pipeline.DocumentProcessed += Convert;
    }

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is HtmlRenderer html && !html.ObjectRenderers.Contains<ImageFigureRenderer>())
        {
            html.ObjectRenderers.Insert(0, new ImageFigureRenderer());
        }
    }

    /// <summary>The figures of a parsed document, in order.</summary>
    public static IReadOnlyList<ImageFigure> Of(MarkdownDocument document) =>
        document.GetData(typeof(FiguresExtension)) as IReadOnlyList<ImageFigure> ?? [];

    private static void Convert(MarkdownDocument document)
    {
        var figures = new List<ImageFigure>();
        Walk(document, figures);
        document.SetData(typeof(FiguresExtension), figures);
    }

    private static void Walk(ContainerBlock container, List<ImageFigure> figures)
    {
        for (var i = 0; i < container.Count; i++)
        {
            switch (container[i])
            {
                case NoteDefinitionBlock or NoteBlock or NotesBlock:
                    break;
                case ContainerBlock child:
                    Walk(child, figures);
                    break;
                case ParagraphBlock paragraph when LoneImage(paragraph) is { } image:
                    var figure = new ImageFigure(null)
                    {
                        Number = figures.Count + 1,
                        Image = image,
                        Line = paragraph.Line,
                        Column = paragraph.Column,
                        Span = paragraph.Span,
                    };
                    // The image moves into the figure's own inline container (an inline belongs to one block).
                    image.Remove();
                    figure.Inline = new ContainerInline().AppendChild(image);
                    container[i] = figure;
                    figures.Add(figure);
                    break;
            }
        }
    }

    /// <summary>The image when it is all the paragraph holds (spaces and line breaks aside).</summary>
    private static LinkInline? LoneImage(ParagraphBlock paragraph)
    {
        LinkInline? image = null;
        for (var inline = paragraph.Inline?.FirstChild; inline is not null; inline = inline.NextSibling)
        {
            switch (inline)
            {
                case LinkInline { IsImage: true } link when image is null:
                    image = link;
                    break;
                case LiteralInline literal when literal.Content.IsEmptyOrWhitespace():
                case LineBreakInline:
                    break;
                default:
                    return null;
            }
        }

        return image;
    }
}
