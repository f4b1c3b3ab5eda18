using System.Net;
using System.Text.Json;
using ResearchSite.Build;
using ResearchSite.Serve;
using ResearchSite.Tests.Markdown.Figures;

namespace ResearchSite.Tests.Serve;

/// <summary>`serve` makes a figure's files when a browser first asks for them: what goes wrong then.</summary>
public class ServedFigureTests
{
    [Fact]
    public async Task Libvips_failing_on_a_variant_asked_for_is_a_build_error_at_the_figure_s_line_not_a_server_error()
    {
        using var site = FigureTests.Study();
        var cache = Path.Combine(site.Root, "cache");
        Assert.Equal(0, Some.Cli("build", "--input", site.Input, "--theme", Some.Theme, "--output", site.Output, "--no-search", "--no-pdf", "--cache", cache).Code);

        // The photo replaced by bytes no decoder reads, its length and last-write time kept: the cache's index
        // vouches for it as checked, and its variants are gone from the cache, so they are made on request.
        var photo = Path.Combine(site.Input, "assets", "figures", "photo.jpg");
        var stamp = File.GetLastWriteTimeUtc(photo);
        File.WriteAllBytes(photo, new byte[new FileInfo(photo).Length]);
        File.SetLastWriteTimeUtc(photo, stamp);
        Directory.Delete(Path.Combine(cache, "figures"), recursive: true);

        var log = new StringWriter();
        await using var server = new DevServer(new BuildOptions(site.Input, Some.Theme, site.Output, false, null) { CacheDir = cache }, TextWriter.Null, TextWriter.Synchronized(log));
        await server.StartAsync("127.0.0.1", Some.FreePort());
        using var http = new HttpClient { BaseAddress = server.Address };
        var page = Some.Html(await http.GetStringAsync("ar/articles/study/"));
        var variant = page.QuerySelector("#figure-1 img")!.GetAttribute("src")!;
        using var events = new StreamReader(await http.GetStreamAsync(PreviewServer.EventsPath.TrimStart('/')));

        using var response = await http.GetAsync(variant.TrimStart('/'));
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        var told = (await response.Content.ReadAsStringAsync()).Trim();
        Assert.Matches(@"study\.md\(10,1\): error: the image '.*photo\.jpg' passed its checks but libvips failed to make 'ar/articles/study/figure-1-800\.jpg'", told);
        Assert.DoesNotContain("   at ", told, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", told, StringComparison.Ordinal);

        // Every open tab is told, as of a failed build; a tab opened later finds it in the status; the console has it once.
        var data = await DevServerTests.NextEvent(events, "build-error");
        Assert.Equal([told], JsonSerializer.Deserialize<string[]>(data)!);
        using var again = await http.GetAsync(variant.TrimStart('/'));
        Assert.Equal(HttpStatusCode.InternalServerError, again.StatusCode);
        using var status = JsonDocument.Parse(await http.GetStringAsync(PreviewServer.StatusPath.TrimStart('/')));
        Assert.False(status.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal([told], status.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([told], log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains("libvips", StringComparison.Ordinal)));

        // The other figures are served as ever.
        using var chart = await http.GetAsync(page.QuerySelector("#figure-2 img")!.GetAttribute("src")!.TrimStart('/'));
        Assert.Equal(HttpStatusCode.OK, chart.StatusCode);
    }
}
