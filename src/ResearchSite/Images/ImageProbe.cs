using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ResearchSite.Content;

namespace ResearchSite.Images;

/// <summary>What a file's bytes say it is (never its extension).</summary>
public enum ImageFormat
{
    Jpeg,
    Png,
    Gif,
    Webp,
    Avif,
    Svg,
}

/// <summary>
/// An image file of the input as the build found it: its format (from its bytes), its size as shown
/// (EXIF rotation applied), whether it has transparency, and the hash of its bytes, which keys every
/// variant made of it in the cache.
/// </summary>
public sealed record ImageInfo(string Path, ImageFormat Format, int Width, int Height, bool HasAlpha, string Hash, FileStamp Stamp)
{
    public bool IsVector => Format == ImageFormat.Svg;
}

/// <summary>
/// Reads what the build needs to know of an image before anything is encoded: its header only, once per
/// file and stamp (articles in several languages show the same images, and `serve` renders again often).
/// </summary>
public static partial class ImageProbe
{
    /// <summary>Larger files are refused: a figure is for reading on a screen, not an archive of the original.</summary>
    public const long MaxBytes = 20L * 1024 * 1024;

    /// <summary>Wider or taller images are refused: decoding one would take gigabytes.</summary>
    public const int MaxSide = 12_000;

    private static readonly ConcurrentDictionary<(string Path, FileStamp Stamp), (ImageInfo? Info, string? Problem)> Known = new();

    /// <summary>Bumped when the checks change, so that images the index knows as checked are checked again.</summary>
    private const string Checks = "3";

    /// <summary>
    /// The image at <paramref name="path"/>, or why it cannot be a figure (a message saying what to do). An
    /// image <paramref name="index"/> knows by its stamp as checked is not read again.
    /// </summary>
    public static (ImageInfo? Info, string? Problem) Probe(string path, ImageIndex? index = null)
    {
        var stamp = FileStamp.Of(path);
        return Known.GetOrAdd((path, stamp), key => Indexed(key.Path, key.Stamp, index) is { } known ? (known, null) : Read(key.Path, key.Stamp, index));
    }

    private static ImageInfo? Indexed(string path, FileStamp stamp, ImageIndex? index)
    {
        if (index?.Find(ImageIndex.Kinds.Source, ImageIndex.SourceKey(path)) is not { } f || !ImageIndex.Matches(f, stamp) || f[2] != Checks
            || !Enum.TryParse<ImageFormat>(f[4], out var format)
            || !int.TryParse(f[5], CultureInfo.InvariantCulture, out var width) || !int.TryParse(f[6], CultureInfo.InvariantCulture, out var height))
        {
            return null;
        }

        return new ImageInfo(path, format, width, height, f[7] == "1", f[3], stamp);
    }

    private static (ImageInfo? Info, string? Problem) Read(string path, FileStamp stamp, ImageIndex? index)
    {
        if (stamp.Length > MaxBytes)
        {
            return (null, $"it is {stamp.Length / (1024.0 * 1024.0):0.#} MB, more than the {MaxBytes / (1024 * 1024)} MB a figure may have; save it smaller (e.g. as a JPEG of at most {MaxSide} px a side).");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"it cannot be read ({e.Message}).");
        }

        if (Sniff(bytes) is not { } format)
        {
            return (null, "its content is not an image (JPEG, PNG, GIF, WebP, AVIF or SVG), whatever its name says; export it again as one of these.");
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        try
        {
            VipsSetup.Ensure();
            using var image = NetVips.Image.NewFromBuffer(bytes, access: NetVips.Enums.Access.Sequential);
            var (width, height) = format == ImageFormat.Svg ? CssSize(bytes, image.Width, image.Height) : (image.Width, image.Height);
            if (image.Contains("orientation") && image.Get("orientation") is int orientation and >= 5 and <= 8)
            {
                // EXIF rotations by a quarter turn, in whatever format carries them (JPEG, WebP, PNG, AVIF): libvips
                // reads the same field for each and turns every variant by it, so the size shown is the turned one.
                (width, height) = (height, width);
            }

            if (width > MaxSide || height > MaxSide)
            {
                return (null, $"it is {width} × {height} px, more than the {MaxSide} px a side a figure may have; scale it down.");
            }

            if (format != ImageFormat.Svg && Damage(bytes) is { } damage)
            {
                return (null, $"it is {Name(format)} whose pixels are damaged or cut short ({damage}); export or copy it again from the original.");
            }

            var info = new ImageInfo(path, format, width, height, image.HasAlpha(), hash, stamp);
            index?.Add(ImageIndex.Kinds.Source, ImageIndex.SourceKey(path), [.. ImageIndex.Fields(stamp), Checks, hash, format.ToString(), width.ToString(CultureInfo.InvariantCulture), height.ToString(CultureInfo.InvariantCulture), info.HasAlpha ? "1" : "0"]);
            return (info, null);
        }
        catch (NetVips.VipsException e)
        {
            return (null, $"it cannot be read as {Name(format)} ({FirstLine(e.Message)}); export it again.");
        }
    }

    /// <summary>
    /// What is wrong with a raster image's pixels, or null: its header may be sound and the rest cut short
    /// or garbage (a copy stopped halfway), which only decoding every pixel tells. Done once per file stamp.
    /// </summary>
    private static string? Damage(byte[] bytes)
    {
        try
        {
            // Failing on the decoders' warnings too: a JPEG's garbage data is only a warning to libjpeg.
            using var image = NetVips.Image.NewFromBuffer(bytes, access: NetVips.Enums.Access.Sequential, failOn: NetVips.Enums.FailOn.Warning);
            _ = image.Min();
            return null;
        }
        catch (NetVips.VipsException e)
        {
            // The first line names only the operation ("unable to call min"); the decoder's own words follow.
            var lines = e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return lines.Skip(1).FirstOrDefault() ?? FirstLine(e.Message);
        }
    }

    /// <summary>The format the bytes start with, or null for anything else.</summary>
    public static ImageFormat? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return ImageFormat.Jpeg;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ImageFormat.Png;
        }

        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8))
        {
            return ImageFormat.Gif;
        }

        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
        {
            return ImageFormat.Webp;
        }

        if (bytes.Length >= 12 && bytes[4..8].SequenceEqual("ftyp"u8) && (bytes[8..12].SequenceEqual("avif"u8) || bytes[8..12].SequenceEqual("avis"u8)))
        {
            return ImageFormat.Avif;
        }

        var head = Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 4096)]);
        return SvgStart().IsMatch(head) ? ImageFormat.Svg : null;
    }

    public static string Name(ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => "a JPEG",
        ImageFormat.Png => "a PNG",
        ImageFormat.Gif => "a GIF",
        ImageFormat.Webp => "a WebP",
        ImageFormat.Avif => "an AVIF",
        _ => "an SVG",
    };

    /// <summary>
    /// An SVG's size as a browser gives it. libvips measures a length in physical units (Inkscape's pages are in
    /// mm, print exports in pt) at 72 pixels to the inch, CSS at 96: the page would hold the drawing at three
    /// quarters of its size. Lengths in px, without a unit or from the viewBox are the same for both.
    /// </summary>
    private static (int Width, int Height) CssSize(byte[] bytes, int width, int height)
    {
        var root = SvgRoot().Match(Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 8192)]));
        int Scaled(string attribute, int measured)
        {
            var length = root.Success ? Regex.Match(root.Value, $@"\s{attribute}\s*=\s*[""']\s*([0-9]*\.?[0-9]+)\s*(in|cm|mm|pt|pc)\s*[""']", RegexOptions.IgnoreCase) : Match.Empty;
            if (!length.Success || !double.TryParse(length.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return measured;
            }

            var perUnit = length.Groups[2].Value.ToLowerInvariant() switch
            {
                "in" => 96.0,
                "cm" => 96.0 / 2.54,
                "mm" => 96.0 / 25.4,
                "pt" => 96.0 / 72.0,
                _ => 16.0,
            };
            return Math.Max(1, (int)Math.Round(value * perUnit));
        }

        return (Scaled("width", width), Scaled("height", height));
    }

    private static string FirstLine(string message) => message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? message;

    // An XML declaration, comments, processing instructions and a doctype (with the internal subset of
    // entities design tools write) may come before the root; the root must be <svg>.
    // The root element's start tag.
    [GeneratedRegex(@"<svg[\s>/][^>]*>", RegexOptions.Singleline)]
    private static partial Regex SvgRoot();

    [GeneratedRegex(@"\A\uFEFF?\s*(<\?xml[^>]*\?>\s*)?((<!--.*?-->|<\?.*?\?>|<!DOCTYPE[^>\[]*(\[.*?\])?\s*>)\s*)*<svg[\s>/]", RegexOptions.Singleline)]
    private static partial Regex SvgStart();
}
