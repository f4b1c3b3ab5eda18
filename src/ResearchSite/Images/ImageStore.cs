using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using NetVips;

namespace ResearchSite.Images;

/// <summary>libvips set up once per process for the build's use of it.</summary>
internal static class VipsSetup
{
    private static readonly Lazy<bool> Done = new(() =>
    {
        // The build encodes several images at once, one per core: libvips' own threads would only compete
        // with them, and its operation cache would keep decoded images the build never asks for again.
        NetVips.NetVips.Concurrency = 1;
        Cache.Max = 0;
        Cache.MaxMem = 0;
        Cache.MaxFiles = 0;
        return true;
    });

    public static void Ensure() => _ = Done.Value;
}

/// <summary>
/// Encodes figures' variants and social cards, each once: a file is kept in the cache folder under a key
/// made of what it is made from (the source's hash, the settings, the width and format; the card's text,
/// fonts and colours), so a build whose inputs did not change encodes nothing. The folder lies outside
/// output/ and survives it (on Netlify, its build cache). Without a folder, files are made every time.
/// </summary>
public sealed class ImageStore
{
    // How many encodings run at once: each holds a decoded image (up to some hundred megabytes for a
    // 12,000 px photo), so their number bounds the build's peak memory whatever the parallel loops around.
    private static readonly SemaphoreSlim Encoders = new(Math.Max(1, Environment.ProcessorCount));

    // Social cards of the same text drawn again in one process (tests, serve) come from memory.
    private static readonly ConcurrentDictionary<string, byte[]> Recent = new(StringComparer.Ordinal);

    public ImageStore(string? cacheDir, string themeDir)
    {
        CacheDir = cacheDir is null ? null : Path.GetFullPath(cacheDir);
        ThemeDir = themeDir;
    }

    /// <summary>The cache folder; null when nothing is kept between builds.</summary>
    public string? CacheDir { get; }

    public string ThemeDir { get; }

    /// <summary>How many files this store encoded (not taken from the cache): a rebuild with nothing changed makes none.</summary>
    public int Encoded => encoded;

    private int encoded;

    /// <summary>The bytes of one variant of <paramref name="image"/>, from the cache or encoded now.</summary>
    public byte[] Variant(ImageInfo image, ImageVariant variant) =>
        Cached("figures", VariantKey(image, variant), ImageVariants.Extension(variant.Format), () => Encode(image, variant));

    /// <summary>
    /// The bytes an image of input/assets is published with under /files/: a field photo's EXIF, GPS, XMP
    /// and IPTC would tell where and with what it was taken, so a JPEG, PNG, WebP or TIFF that carries any
    /// is saved again without them (colour profile kept); any other file, or an image without them, is
    /// published as it is.
    /// </summary>
    public byte[] Published(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var format = RasterFormat(bytes);
        if (format is null)
        {
            return bytes;
        }

        VipsSetup.Ensure();
        try
        {
            using var header = Image.NewFromBuffer(bytes);
            if (!header.GetFields().Any(f => f is "exif-data" or "xmp-data" or "iptc-data" || f.StartsWith("exif-ifd", StringComparison.Ordinal)))
            {
                return bytes;
            }

            var key = Key(Convert.ToHexStringLower(SHA256.HashData(bytes)), "published-1");
            return Cached("published", key, format, () =>
            {
                using var image = Image.NewFromBuffer(bytes, access: Enums.Access.Sequential);
                return format switch
                {
                    "jpg" => image.JpegsaveBuffer(q: 92, keep: Enums.ForeignKeep.Icc),
                    "png" => image.PngsaveBuffer(keep: Enums.ForeignKeep.Icc),
                    "webp" => image.WebpsaveBuffer(q: 90, keep: Enums.ForeignKeep.Icc),
                    _ => image.TiffsaveBuffer(keep: Enums.ForeignKeep.Icc),
                };
            });
        }
        catch (VipsException)
        {
            // Not an image libvips can read after all (the figure check reports a damaged figure): it
            // is published as the author gave it, as any other file is.
            return bytes;
        }
    }

    private static string? RasterFormat(ReadOnlySpan<byte> b) =>
        b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "jpg"
        : b.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]) ? "png"
        : b.Length > 12 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8) ? "webp"
        : b.StartsWith("II*\0"u8) || b.StartsWith("MM\0*"u8) ? "tif"
        : null;

    /// <summary>The cache key of a variant: what it is made of.</summary>
    public static string VariantKey(ImageInfo image, ImageVariant variant) =>
        Key(image.Hash, ImageVariants.Settings, variant.Width.ToString(System.Globalization.CultureInfo.InvariantCulture), variant.Format);

    /// <summary>A file kept under <paramref name="key"/>, made by <paramref name="make"/> when the cache does not have it.</summary>
    public byte[] Cached(string kind, string key, string extension, Func<byte[]> make)
    {
        var path = CacheDir is null ? null : Path.Combine(CacheDir, kind, key[..2], $"{key}.{extension}");
        if (path is not null)
        {
            try
            {
                return File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                // Not made yet.
            }
        }

        if (Recent.TryGetValue(key, out var known))
        {
            if (path is not null)
            {
                Store(path, known);
            }

            return known;
        }

        Encoders.Wait();
        byte[] bytes;
        try
        {
            bytes = make();
            Interlocked.Increment(ref encoded);
        }
        finally
        {
            Encoders.Release();
        }

        if (path is not null)
        {
            Store(path, bytes);
        }

        if (kind == SocialCard.CacheKind && Recent.Count < 512)
        {
            Recent[key] = bytes;
        }

        return bytes;
    }

    /// <summary>A cache key from its parts: a file name that changes with any of them.</summary>
    public static string Key(params string[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts))))[..40];

    private static void Store(string path, byte[] bytes)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // Written whole under another name, then renamed: a build stopped halfway leaves no torn file, and
            // two builds sharing the cache each see the file complete or not at all.
            var temporary = $"{path}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp";
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written costs time, never the build.
        }
    }

    private static byte[] Encode(ImageInfo image, ImageVariant variant)
    {
        VipsSetup.Ensure();
        // Thumbnail shrinks while it decodes (JPEG at 1/2, 1/4, 1/8), turns the image as its EXIF says, and
        // converts an embedded colour profile to sRGB; the save keeps no metadata (EXIF, GPS, XMP, IPTC, ICC).
        using var resized = Image.Thumbnail(image.Path, variant.Width, height: variant.Height + 1, size: Enums.Size.Down, outputProfile: "srgb");
        using var srgb = resized.Interpretation == Enums.Interpretation.Srgb || resized.Interpretation == Enums.Interpretation.Bw ? resized.Copy() : resized.Colourspace(Enums.Interpretation.Srgb);
        return variant.Format switch
        {
            "webp" => srgb.WebpsaveBuffer(q: 78, effort: 4, keep: Enums.ForeignKeep.None),
            "jpeg" => (srgb.HasAlpha() ? srgb.Flatten(background: [255, 255, 255]) : srgb).JpegsaveBuffer(q: 82, interlace: true, optimizeCoding: true, keep: Enums.ForeignKeep.None),
            _ => srgb.PngsaveBuffer(compression: 9, keep: Enums.ForeignKeep.None),
        };
    }
}
