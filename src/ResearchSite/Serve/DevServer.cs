using ResearchSite.Build;
using ResearchSite.Build.Incremental;

namespace ResearchSite.Serve;

/// <summary>
/// `serve`: builds the site into memory and serves it (<see cref="PreviewServer"/>), watches input/ and
/// theme/ (<see cref="SourceWatcher"/>), and on every change takes the next step of the incremental build
/// (<see cref="RebuildLoop"/>), after which only the tabs whose pages changed reload.
/// </summary>
public sealed class DevServer : IAsyncDisposable
{
    private readonly BuildOptions options;
    private readonly PreviewServer http;
    private readonly RebuildLoop loop;
    private readonly IncrementalBuild build;
    private SourceWatcher? watcher;

    public DevServer(BuildOptions options, TextWriter stdout, TextWriter stderr)
    {
        this.options = options with { AtRoot = true };
        http = new PreviewServer(() => loop!.Served, stderr);
        build = new IncrementalBuild(this.options);
        loop = new RebuildLoop(build, stdout, stderr, http.Broadcast);
    }

    public ServedSite Site => loop.Served;

    public Uri? Address => http.Address;

    /// <summary>Starts listening, builds once and starts watching; returns when the server serves the site.</summary>
    /// <param name="host">An IP address or localhost (see <see cref="ListenAddress"/>).</param>
    /// <param name="port">The port, 1 to 65535.</param>
    /// <param name="cancellation">Stops the start.</param>
    public async Task StartAsync(string host, int port, CancellationToken cancellation = default)
    {
        var (address, error) = ListenAddress.Parse(host, port);
        if (address is null)
        {
            throw new ArgumentException(error, nameof(host));
        }

        // Listening first: a port in use is told at once, not after building a large archive.
        await http.StartAsync(address, cancellation);
        // Watching starts before the first build (which takes the loop's turn at once, well within the watcher's
        // wait for quiet): a save made while a large archive builds (minutes) or is collected after it (seconds,
        // while the site is served already) is built next, not lost.
        watcher = new SourceWatcher([options.InputDir, options.ThemeDir], () => _ = loop.RebuildAsync("change", watcher!.Take, () => watcher!.Pending));
        await loop.RebuildAsync("start", () => IncrementalBuild.Everything);
    }

    public async ValueTask DisposeAsync()
    {
        watcher?.Dispose();
        await http.DisposeAsync();
        build.Dispose();
    }
}
