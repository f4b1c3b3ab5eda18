using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ResearchSite.Build;
using ResearchSite.Build.Incremental;
using ResearchSite.Diagnostics;

namespace ResearchSite.Serve;

/// <summary>One successful build held in memory, and the state of the latest attempt.</summary>
public sealed record ServedSite(IReadOnlyDictionary<string, byte[]> Files, int Version, IReadOnlyList<Diagnostic> Errors);

/// <summary>
/// `serve`: builds the site into memory, serves it with Kestrel on loopback, watches input/ and theme/,
/// rebuilds on a change (unchanged articles come from the cache) and tells every open tab over
/// server-sent events which pages changed, so only those reload. A build that fails keeps the last good
/// site served, and the errors appear in the terminal and over the page.
/// </summary>
public sealed class DevServer : IAsyncDisposable
{
    public const string EventsPath = "/__serve/events";
    public const string ClientPath = "/__serve/client.js";
    public const string StatusPath = "/__serve/status";

    private readonly BuildOptions options;
    private readonly IncrementalBuild engine;
    private readonly TextWriter stdout;
    private readonly TextWriter stderr;
    private readonly List<Channel<string>> clients = [];
    private readonly SemaphoreSlim building = new(1, 1);
    private readonly List<FileSystemWatcher> watchers = [];
    private WebApplication? app;
    private ListenAddress? listen;
    private Timer? debounce;
    private volatile ServedSite site = new(new Dictionary<string, byte[]>(), 0, []);

    // What the watcher reported since the last rebuild; an overflow means it lost events.
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> touched = new();
    private volatile bool lostEvents;
    private BuiltSite? latest;

    /// <summary>How long the watcher waits for quiet before rebuilding: editors save in several writes, within milliseconds.</summary>
    public const int QuietMilliseconds = 50;

    public DevServer(BuildOptions options, TextWriter stdout, TextWriter stderr)
    {
        this.options = options;
        engine = new IncrementalBuild(options);
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public ServedSite Site => site;

    public Uri? Address { get; private set; }

    /// <summary>Starts listening, builds once and starts watching; returns when the server serves the site.</summary>
    /// <param name="host">An IP address or localhost (see <see cref="ListenAddress"/>).</param>
    /// <param name="port">The port, 1 to 65535.</param>
    /// <param name="cancellation">Stops the start.</param>
    public async Task StartAsync(string host, int port, CancellationToken cancellation = default)
    {
        var (address, error) = ListenAddress.Parse(host, port);
        listen = address ?? throw new ArgumentException(error, nameof(host));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (listen.Ip is null)
            {
                kestrel.ListenLocalhost(port);
            }
            else
            {
                kestrel.Listen(listen.Ip, port);
            }
        });
        app = builder.Build();
        app.Use(Guard);
        app.MapGet(EventsPath, Events);
        app.MapGet(ClientPath, () => Results.Text(ClientScript, ContentTypes.For(ClientPath)));
        app.MapGet(StatusPath, () => Results.Json(new { ok = site.Errors.Count == 0, version = site.Version, errors = site.Errors.Select(e => e.ToString()) }));

        // Not MapFallback(handler): its route takes only paths without a dot, and every file of the site has one.
        app.MapFallback("{**path}", Serve);

        // Listening first: a port in use is told at once, not after building a large archive.
        await app.StartAsync(cancellation);
        Address = new Uri(app.Urls.First().Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "[::1]", StringComparison.Ordinal) + "/");
        await RebuildAsync("start");
        Watch(options.InputDir);
        Watch(options.ThemeDir);
    }

    /// <summary>
    /// Answers only requests for this preview (see <see cref="ListenAddress.Allows"/>) that read: the
    /// site is static, and nothing else may reach the author's machine through it.
    /// </summary>
    private Task Guard(HttpContext context, RequestDelegate next)
    {
        if (!listen!.Allows(context.Request.Host))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = ContentTypes.For(".txt");
            return context.Response.WriteAsync($"The Host header '{context.Request.Host}' is not this preview's address; open {Address} instead.\n");
        }

        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "GET, HEAD";
            return Task.CompletedTask;
        }

        return next(context);
    }

    private void Watch(string dir)
    {
        var watcher = new FileSystemWatcher(Path.GetFullPath(dir))
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };

        // Editors save in several writes or by writing a temporary file and renaming it: wait for quiet.
        void Changed(object sender, FileSystemEventArgs e)
        {
            touched.Enqueue(e.FullPath);
            if (e is RenamedEventArgs renamed)
            {
                touched.Enqueue(renamed.OldFullPath);
            }

            debounce!.Change(QuietMilliseconds, Timeout.Infinite);
        }

        watcher.Changed += Changed;
        watcher.Created += Changed;
        watcher.Deleted += Changed;
        watcher.Renamed += Changed;
        watcher.Error += (_, _) =>
        {
            lostEvents = true;
            debounce!.Change(QuietMilliseconds, Timeout.Infinite);
        };
        watcher.EnableRaisingEvents = true;
        watchers.Add(watcher);
        debounce ??= new Timer(_ => _ = RebuildAsync("change"));
    }

    /// <summary>Builds the next site from the last one and what changed; on success serves it and tells the tabs what changed.</summary>
    public async Task RebuildAsync(string reason)
    {
        await building.WaitAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            var paths = new HashSet<string>(StringComparer.Ordinal);
            while (touched.TryDequeue(out var path))
            {
                paths.Add(path);
            }

            var lost = lostEvents;
            lostEvents = false;
            var previous = latest;
            BuiltSite next;
            try
            {
                next = engine.Next(previous, reason == "start" || lost ? IncrementalBuild.Everything : paths);
            }
            catch (IOException e)
            {
                // A file vanished between listing and reading (an editor's rename): the next event rebuilds.
                stderr.WriteLine($"rebuild skipped: {e.Message}");
                return;
            }

            if (ReferenceEquals(next, previous))
            {
                // Nothing the build reads changed (an editor's temporary file came and went).
                return;
            }

            foreach (var diagnostic in next.Result.Diagnostics)
            {
                (diagnostic.IsError ? stderr : stdout).WriteLine(diagnostic);
            }

            latest = next;
            if (!next.Succeeded)
            {
                var errors = next.Result.Diagnostics.Where(d => d.IsError).ToList();
                site = site with { Errors = errors };
                stderr.WriteLine($"Build failed ({reason}): {errors.Count} error(s); still serving the last good site.");
                Broadcast("build-error", JsonSerializer.Serialize(errors.Select(e => e.ToString())));
                return;
            }

            var changed = next.Changed.Select(k => "/" + k).ToList();
            site = new ServedSite(next.Files, site.Version + 1, []);
            var phases = string.Join(", ", next.Result.Phases.Select(p => $"{p.Phase} {p.Elapsed.TotalMilliseconds:0}"));
            stdout.WriteLine($"Rebuilt ({reason}{(next.Patched ? "; only the pages that show the edited studies" : string.Empty)}) in {clock.ElapsedMilliseconds} ms ({phases}): {changed.Count} file(s) changed.");
            Broadcast("reload", JsonSerializer.Serialize(changed));

            if (!next.Patched && reason != "start")
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

    private void Broadcast(string kind, string data)
    {
        lock (clients)
        {
            foreach (var client in clients)
            {
                client.Writer.TryWrite($"event: {kind}\ndata: {data}\n\n");
            }
        }
    }

    private async Task Events(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var channel = Channel.CreateUnbounded<string>();
        lock (clients)
        {
            clients.Add(channel);
        }

        try
        {
            await context.Response.WriteAsync($"event: hello\ndata: {site.Version}\n\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await foreach (var message in channel.Reader.ReadAllAsync(context.RequestAborted))
            {
                await context.Response.WriteAsync(message, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            lock (clients)
            {
                clients.Remove(channel);
            }
        }
    }

    private async Task Serve(HttpContext context)
    {
        // Kestrel has decoded the path already: decoding it again would misread a file named "a%20b.txt".
        var path = (context.Request.Path.Value ?? "/").TrimStart('/');
        var files = site.Files;
        var key = path.Length == 0 || path.EndsWith('/') ? path + "index.html" : path;
        if (!files.ContainsKey(key) && files.ContainsKey(key + "/index.html"))
        {
            context.Response.Redirect(new PathString("/" + key + "/").ToUriComponent());
            return;
        }

        var status = 200;
        if (!files.TryGetValue(key, out var content))
        {
            status = 404;
            key = path.StartsWith("en/", StringComparison.Ordinal) ? "en/404.html" : path.StartsWith("ar/", StringComparison.Ordinal) ? "ar/404.html" : "404.html";
            content = files.GetValueOrDefault(key) ?? Encoding.UTF8.GetBytes("<!DOCTYPE html><title>404</title><p>Not found.</p>");
        }

        if (key.EndsWith(".html", StringComparison.Ordinal))
        {
            content = WithClient(content);
        }

        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";

        // As the published site sends it (netlify.toml): a wrong Content-Type shows in the preview too.
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.ContentType = ContentTypes.For(key);
        context.Response.ContentLength = content.Length;
        await context.Response.Body.WriteAsync(content);
    }

    private static readonly byte[] BodyEnd = "</body>"u8.ToArray();

    /// <summary>The script element that loads the reload client, as <see cref="WithClient"/> puts it into each page.</summary>
    public const string ClientTag = $"<script src=\"{ClientPath}\"></script>";

    private static readonly byte[] ClientTagBytes = Encoding.UTF8.GetBytes(ClientTag);

    /// <summary>The page with the reload script before its last &lt;/body&gt;: it exists only in `serve`, built sites never carry it.</summary>
    private static byte[] WithClient(byte[] html)
    {
        var at = html.AsSpan().LastIndexOf(BodyEnd);
        if (at < 0)
        {
            at = html.Length;
        }

        return [.. html.AsSpan(0, at), .. ClientTagBytes, .. html.AsSpan(at)];
    }

    // Reloads the tab when its own page changed; shows build errors over the page until they are fixed.
    private const string ClientScript = """
        (function () {
          "use strict";
          var overlay = null;
          function showErrors(errors) {
            if (!overlay) {
              overlay = document.createElement("div");
              overlay.id = "serve-errors";
              overlay.setAttribute("role", "alert");
              overlay.style.cssText = "position:fixed;inset:0 0 auto 0;max-height:60vh;overflow:auto;z-index:99;background:#3b0d0d;color:#fff;font:14px/1.5 monospace;padding:1rem;white-space:pre-wrap;direction:ltr;text-align:left";
              document.body.appendChild(overlay);
            }
            overlay.textContent = "Build failed; this is the last good page.\n\n" + errors.join("\n");
          }
          function clearErrors() { if (overlay) { overlay.remove(); overlay = null; } }
          var here = location.pathname.endsWith("/") ? location.pathname + "index.html" : location.pathname;
          var events = new EventSource("/__serve/events");
          events.addEventListener("reload", function (e) {
            clearErrors();
            var changed = JSON.parse(e.data);
            if (changed.indexOf(here) >= 0 || changed.some(function (p) { return p.indexOf("/assets/") === 0; })) location.reload();
          });
          events.addEventListener("build-error", function (e) { showErrors(JSON.parse(e.data)); });
          fetch("/__serve/status").then(function (r) { return r.json(); }).then(function (s) { if (!s.ok) showErrors(s.errors); });
        })();
        """;

    public async ValueTask DisposeAsync()
    {
        foreach (var watcher in watchers)
        {
            watcher.Dispose();
        }

        if (debounce is not null)
        {
            await debounce.DisposeAsync();
        }

        lock (clients)
        {
            foreach (var client in clients)
            {
                client.Writer.TryComplete();
            }
        }

        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
