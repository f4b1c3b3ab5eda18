using System.Net;
using System.Net.Sockets;
using ResearchSite.Build;
using ResearchSite.Serve;

namespace ResearchSite.Tests.Serve;

public class DevServerTests
{
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Reads server-sent events until one of <paramref name="kind"/> arrives.</summary>
    private static async Task<string> NextEvent(StreamReader events, string kind)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        string? current = null;
        while (true)
        {
            var line = await events.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException();
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                current = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && current == kind)
            {
                return line["data: ".Length..];
            }
        }
    }

    [Fact]
    public async Task An_edit_reloads_the_page_and_an_error_keeps_the_last_good_page_served()
    {
        using var site = Some.Site().Article("en", "live", Some.FrontMatter(title: "Live"), "## Start\n\nFirst text.\n");
        await using var server = new DevServer(new BuildOptions(site.Input, Some.Theme, site.Output, false, null), TextWriter.Null, TextWriter.Null);
        await server.StartAsync("127.0.0.1", FreePort());
        using var http = new HttpClient { BaseAddress = server.Address };

        var page = await http.GetStringAsync("en/articles/live/");
        Assert.Equal("First text.", Some.Html(page).QuerySelector(".article-body > p")!.TextContent);
        Assert.NotNull(Some.Html(page).QuerySelector($"script[src='{DevServer.ClientPath}']"));
        Assert.False(Directory.Exists(site.Output), "serve writes nothing to output/");

        using var stream = await http.GetStreamAsync(DevServer.EventsPath.TrimStart('/'));
        using var events = new StreamReader(stream);
        await NextEvent(events, "hello");

        // An editor that writes a temporary file and renames it over the article.
        var path = Path.Combine(site.Input, "articles", "en", "live.md");
        var temp = path + ".tmp~";
        await File.WriteAllTextAsync(temp, Some.FrontMatter(title: "Live") + "\n## Start\n\nSecond text.\n");
        File.Move(temp, path, overwrite: true);
        var changed = await NextEvent(events, "reload");
        Assert.Contains("/en/articles/live/index.html", changed);
        Assert.DoesNotContain("/ar/articles", changed);
        page = await http.GetStringAsync("en/articles/live/");
        Assert.Equal("Second text.", Some.Html(page).QuerySelector(".article-body > p")!.TextContent);

        await File.WriteAllTextAsync(path, Some.FrontMatter(title: "Live", date: "someday") + "\n## Start\n\nBroken text.\n");
        var errors = await NextEvent(events, "build-error");
        Assert.Contains("live.md(5,7): error: date 'someday'", errors.Replace("\\u0027", "'"));
        page = await http.GetStringAsync("en/articles/live/");
        Assert.Equal("Second text.", Some.Html(page).QuerySelector(".article-body > p")!.TextContent);
        var status = await http.GetStringAsync(DevServer.StatusPath.TrimStart('/'));
        Assert.Contains("\"ok\":false", status);

        await File.WriteAllTextAsync(path, Some.FrontMatter(title: "Live") + "\n## Start\n\nFixed text.\n");
        await NextEvent(events, "reload");
        Assert.Contains("\"ok\":true", await http.GetStringAsync(DevServer.StatusPath.TrimStart('/')));
    }

    [Fact]
    public async Task A_template_change_rebuilds_the_pages_that_use_it()
    {
        using var site = Some.Site().Article("ar", "a", Some.FrontMatter());
        var theme = Path.Combine(site.Root, "theme");
        foreach (var file in Directory.EnumerateFiles(Some.Theme, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(theme, Path.GetRelativePath(Some.Theme, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        await using var server = new DevServer(new BuildOptions(site.Input, theme, site.Output, false, null), TextWriter.Null, TextWriter.Null);
        await server.StartAsync("127.0.0.1", FreePort());
        using var http = new HttpClient { BaseAddress = server.Address };
        using var events = new StreamReader(await http.GetStreamAsync(DevServer.EventsPath.TrimStart('/')));
        await NextEvent(events, "hello");
        var terms = Path.Combine(theme, "layouts", "terms.html");
        await File.WriteAllTextAsync(terms, (await File.ReadAllTextAsync(terms)).Replace("<section class=\"terms\"", "<section data-edited=\"yes\" class=\"terms\""));
        var changed = await NextEvent(events, "reload");
        Assert.Contains("/ar/categories/index.html", changed);
        Assert.DoesNotContain("/ar/articles/a/index.html", changed);
        Assert.NotNull(Some.Html(await http.GetStringAsync("ar/categories/")).QuerySelector("section[data-edited]"));
    }

    [Fact]
    public async Task A_new_title_reaches_every_index_that_lists_the_study_and_no_other_page()
    {
        using var site = Some.Site()
            .Article("en", "one", Some.FrontMatter(title: "One", category: "energy"))
            .Article("en", "two", Some.FrontMatter(title: "Two", category: "reports", author: "omar-saleh"));
        var options = new BuildOptions(site.Input, Some.Theme, site.Output, false, null);
        var text = new StringWriter();
        await using var server = new DevServer(options, TextWriter.Synchronized(text), TextWriter.Null);
        await server.StartAsync("127.0.0.1", FreePort());
        using var http = new HttpClient { BaseAddress = server.Address };
        using var events = new StreamReader(await http.GetStreamAsync(DevServer.EventsPath.TrimStart('/')));
        await NextEvent(events, "hello");

        await File.WriteAllTextAsync(Path.Combine(site.Input, "articles", "en", "one.md"), Some.FrontMatter(title: "One, renamed", category: "energy") + "\n## مقدمة\n\nنص.\n");
        var changed = await NextEvent(events, "reload");
        foreach (var page in new[] { "/en/index.html", "/ar/index.html", "/en/categories/energy/index.html", "/en/authors/ilham-elnaggar/index.html", "/en/articles/one/index.html" })
        {
            Assert.Contains(page, changed);
        }

        Assert.DoesNotContain("/en/articles/two/index.html", changed);
        Assert.DoesNotContain("/en/categories/reports/index.html", changed);
        Assert.Contains("only the pages that show the edited studies", text.ToString());
        Assert.Contains(Some.Html(await http.GetStringAsync("en/categories/energy/")).QuerySelectorAll("li.study h3 a"), a => a.TextContent == "One, renamed");
        Assert.Contains(Some.Html(await http.GetStringAsync("ar/")).QuerySelectorAll("li.study h3 a"), a => a.TextContent == "One, renamed");
        AssertSameAsWholeBuild(server, options);

        // A study that moves in the listings (another date) takes a whole build; the result is the same.
        await File.WriteAllTextAsync(Path.Combine(site.Input, "articles", "en", "one.md"), Some.FrontMatter(title: "One, renamed", category: "energy", date: "2020-01-01") + "\n## مقدمة\n\nنص.\n");
        changed = await NextEvent(events, "reload");
        Assert.Contains("/en/index.html", changed);
        AssertSameAsWholeBuild(server, options);
    }

    /// <summary>The site serve patched is byte for byte the site a whole build makes of the same files.</summary>
    private static void AssertSameAsWholeBuild(DevServer server, BuildOptions options)
    {
        var whole = BuildPipeline.BuildInMemory(options);
        Assert.True(whole.Result.Succeeded);
        Assert.Equal(whole.Files.Keys.Order(StringComparer.Ordinal), server.Site.Files.Keys.Order(StringComparer.Ordinal));
        Assert.All(whole.Files, f => Assert.True(f.Value.AsSpan().SequenceEqual(server.Site.Files[f.Key]), f.Key));
    }

    [Fact]
    public async Task A_body_edit_renders_only_that_study_and_serves_what_a_whole_build_gives()
    {
        using var site = Some.Site()
            .Article("en", "one", Some.FrontMatter(title: "One", category: "energy"), "## Findings\n\nOld text.\n")
            .Article("ar", "one", Some.FrontMatter(title: "واحد", category: "energy"), "## النتائج\n\nنص.\n")
            .Article("en", "two", Some.FrontMatter(title: "Two", category: "reports"), "See [the findings](one.md#findings).\n");
        var text = new StringWriter();
        var log = TextWriter.Synchronized(text);
        var options = new BuildOptions(site.Input, Some.Theme, site.Output, false, null);
        await using var server = new DevServer(options, log, log);
        await server.StartAsync("127.0.0.1", FreePort());
        using var http = new HttpClient { BaseAddress = server.Address };
        using var events = new StreamReader(await http.GetStreamAsync(DevServer.EventsPath.TrimStart('/')));
        await NextEvent(events, "hello");

        await File.WriteAllTextAsync(Path.Combine(site.Input, "articles", "en", "one.md"), Some.FrontMatter(title: "One", category: "energy") + "\n## Findings\n\nNew text[^a].\n\n[^a]: A new note.\n");
        var changed = await NextEvent(events, "reload");
        Assert.Contains("/en/articles/one/index.html", changed);
        Assert.DoesNotContain("/en/articles/two/index.html", changed);
        Assert.DoesNotContain("/en/index.html", changed);
        Assert.Contains("only the pages that show the edited studies", text.ToString());
        var page = Some.Html(await http.GetStringAsync("en/articles/one/"));
        Assert.Equal("A new note.", page.QuerySelector("#note_1_body")!.TextContent.Trim());

        AssertSameAsWholeBuild(server, options);
    }

    [Fact]
    public async Task Renaming_a_heading_that_another_study_links_to_fails_at_that_link()
    {
        using var site = Some.Site()
            .Article("en", "one", Some.FrontMatter(title: "One"), "## Findings\n\nText.\n")
            .Article("en", "two", Some.FrontMatter(title: "Two"), "Intro.\n\nSee [the findings](one.md#findings).\n");
        await using var server = new DevServer(new BuildOptions(site.Input, Some.Theme, site.Output, false, null), TextWriter.Null, TextWriter.Null);
        await server.StartAsync("127.0.0.1", FreePort());
        using var http = new HttpClient { BaseAddress = server.Address };
        using var events = new StreamReader(await http.GetStreamAsync(DevServer.EventsPath.TrimStart('/')));
        await NextEvent(events, "hello");

        await File.WriteAllTextAsync(Path.Combine(site.Input, "articles", "en", "one.md"), Some.FrontMatter(title: "One") + "\n## Results\n\nText.\n");
        var errors = (await NextEvent(events, "build-error")).Replace("\\u0027", "'");
        Assert.True(errors.Contains("two.md(10,5): error: the link '/en/articles/one/#findings' points to '#findings'", StringComparison.Ordinal), errors);
        Assert.NotNull(Some.Html(await http.GetStringAsync("en/articles/one/")).GetElementById("findings"));
    }
}
