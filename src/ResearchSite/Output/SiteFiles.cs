using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace ResearchSite.Output;

/// <summary>A file made when first read, and the key of its content: two with the same key hold the same bytes.</summary>
public sealed record DeferredFile(string Key, Lazy<byte[]> Content);

/// <summary>
/// A file made when first read (`serve`) could not be made (libvips failed on an image that passed its
/// checks): the error to show the author, at the line that asked for the file, as a build's errors are.
/// </summary>
public sealed class FileNotMadeException(Diagnostics.Diagnostic diagnostic, Exception inner) : Exception(diagnostic.ToString(), inner)
{
    public Diagnostics.Diagnostic Diagnostic { get; } = diagnostic;
}

/// <summary>
/// A site in memory: the files made, the files that cost time to make (figures' variants, social cards),
/// each made the first time it is read (`serve` encodes an image when a browser first asks for it, from the
/// image cache when it can), and the pages, of which only the digest of their HTML is kept: a page is
/// rendered again each time it is read (holding every page's HTML took 750 MB at 10,000 studies, and an
/// author reads a few pages). Reading a file is the same for all three.
/// </summary>
public sealed class SiteFiles : IReadOnlyDictionary<string, byte[]>
{
    public static readonly SiteFiles Empty = new(new Dictionary<string, byte[]>(), new Dictionary<string, DeferredFile>());

    private static readonly IReadOnlyDictionary<string, UInt128> NoPages = new Dictionary<string, UInt128>();

    private readonly Func<string, byte[]?> render;

    /// <param name="made">The files whose bytes are kept.</param>
    /// <param name="deferred">The files made when first read.</param>
    /// <param name="pages">The pages, by the digest of their HTML (<see cref="DigestOf"/>).</param>
    /// <param name="render">Renders one of <paramref name="pages"/> again: the same bytes as those digested.</param>
    public SiteFiles(IReadOnlyDictionary<string, byte[]> made, IReadOnlyDictionary<string, DeferredFile> deferred, IReadOnlyDictionary<string, UInt128>? pages = null, Func<string, byte[]?>? render = null)
    {
        Made = made;
        Deferred = deferred;
        Pages = pages ?? NoPages;
        this.render = render ?? (_ => null);
    }

    /// <summary>The files whose bytes are there.</summary>
    public IReadOnlyDictionary<string, byte[]> Made { get; }

    /// <summary>The files made when first read.</summary>
    public IReadOnlyDictionary<string, DeferredFile> Deferred { get; }

    /// <summary>The pages, rendered again when read: the digest of each one's HTML.</summary>
    public IReadOnlyDictionary<string, UInt128> Pages { get; }

    public int Count => Made.Count + Deferred.Count + Pages.Count;

    public IEnumerable<string> Keys => Made.Keys.Concat(Deferred.Keys).Concat(Pages.Keys);

    public IEnumerable<byte[]> Values => Keys.Select(k => this[k]);

    public byte[] this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    /// <summary>The files of any site in memory, as made and deferred ones.</summary>
    public static SiteFiles Of(IReadOnlyDictionary<string, byte[]> files) =>
        files as SiteFiles ?? new SiteFiles(files, Empty.Deferred);

    /// <summary>What two equal pages share and two different ones do not (a cryptographic digest, cut to 128 bits).</summary>
    public static UInt128 DigestOf(ReadOnlySpan<byte> content)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(content, digest);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(digest);
    }

    /// <summary>
    /// What identifies a file's content without making it: a page's digest, an image's key, or the digest of
    /// a made file's bytes. Two sites' files with the same fingerprint hold the same bytes.
    /// </summary>
    public string? Fingerprint(string key) =>
        Pages.TryGetValue(key, out var digest) ? digest.ToString("x32", System.Globalization.CultureInfo.InvariantCulture)
        : Made.TryGetValue(key, out var bytes) ? DigestOf(bytes).ToString("x32", System.Globalization.CultureInfo.InvariantCulture)
        : Deferred.TryGetValue(key, out var deferred) ? "deferred " + deferred.Key
        : null;

    public bool ContainsKey(string key) => Made.ContainsKey(key) || Deferred.ContainsKey(key) || Pages.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out byte[] value)
    {
        if (Made.TryGetValue(key, out value))
        {
            return true;
        }

        if (Deferred.TryGetValue(key, out var deferred))
        {
            value = deferred.Content.Value;
            return true;
        }

        if (Pages.ContainsKey(key))
        {
            value = render(key) ?? throw new InvalidOperationException($"the page {key} of the site cannot be rendered again");
            return true;
        }

        return false;
    }

    public IEnumerator<KeyValuePair<string, byte[]>> GetEnumerator() =>
        Keys.Select(k => new KeyValuePair<string, byte[]>(k, this[k])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
