using System.Collections.Concurrent;

namespace ResearchSite.Output;

/// <summary>Where the write phase puts the site: a staging folder on disk, or memory for `serve`.</summary>
public interface IOutputSink
{
    void WriteText(string relativePath, string content);

    void WriteBytes(string relativePath, ReadOnlySpan<byte> content);

    /// <summary>A file of the last build, unchanged (serve keeps the same array rather than copying it).</summary>
    void Keep(string relativePath, byte[] content) => WriteBytes(relativePath, content);

    void CopyTree(string source, string relativeTarget);
}

/// <summary>The site in memory, keyed by its path under output/ with '/' separators.</summary>
public sealed class MemorySink : IOutputSink
{
    private readonly ConcurrentDictionary<string, byte[]> files = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, byte[]> Files => files;

    public void WriteText(string relativePath, string content) => files[Key(relativePath)] = System.Text.Encoding.UTF8.GetBytes(content);

    public void WriteBytes(string relativePath, ReadOnlySpan<byte> content) => files[Key(relativePath)] = content.ToArray();

    public void Keep(string relativePath, byte[] content) => files[Key(relativePath)] = content;

    public void CopyTree(string source, string relativeTarget)
    {
        if (!Directory.Exists(source))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            files[Key(Path.Combine(relativeTarget, Path.GetRelativePath(source, file)))] = File.ReadAllBytes(file);
        }
    }

    private static string Key(string path) => path.Replace('\\', '/');
}
