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
}

/// <summary>The site in memory, keyed by its path under output/ with '/' separators.</summary>
public sealed class MemorySink : IOutputSink
{
    private readonly ConcurrentDictionary<string, byte[]> files = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, byte[]> Files => files;

    public void WriteText(string relativePath, string content) => files[Key(relativePath)] = System.Text.Encoding.UTF8.GetBytes(content);

    public void WriteBytes(string relativePath, ReadOnlySpan<byte> content) => files[Key(relativePath)] = content.ToArray();

    public void Keep(string relativePath, byte[] content) => files[Key(relativePath)] = content;

    public void CopyFile(string source, string relativeTarget) => files[Key(relativeTarget)] = File.ReadAllBytes(source);

    private static string Key(string path) => path.Replace('\\', '/');
}
