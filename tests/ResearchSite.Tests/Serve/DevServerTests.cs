using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using ResearchSite.Build;
using ResearchSite.Output;
using ResearchSite.Serve;

namespace ResearchSite.Tests.Serve;

public class DevServerTests
{

    /// <summary>Reads server-sent events until one of <paramref name="kind"/> arrives.</summary>
    internal static async Task<string> NextEvent(StreamReader events, string kind)
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

    /// <summary>
    /// The next event of that kind that mentions <paramref name="text"/>: a save written in place can be seen
    /// half-written (the file truncated, then filled), and the server rightly reports that state too before
    /// the next change event brings the whole file.
    /// </summary>
    private static async Task<string> NextEventWith(StreamReader events, string kind, string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var data = await NextEvent(events, kind).WaitAsync(timeout.Token);
            if (data.Contains(text, StringComparison.Ordinal))
            {
                return data;
            }
        }
    }

    /// <summary>What a browser must be told for each kind of file a build writes.</summary>
    private static readonly Dictionary<string, string> MediaTypes = new(StringComparer.Ordinal)
    {
        [".html"] = "text/html",
        [".css"] = "text/css",
        [".js"] = "text/javascript",
        [".woff2"] = "font/woff2",
        [".xml"] = "application/xml",
        [".txt"] = "text/plain",
        [".bib"] = "application/x-bibtex",
        [".json"] = "application/json",
        [".pdf"] = "application/pdf",
        [".png"] = "image/png",
        [".avif"] = "image/avif",
        [".svg"] = "image/svg+xml",
        [".csv"] = "text/csv",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".wasm"] = "application/wasm",
        [".gitkeep"] = "application/octet-stream",
    };

    /// <summary>A site with translated studies (feeds, cite.bib, 404 pages) and files of every kind an author attaches.</summary>
    private static FixtureSite SiteWithFiles() => Some.Site()
        .Article("ar", "study", Some.FrontMatter(title: "دراسة"), "## مقدمة\n\nنص[^a].\n\n[^a]: حاشية.\n")
        .Article("en", "study", Some.FrontMatter(title: "A Study"), "## Introduction\n\nText, with [the data](/files/data.json).\n")
        .Bytes("assets/report.pdf", Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj\n"))
        .Bytes("assets/تقرير سنوي.pdf", [0x25, 0x50, 0x44, 0x46, 0x00, 0xFF, 0x10])
        .Bytes("assets/images/chart.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00])
        .Bytes("assets/images/cover.avif", [0x00, 0x00, 0x00, 0x1C, 0x66, 0x74, 0x79, 0x70, 0x61, 0x76, 0x69, 0x66])
        .File("assets/images/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .File("assets/data.json", "{\"n\": [1, 2]}")
        .File("assets/tables/figures.csv", "year,n\n2024,3\n")
        .Bytes("assets/tables/figures.xlsx", [0x50, 0x4B, 0x03, 0x04, 0x14])
        .File("assets/notes%20v2.txt", "a file whose name holds a percent sign")
        .Bytes("assets/tool.wasm", [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00])
        .File("assets/.gitkeep", string.Empty);

    private static string Url(string relativePath) =>
        string.Join('/', relativePath.Split('/').Select(Uri.EscapeDataString));

    [Fact]
    public async Task Serve_answers_every_file_the_build_writes_byte_for_byte_with_its_content_type()
    {
        using var site = SiteWithFiles();
        var built = site.Build();
        Assert.True(built.Succeeded, string.Join("\n", built.Diagnostics));
        var files = Directory.EnumerateFiles(site.Output, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(site.Output, f).Replace('\\', '/'))
            .Where(f => f != SiteWriter.MarkerFile)
            .Order(StringComparer.Ordinal)
            .ToList();

        // What the walk must include, so that it cannot pass on a build that lacks them.
        foreach (var expected in new[] { "robots.txt", "sitemap.xml", "ar/feed.xml", "en/feed.xml", "en/articles/study/cite.bib", "404.html", "en/404.html", "files/report.pdf", "files/تقرير سنوي.pdf", "files/notes%20v2.txt", "files/images/chart.png", "files/images/cover.avif" })
        {
            Assert.Contains(expected, files);
        }

        foreach (var pattern in new[] { @"^assets/site\.[0-9a-f]{10}\.css$", @"^assets/site\.[0-9a-f]{10}\.js$", @"^assets/fonts/.+\.[0-9a-f]{10}\.woff2$" })
        {
            Assert.Contains(files, f => Regex.IsMatch(f, pattern));
        }

        await using var server = new DevServer(new BuildOptions(site.Input, Some.Theme, site.Output, false, null), TextWriter.Null, TextWriter.Null);
        await server.StartAsync("127.0.0.1", Some.FreePort());
        Assert.Equal(files, server.Site.Files.Keys.Order(StringComparer.Ordinal));
        using var http = new HttpClient { BaseAddress = server.Address };
        foreach (var file in files)
        {
            using var response = await http.GetAsync(Url(file));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{file}: {(int)response.StatusCode}");
            var served = await response.Content.ReadAsByteArrayAsync();
            if (file.EndsWith(".html", StringComparison.Ordinal))
            {
                var text = Encoding.UTF8.GetString(served);
                var at = text.IndexOf(PreviewServer.ClientTag, StringComparison.Ordinal);
                Assert.True(at >= 0 && text.LastIndexOf(PreviewServer.ClientTag, StringComparison.Ordinal) == at, $"{file}: the reload script once");
                served = Encoding.UTF8.GetBytes(text.Remove(at, PreviewServer.ClientTag.Length));
            }

            var written = await File.ReadAllBytesAsync(Path.Combine(site.Output, file));
            Assert.True(served.AsSpan().SequenceEqual(written), $"{file}: other bytes than the build wrote");
            var extension = Path.GetExtension(file);
            Assert.True(MediaTypes.TryGetValue(extension.Length == 0 ? Path.GetFileName(file) : extension, out var mediaType), $"{file}: which type should it have?");
            var type = response.Content.Headers.ContentType!;
            Assert.True(mediaType == type.MediaType, $"{file}: {type}");
            var isText = mediaType.StartsWith("text/", StringComparison.Ordinal) || mediaType.EndsWith("xml", StringComparison.Ordinal) || mediaType == "application/x-bibtex";
            Assert.True(!isText || type.CharSet == "utf-8", $"{file}: {type}");
            Assert.Equal(served.Length + (file.EndsWith(".html", StringComparison.Ordinal) ? PreviewServer.ClientTag.Length : 0), response.Content.Headers.ContentLength);

            using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, Url(file)));
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(response.Content.Headers.ContentLength, head.Content.Headers.ContentLength);
            Assert.Equal(type, head.Content.Headers.ContentType);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task A_served_page_gets_its_stylesheet_script_and_fonts()
    {
        using var site = Some.Site().Article("en", "study", Some.FrontMatter(title: "A Study"));
        await using var server = new DevServer(new BuildOptions(site.Input, Some.Theme, site.Output, false, null), TextWriter.Null, TextWriter.Null);
        await server.StartAsync("127.0.0.1", Some.FreePort());
        using var http = new HttpClient { BaseAddress = server.Address };
        var page = Some.Html(await http.GetStringAsync("en/articles/study/"));

        async Task<string> Fetch(string url, string mediaType)
        {
            using var response = await http.GetAsync(new Uri(server.Address!, url));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
            Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
            return await response.Content.ReadAsStringAsync();
        }

        var stylesheets = page.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href")!).ToList();
        Assert.NotEmpty(stylesheets);
        var fonts = new List<string>();
        foreach (var href in stylesheets)
        {
            var css = await Fetch(href, "text/css");
            fonts.AddRange(Regex.Matches(css, @"url\(['""]?([^'"")]+\.woff2)").Select(m => new Uri(new Uri(server.Address!, href), m.Groups[1].Value).AbsolutePath));
        }

        Assert.NotEmpty(fonts);
        foreach (var font in fonts)
        {
            await Fetch(font, "font/woff2");
        }

        var scripts = page.QuerySelectorAll("script[src]").Select(s => s.GetAttribute("src")!).ToList();
        Assert.Contains(PreviewServer.ClientPath, scripts);
        foreach (var src in scripts)
        {
            await Fetch(src, "text/javascript");
        }
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    [InlineData("OPTIONS")]
    public async Task Only_reading_methods_are_answered(string method)
    {
        using var site = Some.Site().Article("en", "study", Some.FrontMatter(title: "A Study"));
        await using var server = new DevServer(new BuildOptions(site.Input, Some.Theme, site.Output, false, null), TextWriter.Null, TextWriter.Null);
        await server.StartAsync("127.0.0.1", Some.FreePort());
        using var http = new HttpClient { BaseAddress = server.Address };
        foreach (var path in new[] { "en/articles/study/", "robots.txt", "no/such/file.txt", PreviewServer.StatusPath.TrimStart('/') })
        {
            using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("x") });
            Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
            Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow.Order(StringComparer.Ordinal));
        }

        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "en/articles/study/"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("text/html", head.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_request_for_another_host_name_is_refused()
    {
        using var site = Some.Site().Article("en", "study", Some.FrontMatter(title: "A Study"));
        var port = Some.FreePort();
        await using var server = new DevServer(new BuildOptions(site.Input, Some.Theme, site.Output, false, null), TextWriter.Null, TextWriter.Null);
        await server.StartAsync("127.0.0.1", port);
        using var http = new HttpClient { BaseAddress = server.Address };

        async Task<HttpStatusCode> Get(string path, string host)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Host = host;
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }

        // A page on evil.example whose name now resolves to 127.0.0.1 (DNS rebinding) sends these.
        foreach (var host in new[] { "evil.example", $"evil.example:{port}", "127.0.0.1.evil.example", "localhost.evil.example" })
        {
            Assert.Equal(HttpStatusCode.BadRequest, await Get("en/articles/study/", host));
            Assert.Equal(HttpStatusCode.BadRequest, await Get("robots.txt", host));
            Assert.Equal(HttpStatusCode.BadRequest, await Get(PreviewServer.StatusPath.TrimStart('/'), host));
        }

        foreach (var host in new[] { $"127.0.0.1:{port}", "127.0.0.1", $"localhost:{port}", "LocalHost", $"[::1]:{port}", "localhost:8080" })
        {
            Assert.Equal(HttpStatusCode.OK, await Get("en/articles/study/", host));
        }
    }

    [Fact]
    public async Task An_edit_reloads_the_page_and_an_error_keeps_the_last_good_page_served()
    {
        using var site = Some.Site().Article("en", "live", Some.FrontMatter(title: "Live"), "## Start\n\nFirst text.\n");
        await using var server = new DevServer(new BuildOptions(site.Input, Some.Theme, site.Output, false, null), TextWriter.Null, TextWriter.Null);
        await server.StartAsync("127.0.0.1", Some.FreePort());
        using var http = new HttpClient { BaseAddress = server.Address };

        var page = await http.GetStringAsync("en/articles/live/");
        Assert.Equal("First text.", Some.Html(page).QuerySelector(".article-body > p")!.TextContent);
        Assert.NotNull(Some.Html(page).QuerySelector($"script[src='{PreviewServer.ClientPath}']"));
        Assert.False(Directory.Exists(site.Output), "serve writes nothing to output/");

        using var stream = await http.GetStreamAsync(PreviewServer.EventsPath.TrimStart('/'));
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
        var status = await http.GetStringAsync(PreviewServer.StatusPath.TrimStart('/'));
        Assert.Contains("\"ok\":false", status);

        await File.WriteAllTextAsync(path, Some.FrontMatter(title: "Live") + "\n## Start\n\nFixed text.\n");
        await NextEvent(events, "reload");
        Assert.Contains("\"ok\":true", await http.GetStringAsync(PreviewServer.StatusPath.TrimStart('/')));
    }

    [Fact]
    public async Task A_template_change_rebuilds_the_pages_that_use_it()
    {
        using var site = Some.Site().Article("ar", "a", Some.FrontMatter());
        var theme = site.CopyOfTheme();

        await using var server = new DevServer(new BuildOptions(site.Input, theme, site.Output, false, null), TextWriter.Null, TextWriter.Null);
        await server.StartAsync("127.0.0.1", Some.FreePort());
        using var http = new HttpClient { BaseAddress = server.Address };
        using var events = new StreamReader(await http.GetStreamAsync(PreviewServer.EventsPath.TrimStart('/')));
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
        await server.StartAsync("127.0.0.1", Some.FreePort());
        using var http = new HttpClient { BaseAddress = server.Address };
        using var events = new StreamReader(await http.GetStreamAsync(PreviewServer.EventsPath.TrimStart('/')));
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
        await server.StartAsync("127.0.0.1", Some.FreePort());
        using var http = new HttpClient { BaseAddress = server.Address };
        using var events = new StreamReader(await http.GetStreamAsync(PreviewServer.EventsPath.TrimStart('/')));
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
        await server.StartAsync("127.0.0.1", Some.FreePort());
        using var http = new HttpClient { BaseAddress = server.Address };
        using var events = new StreamReader(await http.GetStreamAsync(PreviewServer.EventsPath.TrimStart('/')));
        await NextEvent(events, "hello");

        await File.WriteAllTextAsync(Path.Combine(site.Input, "articles", "en", "one.md"), Some.FrontMatter(title: "One") + "\n## Results\n\nText.\n");
        var errors = (await NextEvent(events, "build-error")).Replace("\\u0027", "'");
        Assert.True(errors.Contains("two.md(10,5): error: the link '/en/articles/one/#findings' points to '#findings'", StringComparison.Ordinal), errors);
        Assert.NotNull(Some.Html(await http.GetStringAsync("en/articles/one/")).GetElementById("findings"));
    }

    [Fact]
    public async Task The_reload_client_is_the_script_file_of_the_project_served_as_it_is()
    {
        using var site = Some.Site().Article("en", "study", Some.FrontMatter(title: "A Study"));
        await using var server = new DevServer(new BuildOptions(site.Input, Some.Theme, site.Output, false, null), TextWriter.Null, TextWriter.Null);
        await server.StartAsync("127.0.0.1", Some.FreePort());
        using var http = new HttpClient { BaseAddress = server.Address };
        using var response = await http.GetAsync(PreviewServer.ClientPath.TrimStart('/'));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType!.MediaType);
        var file = await File.ReadAllBytesAsync(Path.Combine(Some.RepoRoot, "src", "ResearchSite", "Serve", "reload-client.js"));
        Assert.Equal(file, await response.Content.ReadAsByteArrayAsync());
        Assert.Contains(PreviewServer.EventsPath, Encoding.UTF8.GetString(file));
        Assert.Contains(PreviewServer.StatusPath, Encoding.UTF8.GetString(file));
    }

    [Fact]
    public async Task Saving_another_study_while_one_is_broken_keeps_the_errors_until_it_is_fixed()
    {
        using var site = Some.Site()
            .Article("en", "one", Some.FrontMatter(title: "One"), "## Start\n\nOne.\n")
            .Article("en", "two", Some.FrontMatter(title: "Two"), "## Start\n\nTwo.\n");
        await using var server = new DevServer(new BuildOptions(site.Input, Some.Theme, site.Output, false, null), TextWriter.Null, TextWriter.Null);
        await server.StartAsync("127.0.0.1", Some.FreePort());
        using var http = new HttpClient { BaseAddress = server.Address };
        using var events = new StreamReader(await http.GetStreamAsync(PreviewServer.EventsPath.TrimStart('/')));
        await NextEvent(events, "hello");

        await File.WriteAllTextAsync(Path.Combine(site.Input, "articles", "en", "one.md"), Some.FrontMatter(title: "One", date: "someday") + "\n## Start\n\nOne.\n");
        await NextEventWith(events, "build-error", "one.md(5,7)");

        // The other study builds, but the site does not while one.md is broken.
        await File.WriteAllTextAsync(Path.Combine(site.Input, "articles", "en", "two.md"), Some.FrontMatter(title: "Two") + "\n## Start\n\nTwo, edited.\n");
        await NextEventWith(events, "build-error", "one.md(5,7)");
        Assert.Contains("\"ok\":false", await http.GetStringAsync(PreviewServer.StatusPath.TrimStart('/')));

        await File.WriteAllTextAsync(Path.Combine(site.Input, "articles", "en", "one.md"), Some.FrontMatter(title: "One") + "\n## Start\n\nOne, fixed.\n");
        var changed = await NextEvent(events, "reload");
        Assert.Contains("/en/articles/one/index.html", changed);
        Assert.Contains("/en/articles/two/index.html", changed);
        Assert.Contains("\"ok\":true", await http.GetStringAsync(PreviewServer.StatusPath.TrimStart('/')));
        Assert.Equal("Two, edited.", Some.Html(await http.GetStringAsync("en/articles/two/")).QuerySelector(".article-body > p")!.TextContent);
    }
}
