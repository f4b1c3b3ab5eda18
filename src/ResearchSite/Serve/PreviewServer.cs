using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ResearchSite.Build.Incremental;
using ResearchSite.Diagnostics;
using ResearchSite.Output;
using ResearchSite.Pages;

namespace ResearchSite.Serve;

/// <summary>
/// What `serve` serves: the latest build (when it failed, its last good site is served and its errors
/// are shown), and how many times the served files changed.
/// </summary>
public sealed record ServedSite(BuiltSite? Latest, int Version)
{
    private static readonly IReadOnlyDictionary<string, byte[]> NoFiles = new Dictionary<string, byte[]>();

    public IReadOnlyDictionary<string, byte[]> Files => Latest?.Good?.Files ?? NoFiles;

    public IReadOnlyList<Diagnostic> Errors => Latest is { Succeeded: false } failed ? failed.Result.Diagnostics.Where(d => d.IsError).ToList() : [];
}

/// <summary>
/// The HTTP side of `serve`: Kestrel answers GET and HEAD for the files of the served site (with the
/// reload client in each page) and only for this preview's own address, and tells every open tab, over
/// server-sent events, which files a rebuild changed or which errors it met.
/// </summary>
public sealed class PreviewServer(Func<ServedSite> site, TextWriter? stderr = null) : IAsyncDisposable
{
    public const string EventsPath = "/__serve/events";
    public const string ClientPath = "/__serve/client.js";
    public const string StatusPath = "/__serve/status";

    /// <summary>The script element that loads the reload client, as <see cref="WithClient"/> puts it into each page.</summary>
    public const string ClientTag = $"<script src=\"{ClientPath}\"></script>";

    private static readonly byte[] ClientTagBytes = Encoding.UTF8.GetBytes(ClientTag);

    private static readonly byte[] BodyEnd = "</body>"u8.ToArray();

    /// <summary>The reload client, a file of this project (Serve/reload-client.js) built into the program: no theme needs to carry it.</summary>
    private static readonly byte[] Client = ReadClient();

    private readonly List<Channel<string>> clients = [];

    // Files of the served version that could not be made when asked for (see FileNotMadeException): shown
    // as its build errors are, until the next version.
    private (int Version, IReadOnlyList<string> Errors) unmade = (-1, []);
    private WebApplication? app;
    private ListenAddress? listen;

    public Uri? Address { get; private set; }

    /// <summary>Starts listening; returns once Kestrel listens (a port in use is told at once).</summary>
    public async Task StartAsync(ListenAddress address, CancellationToken cancellation)
    {
        listen = address;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (address.Ip is null)
            {
                kestrel.ListenLocalhost(address.Port);
            }
            else
            {
                kestrel.Listen(address.Ip, address.Port);
            }
        });
        app = builder.Build();
        app.Use(Guard);
        app.MapGet(EventsPath, Events);
        // Handlers taking the HttpContext: one taking other parameters is bound by code made at run time (or by a
        // source generator), which the native (AOT) program cannot do.
        app.MapGet(ClientPath, context => Results.Bytes(Client, ContentTypes.For(ClientPath)).ExecuteAsync(context));
        app.MapGet(StatusPath, context =>
        {
            var served = site();
            var errors = served.Errors.Select(e => e.ToString()).Concat(Unmade(served.Version)).ToList();
            return Results.Json(new ServeStatus(errors.Count == 0, served.Version, errors), ServeJson.Default.ServeStatus).ExecuteAsync(context);
        });

        // Not MapFallback(handler): its route takes only paths without a dot, and every file of the site has one.
        app.MapFallback("{**path}", Serve);
        await app.StartAsync(cancellation);
        Address = new Uri(app.Urls.First().Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "[::1]", StringComparison.Ordinal) + "/");
    }

    /// <summary>Tells every open tab: <c>reload</c> with the changed files' URLs, or <c>build-error</c> with the errors.</summary>
    public void Broadcast(string kind, string data)
    {
        lock (clients)
        {
            foreach (var client in clients)
            {
                client.Writer.TryWrite($"event: {kind}\ndata: {data}\n\n");
            }
        }
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
            await context.Response.WriteAsync($"event: hello\ndata: {site().Version}\n\n", context.RequestAborted);
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
        var served = site();
        var files = served.Files;
        var key = Routes.FileOf(path);
        if (!files.ContainsKey(key) && files.ContainsKey(Routes.FileOf(key + "/")))
        {
            context.Response.Redirect(new PathString("/" + key + "/").ToUriComponent());
            return;
        }

        var status = 200;
        byte[]? content;
        try
        {
            files.TryGetValue(key, out content);
        }
        catch (FileNotMadeException e)
        {
            await NotMade(context, served.Version, e.Diagnostic);
            return;
        }

        if (content is null && served.Latest?.Good?.Prepared is { Planner.Pdfs: { } pdfs } prepared)
        {
            // A study's PDF is typeset only when it is asked for (and then cached).
            var (pdf, error) = await Task.Run(() => pdfs.OnRequest(prepared, key));
            if (pdf is not null)
            {
                content = pdf;
            }
            else if (error is not null)
            {
                context.Response.StatusCode = 500;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync(error + "\n");
                return;
            }
        }

        if (content is null)
        {
            status = 404;
            key = served.Latest?.Good?.Prepared?.Planner.Routes.NotFoundFor(path) ?? Routes.NotFound(null);
            content = files.GetValueOrDefault(key) ?? Encoding.UTF8.GetBytes("<!DOCTYPE html><title>404</title><p>Not found.</p>");
        }

        // Only the site's pages get the reload client; files under /files/ are served as the build writes them.
        if (key.EndsWith(".html", StringComparison.Ordinal) && !key.StartsWith(Routes.InputFile(string.Empty), StringComparison.Ordinal))
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

    private IReadOnlyList<string> Unmade(int version)
    {
        var (at, errors) = unmade;
        return at == version ? errors : [];
    }

    /// <summary>
    /// A file that could not be made: the error is printed, sent to every open tab and kept for the status
    /// (so a page loaded later shows it too), as a failed build's are; the browser gets it as text.
    /// </summary>
    private async Task NotMade(HttpContext context, int version, Diagnostic diagnostic)
    {
        var line = diagnostic.ToString();
        lock (clients)
        {
            var known = Unmade(version);
            if (!known.Contains(line))
            {
                unmade = (version, [.. known, line]);
                stderr?.WriteLine(line);
            }
        }

        Broadcast("build-error", System.Text.Json.JsonSerializer.Serialize(Unmade(version), ServeJson.Default.IReadOnlyListString));
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = ContentTypes.For(".txt");
        await context.Response.WriteAsync(line + "\n");
    }

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

    private static byte[] ReadClient()
    {
        using var stream = typeof(PreviewServer).Assembly.GetManifestResourceStream("ResearchSite.Serve.reload-client.js")
            ?? throw new InvalidOperationException("the reload client is not built into the program (Serve/reload-client.js, an EmbeddedResource)");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
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
