using Markdig.Parsers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using ResearchSite.Images;

namespace ResearchSite.Markdown.Figures;

/// <summary>
/// An image alone in its paragraph (<c>![alt](path "Caption")</c>): a numbered figure with a caption. The
/// node replaces the paragraph and keeps its inlines (the image is its only link), so that every renderer
/// of the document (the site's HTML, the PDF's) meets it as one figure: what the author wrote (number, id,
/// alt text, caption) from the parse, and once <see cref="FigureResolver"/> ran, the image file and its variants.
/// </summary>
public sealed class ImageFigure(BlockParser? parser) : LeafBlock(parser)
{
    /// <summary>Alt text that marks a figure as decorative: it gets an empty <c>alt</c>, and screen readers pass over it.</summary>
    public const string DecorativeMarker = "decorative";

    /// <summary>Its number in the study, from 1.</summary>
    public int Number { get; init; }

    /// <summary>Its id on the page (<see cref="Pages.Routes.FigureId"/>).</summary>
    public string Id => Pages.Routes.FigureId(Number);

    /// <summary>The image, as Markdig parsed it (its URL rewritten to the site's once links are resolved).</summary>
    public required LinkInline Image { get; init; }

    /// <summary>The alt text as written; empty when the author gave none.</summary>
    public string Alt => Headings.HeadingIdAssigner.PlainText(Image).Trim();

    /// <summary>Whether the author marked the image as decorative (<see cref="DecorativeMarker"/>).</summary>
    public bool Decorative => Alt.Equals(DecorativeMarker, StringComparison.OrdinalIgnoreCase);

    /// <summary>The caption: the image's title; empty when it has none.</summary>
    public string Caption => Image.Title?.Trim() ?? string.Empty;

    /// <summary>The number as the caption starts it ("Figure 1", "شكل ١").</summary>
    public string Label { get; set; } = string.Empty;

    /// <summary>The image file, once resolved; null when it is missing or no image (an error was reported).</summary>
    public ImageInfo? File { get; set; }

    /// <summary>The URL of the image as published (an SVG's; a raster image's original under /files/).</summary>
    public string? Href { get; set; }

    /// <summary>The sizes and formats made of a raster image (none for an SVG).</summary>
    public IReadOnlyList<ImageVariant> Variants { get; set; } = [];

    /// <summary>The URL of each variant, by file name (beside the study's page).</summary>
    public Func<string, string> VariantHref { get; set; } = name => name;

    /// <summary>Whether the browser may wait to load it until it nears the screen (all figures but the first).</summary>
    public bool Lazy { get; set; }
}

/// <summary>A figure as the site model keeps it once rendered: its id, words and the files made of it.</summary>
/// <param name="Number">Its number in the study.</param>
/// <param name="Id">Its id on the page.</param>
/// <param name="Label">"Figure 1" in the study's language and digits.</param>
/// <param name="Caption">The caption, or empty.</param>
/// <param name="Image">The image file (null when it was in error).</param>
/// <param name="Variants">What is written beside the study's page: each width and format (none for an SVG).</param>
public sealed record RenderedFigure(int Number, string Id, string Label, string Caption, ImageInfo? Image, IReadOnlyList<ImageVariant> Variants)
{
    /// <summary>The image's line and column in the study's file, for an error that only writing its variants finds.</summary>
    public (int Line, int Column) Place { get; init; }
}
