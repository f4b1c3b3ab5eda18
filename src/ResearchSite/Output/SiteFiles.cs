using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace ResearchSite.Output;

/// <summary>A file made when first read, and the key of its content: two with the same key hold the same bytes.</summary>
public sealed record DeferredFile(string Key, Lazy<byte[]> Content);

/// <summary>
/// A site in memory: the files made, and the files that cost time to make (figures' variants, social cards),
/// each made the first time it is read (`serve` encodes an image when a browser first asks for it, from the
/// image cache when it can). Reading a file is the same for both.
/// </summary>
public sealed class SiteFiles : IReadOnlyDictionary<string, byte[]>
{
    public static readonly SiteFiles Empty = new(new Dictionary<string, byte[]>(), new Dictionary<string, DeferredFile>());

    public SiteFiles(IReadOnlyDictionary<string, byte[]> made, IReadOnlyDictionary<string, DeferredFile> deferred)
    {
        Made = made;
        Deferred = deferred;
    }

    /// <summary>The files whose bytes are there.</summary>
    public IReadOnlyDictionary<string, byte[]> Made { get; }

    /// <summary>The files made when first read.</summary>
    public IReadOnlyDictionary<string, DeferredFile> Deferred { get; }

    public int Count => Made.Count + Deferred.Count;

    public IEnumerable<string> Keys => Made.Keys.Concat(Deferred.Keys);

    public IEnumerable<byte[]> Values => Keys.Select(k => this[k]);

    public byte[] this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    /// <summary>The files of any site in memory, as made and deferred ones.</summary>
    public static SiteFiles Of(IReadOnlyDictionary<string, byte[]> files) =>
        files as SiteFiles ?? new SiteFiles(files, Empty.Deferred);

    public bool ContainsKey(string key) => Made.ContainsKey(key) || Deferred.ContainsKey(key);

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

        return false;
    }

    public IEnumerator<KeyValuePair<string, byte[]>> GetEnumerator() =>
        Keys.Select(k => new KeyValuePair<string, byte[]>(k, this[k])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
