using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using NetVips;
using ResearchSite.Content;

namespace ResearchSite.Images;

/// <summary>
/// libvips failed to make a file of the cache (a figure's variant, an image's copy without metadata, a card):
/// the image it was made from (null for a card, which is drawn) and libvips' own words. The build reports it
/// as an error at the figure or file, never as a crash.
/// </summary>
public sealed class ImageEncodingException(string? image, string reason, Exception inner) : Exception(reason, inner)
{
    /// <summary>The path of the image it was made from; null when it was drawn.</summary>
    public string? Image { get; } = image;
}

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

        // A damaged image makes the decoders warn once per row (thousands of lines on the console); the
        // build reports each damaged figure itself, once, at its line (ImageProbe), so the warnings are dropped.
        Log.SetLogHandler("VIPS", Enums.LogLevelFlags.Warning | Enums.LogLevelFlags.Message | Enums.LogLevelFlags.Info | Enums.LogLevelFlags.Debug, Quiet);
        return true;
    });

    // Held here: libvips calls it from native code for the process's life.
    private static readonly Log.LogDelegate Quiet = (_, _, _) => { };

    public static void Ensure() => _ = Done.Value;
}

/// <summary>
/// Encodes figures' variants and social cards, each once: a file is kept in the cache folder under a key
/// made of what it is made from (the source's hash, the settings, the width, height and format; the card's text,
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

    // Made by CachedFile but not stored (the cache cannot be written), until the caller falls back to Cached
    // for them: without this, a cache folder that cannot be written would encode every file twice.
    private readonly ConcurrentDictionary<string, byte[]> unstored = new(StringComparer.Ordinal);

    public ImageStore(string? cacheDir, string themeDir)
    {
        CacheDir = cacheDir is null ? null : Path.GetFullPath(cacheDir);
        ThemeDir = themeDir;
        Index = new ImageIndex(CacheDir);
    }

    /// <summary>The cache folder; null when nothing is kept between builds.</summary>
    public string? CacheDir { get; }

    public string ThemeDir { get; }

    // Read at the first card, and again after ThemeRead: a store lives as long as serve's build.
    private SocialCard.Theme? cardTheme;

    /// <summary>The theme's fonts and colours for the cards, as the theme folder has them since the build last read it.</summary>
    internal SocialCard.Theme CardTheme
    {
        get
        {
            var theme = Volatile.Read(ref cardTheme);
            if (theme is null)
            {
                var read = SocialCard.Theme.Read(ThemeDir);
                theme = Interlocked.CompareExchange(ref cardTheme, read, null) ?? read;
            }

            return theme;
        }
    }

    /// <summary>Told when the build has read the theme again: the cards' colours and fonts are read again at the next card.</summary>
    public void ThemeRead() => Volatile.Write(ref cardTheme, null);

    /// <summary>How many files this store encoded (not taken from the cache): a rebuild with nothing changed makes none.</summary>
    public int Encoded => encoded;

    private int encoded;

    /// <summary>What the cache knows of sources and of its own files (<see cref="ImageIndex"/>).</summary>
    public ImageIndex Index { get; }

    /// <summary>The bytes of one variant of <paramref name="image"/>, from the cache or encoded now.</summary>
    public byte[] Variant(ImageInfo image, ImageVariant variant) =>
        Cached("figures", VariantKey(image, variant), ImageVariants.Extension(variant.Format), () => Encode(image, variant), image.Path);

    /// <summary>The cache's file of one variant (encoded now when it has none), for the build to copy unread; null without a cache folder.</summary>
    public string? VariantFile(ImageInfo image, ImageVariant variant) =>
        CachedFile("figures", VariantKey(image, variant), ImageVariants.Extension(variant.Format), () => Encode(image, variant), image.Path);

    /// <summary>
    /// The bytes an image of input/assets is published with under /files/: a field photo's EXIF, GPS, XMP
    /// and IPTC would tell where and with what it was taken, so a JPEG, PNG, WebP or TIFF that carries any
    /// is saved again without them (colour profile kept); any other file, or an image without them, is
    /// published as it is.
    /// </summary>
    public byte[] Published(string path)
    {
        var (key, format) = Stripped(path);
        return key is null ? File.ReadAllBytes(path) : Cached("published", key, format!, () => Strip(path, format!), path);
    }

    /// <summary>
    /// The file to publish for <paramref name="path"/> (see <see cref="Published"/>): the source itself, or
    /// the cache's copy without metadata; null when that copy has no file (no cache folder).
    /// </summary>
    public string? PublishedFile(string path)
    {
        var (key, format) = Stripped(path);
        return key is null ? path : CachedFile("published", key, format!, () => Strip(path, format!), path);
    }

    /// <summary>
    /// Whether the file at <paramref name="path"/> is published without its metadata, and the cache key and
    /// extension of that copy: decided once per file stamp (the decision reads the file and its header).
    /// </summary>
    private (string? Key, string? Format) Stripped(string path)
    {
        var stamp = FileStamp.Of(path);
        var id = ImageIndex.SourceKey(path);
        // The decision is recorded with the version of the copies it was made for: a line of another version (or
        // from before versions) names a copy made the old way, and is decided again.
        var prefix = CopyVersion + "/";
        if (Index.Find(ImageIndex.Kinds.Published, id) is { } known && ImageIndex.Matches(known, stamp) && known[2].StartsWith(prefix, StringComparison.Ordinal))
        {
            var decided = known[2][prefix.Length..];
            return decided == "-" ? (null, null) : (decided[..40], decided[41..]);
        }

        var bytes = File.ReadAllBytes(path);
        var format = RasterFormat(bytes);
        string? key = null;
        if (format is not null)
        {
            VipsSetup.Ensure();
            try
            {
                using var header = Image.NewFromBuffer(bytes);
                if (header.GetFields().Any(f => f is "exif-data" or "xmp-data" or "iptc-data" || f.StartsWith("exif-ifd", StringComparison.Ordinal)))
                {
                    key = Key(Convert.ToHexStringLower(SHA256.HashData(bytes)), CopyVersion);
                }
            }
            catch (VipsException)
            {
                // Not an image libvips can read after all (the figure check reports a damaged figure): it
                // is published as the author gave it, as any other file is.
            }
        }

        Index.Add(ImageIndex.Kinds.Published, id, [.. ImageIndex.Fields(stamp), prefix + (key is null ? "-" : $"{key}.{format}")]);
        return (key, format);
    }

    /// <summary>Bumped when the copies without metadata are made differently (2: turned as their EXIF orientation says).</summary>
    private const string CopyVersion = "published-2";

    private static byte[] Strip(string path, string format)
    {
        VipsSetup.Ensure();
        // Turned as its EXIF orientation says before the EXIF goes: without it, a photo a phone stored on its side
        // would be shown on its side. Turning reads the image out of order, so only then is it opened for that.
        bool turned;
        using (var header = Image.NewFromFile(path))
        {
            turned = header.Contains("orientation") && header.Get("orientation") is int orientation and > 1 and <= 8;
        }

        using var source = Image.NewFromFile(path, access: turned ? Enums.Access.Random : Enums.Access.Sequential);
        using var image = turned ? source.Autorot() : source.Copy();
        return format switch
        {
            "jpg" => image.JpegsaveBuffer(q: 92, keep: Enums.ForeignKeep.Icc),
            "png" => image.PngsaveBuffer(keep: Enums.ForeignKeep.Icc),
            "webp" => image.WebpsaveBuffer(q: 90, keep: Enums.ForeignKeep.Icc),
            _ => image.TiffsaveBuffer(keep: Enums.ForeignKeep.Icc),
        };
    }

    private static string? RasterFormat(ReadOnlySpan<byte> b) =>
        b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "jpg"
        : b.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]) ? "png"
        : b.Length > 12 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8) ? "webp"
        : b.StartsWith("II*\0"u8) || b.StartsWith("MM\0*"u8) ? "tif"
        : null;

    /// <summary>The cache key of a variant: what it is made of.</summary>
    public static string VariantKey(ImageInfo image, ImageVariant variant) =>
        Key(image.Hash, ImageVariants.Settings, variant.Width.ToString(System.Globalization.CultureInfo.InvariantCulture), variant.Height.ToString(System.Globalization.CultureInfo.InvariantCulture), variant.Format);

    private string? PathOf(string kind, string key, string extension) =>
        CacheDir is null ? null : Path.Combine(CacheDir, kind, key[..2], $"{key}.{extension}");

    /// <summary>A file kept under <paramref name="key"/>, made by <paramref name="make"/> (from the image <paramref name="source"/>, if any) when the cache does not have it whole.</summary>
    /// <exception cref="ImageEncodingException">libvips failed to make it.</exception>
    public byte[] Cached(string kind, string key, string extension, Func<byte[]> make, string? source = null)
    {
        var path = PathOf(kind, key, extension);
        if (path is not null && Read(path) is { } cached)
        {
            return cached;
        }

        if (unstored.TryRemove(key, out var made))
        {
            return made;
        }

        if (Recent.TryGetValue(key, out var known))
        {
            if (path is not null)
            {
                Store(path, known);
            }

            return known;
        }

        var bytes = Make(make, source);
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

    /// <summary>
    /// The cache's file under <paramref name="key"/>, made by <paramref name="make"/> when the cache does not
    /// have it whole; null without a cache folder, or when the file cannot be written there.
    /// </summary>
    /// <exception cref="ImageEncodingException">libvips failed to make it.</exception>
    public string? CachedFile(string kind, string key, string extension, Func<byte[]> make, string? source = null)
    {
        if (PathOf(kind, key, extension) is not { } path)
        {
            return null;
        }

        if (IsWhole(path))
        {
            return path;
        }

        var bytes = Recent.TryGetValue(key, out var known) ? known : Make(make, source);
        if (Store(path, bytes))
        {
            return path;
        }

        unstored[key] = bytes;
        return null;
    }

    private byte[] Make(Func<byte[]> make, string? source)
    {
        Encoders.Wait();
        try
        {
            var bytes = make();
            Interlocked.Increment(ref encoded);
            return bytes;
        }
        catch (VipsException e)
        {
            // The first line names only the operation ("unable to call thumbnail"); the decoder's or encoder's words follow.
            var lines = e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            throw new ImageEncodingException(source, string.Join(" ", lines.Skip(1).Take(2).DefaultIfEmpty(lines.FirstOrDefault() ?? e.Message)), e);
        }
        finally
        {
            Encoders.Release();
        }
    }

    /// <summary>
    /// Whether the cache's file at <paramref name="path"/> is the one it wrote, without reading it when its
    /// stamp is the one recorded at writing; else its hash must be the one recorded (a file touched, copied
    /// with its folder). A file the index does not know, truncated or overwritten, is made again.
    /// </summary>
    private bool IsWhole(string path)
    {
        var stamp = FileStamp.Of(path);
        if (stamp.Length == 0 || Index.Find(ImageIndex.Kinds.Stored, Relative(path)) is not { } record)
        {
            return false;
        }

        return ImageIndex.Matches(record, stamp) || Read(path) is not null;
    }

    /// <summary>The bytes of the cache's file at <paramref name="path"/> when they are the ones it wrote (length and hash), else null.</summary>
    private byte[]? Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var name = Relative(path);
        if (Index.Find(ImageIndex.Kinds.Stored, name) is not { } record || record[2] != Hash(bytes))
        {
            return null;
        }

        var stamp = FileStamp.Of(path);
        if (!ImageIndex.Matches(record, stamp))
        {
            // Whole, with another stamp: recorded, so that the next build need not read it.
            Index.Add(ImageIndex.Kinds.Stored, name, [.. ImageIndex.Fields(stamp), record[2]]);
        }

        return bytes;
    }

    private string Relative(string path) => Path.GetRelativePath(CacheDir!, path).Replace('\\', '/');

    private static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>A cache key from its parts: a file name that changes with any of them.</summary>
    public static string Key(params string[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts))))[..40];

    /// <summary>Writes a file of the cache and records its stamp and hash; false when it cannot be written.</summary>
    private bool Store(string path, byte[] bytes)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // Written whole under another name, recorded, then renamed: a build stopped halfway leaves no torn
            // file, and a build sharing the cache that sees the file finds its record.
            var temporary = $"{path}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp";
            File.WriteAllBytes(temporary, bytes);
            if (!OperatingSystem.IsWindows())
            {
                // Published as hard links of this file (SiteWriter.LinkFile): an editor opening the copy in
                // output/ is refused rather than writing into the cache. Whoever may write anyway (root) is
                // caught by the stamp and hash recorded here, and the file is made again.
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }

            Index.Add(ImageIndex.Kinds.Stored, Relative(path), [.. ImageIndex.Fields(FileStamp.Of(temporary)), Hash(bytes)]);
            File.Move(temporary, path, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written costs time, never the build.
            return false;
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
