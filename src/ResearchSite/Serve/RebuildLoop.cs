using System.Diagnostics;
using System.Text.Json;
using ResearchSite.Build.Incremental;
using ResearchSite.Diagnostics;

namespace ResearchSite.Serve;

/// <summary>
/// The rebuild loop of `serve`: one build at a time, each the next step of the incremental build from the
/// latest site. A good step is served and the tabs hear which files changed; a failed one keeps the last
/// good site served, with its errors in the terminal and over the page. Warnings are printed when they
/// first appear, not again at every save.
/// </summary>
public sealed class RebuildLoop(IncrementalBuild build, TextWriter stdout, TextWriter stderr, Action<string, string> tell)
{
    private readonly SemaphoreSlim building = new(1, 1);
    private volatile ServedSite served = new(null, 0);
    private IReadOnlySet<Diagnostic> warned = new HashSet<Diagnostic>();

    // A failed build not told yet, because more of the save came: the next build starts from it.
    private BuiltSite? untold;

    public ServedSite Served => served;

    /// <summary>Builds the next site; <paramref name="changes"/> is asked once this build's turn has come, so that it holds every change until then.</summary>
    /// <param name="reason">What the terminal is told the build was for.</param>
    /// <param name="changes">The paths that changed since the last build.</param>
    /// <param name="more">Whether more changes came since <paramref name="changes"/> was asked (a save seen half-written): then a failure is not told, the next build follows.</param>
    public async Task RebuildAsync(string reason, Func<IReadOnlyCollection<string>?> changes, Func<bool>? more = null)
    {
        await building.WaitAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            var latest = untold ?? served.Latest;
            var wasUntold = untold is not null;
            untold = null;
            BuiltSite next;
            try
            {
                next = build.Next(latest, changes());
            }
            catch (IOException e)
            {
                // A folder vanished while it was walked (an editor's rename): the next event rebuilds.
                stderr.WriteLine($"rebuild skipped: {e.Message}");
                untold = wasUntold ? latest : null;
                return;
            }

            if (ReferenceEquals(next, latest) && !wasUntold)
            {
                // Nothing the build reads changed (an editor's temporary file came and went).
                return;
            }

            if (!next.Succeeded && more is not null)
            {
                // A file read half-written fails to build, and the rest of its save comes a moment later: that
                // build tells what is wrong, not this one (errors that stay can wait a few milliseconds).
                await Task.Delay(SourceWatcher.SettleMilliseconds);
                if (more())
                {
                    untold = next;
                    return;
                }
            }

            foreach (var diagnostic in next.Result.Diagnostics.Where(d => d.IsError || !warned.Contains(d)))
            {
                (diagnostic.IsError ? stderr : stdout).WriteLine(diagnostic);
            }

            warned = next.Result.Diagnostics.Where(d => !d.IsError).ToHashSet();
            if (!next.Succeeded)
            {
                served = served with { Latest = next };
                var errors = served.Errors;
                stderr.WriteLine($"Build failed ({reason}): {errors.Count} error(s); still serving the last good site.");
                tell("build-error", JsonSerializer.Serialize(errors.Select(e => e.ToString()).ToList(), ServeJson.Default.IReadOnlyListString));
                return;
            }

            served = new ServedSite(next, served.Version + 1);
            var changed = next.Changed.Select(k => "/" + k).ToList();
            var phases = string.Join(", ", next.Result.Phases.Select(p => $"{p.Phase} {p.Elapsed.TotalMilliseconds:0}"));
            if (next.Patched)
            {
                // An edit is short: where its milliseconds went, step by step.
                phases += "; " + string.Join(", ", next.Result.Steps.Select(s => $"{s.Step} {s.Elapsed.TotalMilliseconds:0.0}"));
            }

            stdout.WriteLine($"Rebuilt ({reason}{(next.Patched ? "; only the pages that show the edited studies" : string.Empty)}) in {clock.ElapsedMilliseconds} ms ({phases}): {changed.Count} file(s) changed.");
            tell("reload", JsonSerializer.Serialize(changed, ServeJson.Default.IReadOnlyListString));

            if (latest is null)
            {
                // The first build of a large archive leaves gigabytes of garbage behind (every article's Markdown
                // and syntax tree, every page rendered for its digest) in a heap that stays that large while the
                // author works: collected and given back to the system once, before the author's first save.
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            }
            else if (!next.Patched)
            {
                // The previous site is garbage now: collect it in the background while the browser
                // reloads, rather than letting a large archive's heap grow with every save. (A blocking,
                // compacting collection took seconds on 10,000 studies and held up the next rebuild.)
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: false, compacting: false);
            }
        }
        finally
        {
            building.Release();
        }
    }
}
