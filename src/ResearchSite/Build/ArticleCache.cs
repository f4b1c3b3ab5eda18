using System.Collections.Concurrent;
using ResearchSite.Diagnostics;
using ResearchSite.Markdown;

namespace ResearchSite.Build;

/// <summary>
/// What rendering each article file gave, keyed by the file's content and everything its rendering
/// depends on (site settings, interface words, the set of articles it may link to). `serve` keeps
/// one across rebuilds, so an edit re-renders only the articles that changed.
/// </summary>
public sealed class ArticleCache
{
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public sealed record Entry(string Fingerprint, RenderedDocument? Result, IReadOnlyList<Diagnostic> Diagnostics);

    public bool TryGet(string path, string fingerprint, out Entry entry) =>
        entries.TryGetValue(path, out entry!) && entry.Fingerprint == fingerprint;

    public void Set(string path, Entry entry) => entries[path] = entry;

    /// <summary>Forgets files that no longer exist.</summary>
    public void Retain(IReadOnlySet<string> paths)
    {
        foreach (var path in entries.Keys.Where(p => !paths.Contains(p)).ToList())
        {
            entries.TryRemove(path, out _);
            MarkChanged(path);
        }
    }

    private readonly ConcurrentDictionary<string, byte> changed = new(StringComparer.Ordinal);

    /// <summary>Files read and rendered again by the latest build (new or edited), and files that disappeared.</summary>
    public IReadOnlyCollection<string> Changed => changed.Keys.ToList();

    public void StartRun() => changed.Clear();

    public void MarkChanged(string path) => changed[path] = 0;
}
