using System.Collections.Concurrent;
using ResearchSite.Build.Incremental;

namespace ResearchSite.Serve;

/// <summary>
/// Watches the input and theme folders for `serve`. Editors save in several writes, or by writing a
/// temporary file and renaming it over the old one, so it waits until the folders have been quiet for
/// <see cref="QuietMilliseconds"/> before it says so; <see cref="Take"/> then gives what changed since.
/// A save written in place may still be seen half-written (a loaded machine can pause the editor between
/// its writes for longer than that): the build of it fails, or shows it, until the rest of the save
/// arrives as another change a few milliseconds later; <see cref="RebuildLoop"/> tells a failure only
/// once the folders stayed quiet for <see cref="SettleMilliseconds"/> after it (<see cref="Pending"/>).
/// </summary>
public sealed class SourceWatcher : IDisposable
{
    /// <summary>
    /// How long the folders must be quiet: editors save in several writes, within a millisecond or two of each
    /// other on a quiet machine. It is part of every save's time to the browser (it was 50 ms).
    /// </summary>
    public const int QuietMilliseconds = 15;

    /// <summary>How long a failed build waits for more of the save before its errors are told.</summary>
    public const int SettleMilliseconds = 60;

    private readonly ConcurrentQueue<string> touched = new();
    private readonly List<FileSystemWatcher> watchers = [];
    private readonly Timer debounce;
    private int lost;

    /// <param name="folders">The folders to watch, with all they hold.</param>
    /// <param name="quiet">Called once the folders are quiet after a change.</param>
    public SourceWatcher(IEnumerable<string> folders, Action quiet)
    {
        debounce = new Timer(_ => quiet());
        foreach (var folder in folders)
        {
            Watch(folder);
        }
    }

    /// <summary>
    /// The paths reported since the last call (both names of a rename), or <see cref="IncrementalBuild.Everything"/>
    /// when the watcher lost events (its buffer overflowed): then nobody knows what changed.
    /// </summary>
    public IReadOnlyCollection<string>? Take()
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        while (touched.TryDequeue(out var path))
        {
            paths.Add(path);
        }

        return Interlocked.Exchange(ref lost, 0) == 1 ? IncrementalBuild.Everything : paths;
    }

    /// <summary>Whether a change came that <see cref="Take"/> has not given yet.</summary>
    public bool Pending => !touched.IsEmpty || Volatile.Read(ref lost) == 1;

    private void Watch(string dir)
    {
        var watcher = new FileSystemWatcher(Path.GetFullPath(dir))
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };

        void Changed(object sender, FileSystemEventArgs e)
        {
            touched.Enqueue(e.FullPath);
            if (e is RenamedEventArgs renamed)
            {
                touched.Enqueue(renamed.OldFullPath);
            }

            debounce.Change(QuietMilliseconds, Timeout.Infinite);
        }

        watcher.Changed += Changed;
        watcher.Created += Changed;
        watcher.Deleted += Changed;
        watcher.Renamed += Changed;
        watcher.Error += (_, _) =>
        {
            Interlocked.Exchange(ref lost, 1);
            debounce.Change(QuietMilliseconds, Timeout.Infinite);
        };
        watcher.EnableRaisingEvents = true;
        watchers.Add(watcher);
    }

    public void Dispose()
    {
        foreach (var watcher in watchers)
        {
            watcher.Dispose();
        }

        debounce.Dispose();
    }
}
