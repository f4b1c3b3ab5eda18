namespace ResearchSite.Images;

/// <summary>One file made of a figure's image: a width in one format.</summary>
/// <param name="FileName">Its name beside the study's page (<see cref="Pages.Routes.FigureFile"/>).</param>
/// <param name="Width">Its width in pixels.</param>
/// <param name="Height">Its height in pixels.</param>
/// <param name="Format">What it is encoded as: <c>webp</c>, <c>jpeg</c> or <c>png</c>.</param>
public sealed record ImageVariant(string FileName, int Width, int Height, string Format)
{
    public string MediaType => "image/" + Format;
}

/// <summary>
/// Which variants a raster image gets: the widths that fit the theme's column on phones and desktops, at
/// 1× and 2× (never wider than the original: nothing is upscaled), in WebP and in the original's kind
/// as the fallback (JPEG for photos, PNG for drawings with sharp edges or transparency).
/// </summary>
/// <remarks>
/// AVIF is left out on purpose: libvips encodes it some ten times slower than WebP (AV1), which a
/// 1,000-study archive with three figures each pays on every cold cache (Netlify's first build), for
/// files about a fifth smaller.
/// </remarks>
public static class ImageVariants
{
    /// <summary>The widths made: a phone's column (1×, 2×), the desktop column (1×, 2×).</summary>
    public static readonly IReadOnlyList<int> Widths = [480, 800, 1200, 1600];

    /// <summary>
    /// How wide the figure is shown, for the browser to pick a width before it has the stylesheet: the
    /// article column (<c>--measure: 42rem</c> in theme/assets/site.css; rem, so the larger text of Arabic
    /// pages does not widen it) once the screen holds it and the page's margins (1rem each side), the
    /// screen less those margins below that. A browser test measures both against the page.
    /// </summary>
    public const string Sizes = "(min-width: 44rem) 42rem, calc(100vw - 2rem)";

    /// <summary>Bumped when encoding changes, so that the cache makes new files rather than serve old ones.</summary>
    public const string Settings = "v1;webp q78;jpeg q82 progressive;png 9;srgb;no metadata";

    /// <summary>The widths for an image <paramref name="width"/> pixels wide, smallest first.</summary>
    public static IReadOnlyList<int> WidthsFor(int width) =>
        Widths.Where(w => w < width).Append(Math.Min(width, Widths[^1])).Distinct().ToList();

    /// <summary>The fallback format of a raster image: what browsers without WebP get.</summary>
    public static string FallbackFormat(ImageInfo image) =>
        image.Format == ImageFormat.Jpeg || (!image.HasAlpha && image.Format is ImageFormat.Webp or ImageFormat.Avif) ? "jpeg" : "png";

    /// <summary>Every variant of a raster image, for the figure <paramref name="number"/>: WebP first, then the fallback.</summary>
    public static IReadOnlyList<ImageVariant> For(ImageInfo image, int number)
    {
        var variants = new List<ImageVariant>();
        foreach (var format in new[] { "webp", FallbackFormat(image) })
        {
            foreach (var width in WidthsFor(image.Width))
            {
                var height = Math.Max(1, (int)Math.Round((double)image.Height * width / image.Width));
                variants.Add(new ImageVariant(Pages.Routes.FigureFile(number, width, Extension(format)), width, height, format));
            }
        }

        return variants;
    }

    public static string Extension(string format) => format == "jpeg" ? "jpg" : format;
}
