using System.Collections.Concurrent;

namespace ResearchSite.Output;

/// <summary>Where the write phase puts the site: a staging folder on disk, or memory for `serve`.</summary>
public interface IOutputSink
{
    void WriteText(string relativePath, string content);

    void WriteBytes(string relativePath, ReadOnlySpan<byte> content);

    /// <summary>A file of the last build, unchanged (serve keeps the same array rather than copying it).</summary>
    void Keep(string relativePath, byte[] content) => WriteBytes(relativePath, content);

    /// <summary>Copies one file of the input, already vetted by <see cref="Content.InputFolder"/>, to its place in the site.</summary>
    void CopyFile(string source, string relativeTarget);

    /// <summary>Publishes one file of the image cache (read-only, never changed in place) at its place in the site.</summary>
    void LinkFile(string source, string relativeTarget) => CopyFile(source, relativeTarget);

    /// <summary>Whether what is written is thrown away (`check`): files that cost time to make, images, are then not made.</summary>
    bool Discards => false;
}

/// <summary>The site in memory, keyed by its path under output/ with '/' separators.</summary>
public sealed class MemorySink : IOutputSink
{
    private readonly ConcurrentDictionary<string, byte[]> files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> written = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DeferredFile> deferred = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, UInt128> pages = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, byte[]> Files => files;

    /// <summary>The files to make when first read (<see cref="SiteFiles.Deferred"/>).</summary>
    public IReadOnlyDictionary<string, DeferredFile> Deferred => deferred;

    /// <summary>The pages, by the digest of their HTML (<see cref="SiteFiles.Pages"/>).</summary>
    public IReadOnlyDictionary<string, UInt128> Pages => pages;

    /// <summary>A page, of which only the digest is kept: it is rendered again when read.</summary>
    public void WritePage(string relativePath, ReadOnlySpan<byte> html)
    {
        var key = Key(relativePath);
        pages[key] = SiteFiles.DigestOf(html);
        written[key] = 0;
    }

    /// <summary>A page of the last build, unchanged.</summary>
    public void KeepPage(string relativePath, UInt128 digest) => pages[Key(relativePath)] = digest;

    /// <summary>A file made only when it is first read.</summary>
    public void Defer(string relativePath, DeferredFile content) => deferred[Key(relativePath)] = content;

    /// <summary>The files made by this sink's writer, not kept from an earlier build.</summary>
    public IReadOnlyCollection<string> Written => written.Keys.ToList();

    public void WriteText(string relativePath, string content) => Put(relativePath, System.Text.Encoding.UTF8.GetBytes(content));

    public void WriteBytes(string relativePath, ReadOnlySpan<byte> content) => Put(relativePath, content.ToArray());

    public void Keep(string relativePath, byte[] content) => files[Key(relativePath)] = content;

    public void CopyFile(string source, string relativeTarget) => Put(relativeTarget, File.ReadAllBytes(source));

    private void Put(string relativePath, byte[] content)
    {
        var key = Key(relativePath);
        files[key] = content;
        written[key] = 0;
    }

    private static string Key(string path) => path.Replace('\\', '/');
}

/// <summary>Takes the site and keeps nothing: `check` renders every page and writes none.</summary>
public sealed class DiscardSink : IOutputSink
{
    public bool Discards => true;

    public void WriteText(string relativePath, string content)
    {
    }

    public void WriteBytes(string relativePath, ReadOnlySpan<byte> content)
    {
    }

    public void CopyFile(string source, string relativeTarget)
    {
    }
}
