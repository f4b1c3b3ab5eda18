using System.Globalization;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using ResearchSite.Images;

namespace ResearchSite.Markdown.Figures;

/// <summary>
/// A figure as HTML: <c>&lt;figure&gt;</c> with its id, a <c>&lt;picture&gt;</c> offering WebP and the original's
/// format in every width (<c>srcset</c> and <c>sizes</c>, so the browser picks one for the screen), the
/// size of the image (no layout shift), lazy loading for all but the first figure, and the caption after
/// the number. An SVG is an <c>&lt;img&gt;</c> only, never inlined: a script in it cannot run in the page.
/// </summary>
public sealed class ImageFigureRenderer : HtmlObjectRenderer<ImageFigure>
{
    protected override void Write(HtmlRenderer renderer, ImageFigure figure)
    {
        renderer.EnsureLine();
        renderer.Write("<figure class=\"figure\" id=\"").WriteEscape(figure.Id).Write("\">\n");
        var alt = figure.Decorative ? string.Empty : figure.Alt;
        if (figure.File is { } file && figure.Variants.Count > 0)
        {
            var webp = figure.Variants.Where(v => v.Format == "webp").ToList();
            var fallback = figure.Variants.Where(v => v.Format != "webp").ToList();
            var largest = fallback[^1];
            var src = fallback.LastOrDefault(v => v.Width <= 800) ?? fallback[0];
            renderer.Write("<picture>\n<source type=\"image/webp\" srcset=\"").WriteEscape(SrcSet(figure, webp))
                .Write("\" sizes=\"").Write(ImageVariants.Sizes).Write("\">\n");
            renderer.Write("<img src=\"").WriteEscapeUrl(figure.VariantHref(src.FileName))
                .Write("\" srcset=\"").WriteEscape(SrcSet(figure, fallback))
                .Write("\" sizes=\"").Write(ImageVariants.Sizes).Write('"');
            Size(renderer, largest.Width, largest.Height);
            End(renderer, figure, alt);
            renderer.Write("</picture>\n");
        }
        else
        {
            renderer.Write("<img src=\"").WriteEscapeUrl(figure.Href ?? figure.Image.Url ?? string.Empty).Write('"');
            if (figure.File is { } svg)
            {
                Size(renderer, svg.Width, svg.Height);
            }

            End(renderer, figure, alt);
        }

        renderer.Write("<figcaption><span class=\"figure-label\">").WriteEscape(figure.Label).Write("</span>");
        if (figure.Caption.Length > 0)
        {
            renderer.Write(' ').WriteEscape(figure.Caption);
        }

        renderer.Write("</figcaption>\n</figure>\n");
    }

    private static string SrcSet(ImageFigure figure, IEnumerable<ImageVariant> variants) =>
        string.Join(", ", variants.Select(v => $"{SrcSetUrl(figure.VariantHref(v.FileName))} {v.Width.ToString(CultureInfo.InvariantCulture)}w"));

    /// <summary>
    /// A URL as a candidate of a srcset, where whitespace ends the URL: whitespace, letters that are not
    /// ASCII (a study's folder may be Arabic) and the characters <c>src</c> escapes are percent-encoded (as
    /// UTF-8), as in <c>src</c>; escapes already there are kept. A comma inside the URL (the site's path may
    /// have one) is read as part of it, as only a URL's last characters may be taken for the separator,
    /// and never is one here (a variant's name ends the URL).
    /// </summary>
    internal static string SrcSetUrl(string url)
    {
        var text = new System.Text.StringBuilder(url.Length);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in url.EnumerateRunes())
        {
            if (rune.IsAscii && rune.Value > ' ' && rune.Value != 0x7F && rune.Value is not ('"' or '\'' or '<' or '>' or '\\' or '^' or '`' or '{' or '|' or '}'))
            {
                text.Append((char)rune.Value);
                continue;
            }

            foreach (var b in bytes[..rune.EncodeToUtf8(bytes)])
            {
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    private static void Size(HtmlRenderer renderer, int width, int height) =>
        renderer.Write(" width=\"").Write(width.ToString(CultureInfo.InvariantCulture)).Write("\" height=\"").Write(height.ToString(CultureInfo.InvariantCulture)).Write('"');

    private static void End(HtmlRenderer renderer, ImageFigure figure, string alt)
    {
        renderer.Write(" alt=\"").WriteEscape(alt).Write('"');
        if (figure.Lazy)
        {
            renderer.Write(" loading=\"lazy\" decoding=\"async\"");
        }

        renderer.Write(">\n");
    }
}
