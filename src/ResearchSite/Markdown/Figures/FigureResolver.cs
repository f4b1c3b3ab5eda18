using ResearchSite.Content;
using ResearchSite.Diagnostics;
using ResearchSite.Images;

namespace ResearchSite.Markdown.Figures;

/// <summary>
/// Finds each figure's image among the input's assets (its URL already the site's: <c>../../assets/x.png</c>
/// and <c>/files/x.png</c> are the same file) and checks it, with the line: the file must exist and be an
/// image by its bytes, within the size limits, and the figure must have alt text or be marked decorative.
/// A raster image gets its variants' names; an SVG is published as it is, from /files/.
/// </summary>
public static class FigureResolver
{
    /// <summary>The figures as the site keeps them, and the (line, column) of those whose file is missing (reported here, not again by the link check).</summary>
    public static (IReadOnlyList<RenderedFigure> Figures, IReadOnlySet<(int Line, int Column)> Reported) Resolve(
        IReadOnlyList<ImageFigure> figures, SourceDocument source, ArticleRenderContext context, DiagnosticBag diagnostics)
    {
        var rendered = new List<RenderedFigure>(figures.Count);
        var reported = new HashSet<(int, int)>();
        var filesPrefix = context.Links.BasePath + Pages.Routes.InputFile(string.Empty);
        var page = context.Links.BasePath + Pages.Routes.Article(source.Language, source.Slug);
        foreach (var figure in figures)
        {
            var line = source.BodyStartLine + figure.Image.Line;
            var column = figure.Image.Column + 1;
            figure.Label = $"{context.FigureWord} {context.FormatNumber(figure.Number)}";
            figure.Lazy = figure.Number > 1;
            figure.VariantHref = name => page + name;
            var url = figure.Image.Url;
            if (figure.Alt.Length == 0)
            {
                diagnostics.Error(source.File, line, column, $"the figure '{url}' has no alt text: say in the brackets what it shows (![a map of the border crossings](…)), or write ![{ImageFigure.DecorativeMarker}](…) when it only decorates.");
            }

            // A URL the safety filter removed (a data: image pasted from Word, a file: path) was only warned about
            // there, as any link is; a figure of it would be published around an empty image, so it is an error here.
            if (url is null)
            {
                diagnostics.Error(source.File, line, column, "the figure's image was removed (see the warning at this line): a figure can only show a file of assets/; save the image into input/assets/ (e.g. assets/figures/map.png) and write its path from this file (../../assets/figures/map.png).");
                rendered.Add(new RenderedFigure(figure.Number, figure.Id, figure.Label, figure.Caption, null, []));
                continue;
            }

            // An image of another site was reported already, as an error. (Any other scheme the filter lets through,
            // mailto:, is no file of assets/ below.)
            if (Safety.UrlPolicy.IsOtherSite(url))
            {
                rendered.Add(new RenderedFigure(figure.Number, figure.Id, figure.Label, figure.Caption, null, []));
                continue;
            }

            var path = url.Split('#', '?')[0];
            var name = path.StartsWith(filesPrefix, StringComparison.Ordinal) ? Uri.UnescapeDataString(path[filesPrefix.Length..]).Normalize() : null;
            if (name is not null && context.Links.RefusedAssets.Contains(name))
            {
                // The file is there, refused at its own line; the link rewriter said so at this one.
                rendered.Add(new RenderedFigure(figure.Number, figure.Id, figure.Label, figure.Caption, null, []));
                continue;
            }

            if (name is null || !context.Links.Assets.TryGetValue(name, out var file))
            {
                reported.Add((line, column));
                diagnostics.Error(source.File, line, column, $"the figure's image '{url}' is no file of assets/: put it in input/assets/ (e.g. assets/figures/map.png) and write its path from this file (../../assets/figures/map.png) or from the site (/files/figures/map.png).");
                rendered.Add(new RenderedFigure(figure.Number, figure.Id, figure.Label, figure.Caption, null, []));
                continue;
            }

            var (image, problem) = ImageProbe.Probe(file, context.ImageIndex);
            if (image is null)
            {
                diagnostics.Error(source.File, line, column, $"the figure's image '{name}' cannot be published: {problem}");
                rendered.Add(new RenderedFigure(figure.Number, figure.Id, figure.Label, figure.Caption, null, []));
                continue;
            }

            figure.File = image;
            figure.Href = path;
            figure.Variants = image.IsVector ? [] : ImageVariants.For(image, figure.Number);
            rendered.Add(new RenderedFigure(figure.Number, figure.Id, figure.Label, figure.Caption, image, figure.Variants) { Place = (line, column) });
        }

        return (rendered, reported);
    }
}
