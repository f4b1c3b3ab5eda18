using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ResearchSite.Bench;

/// <summary>
/// `serve` on a generated corpus: starts the real CLI, listens to its reload events like a browser tab,
/// saves one study several times (its body, then its title, then its date) and reports how long each
/// save takes to reach the reload event. The corpus is copied first: the saves change it.
/// </summary>
public static class ServeBench
{
    public static async Task Run(string cli, string corpus, string theme, int edits)
    {
        var copy = corpus + "-serve";
        if (Directory.Exists(copy))
        {
            Directory.Delete(copy, recursive: true);
        }

        foreach (var file in Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(corpus, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var port = FreePort();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(new ProcessStartInfo(cli, $"serve --input \"{copy}\" --theme \"{theme}\" --port {port}") { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var log = new List<string>();
        process.OutputDataReceived += (_, e) => { lock (log) { log.Add(e.Data ?? string.Empty); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = Timeout.InfiniteTimeSpan };
            while (true)
            {
                try
                {
                    await http.GetStringAsync("__serve/status");
                    break;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(100);
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"serve: first build and start {clock.Elapsed.TotalSeconds:0.0} s"));
            using var events = new StreamReader(await http.GetStreamAsync("__serve/events"));
            await Next(events);
            var study = Directory.EnumerateFiles(Path.Combine(copy, "articles", "ar"), "*.md").Order(StringComparer.Ordinal).Skip(41).First();
            Console.WriteLine("| save | to reload (ms), each save | pages changed |");
            Console.WriteLine("|---|---|---:|");
            foreach (var (what, change) in new (string, Func<string, int, string>)[]
            {
                ("a paragraph added to the body", (text, i) => text + $"\nفقرة جديدة {i}.\n"),
                ("the title changed", (text, i) => text.Replace("title: \"", $"title: \"{i} ", StringComparison.Ordinal)),
                ("the date changed (a whole build)", (text, i) => System.Text.RegularExpressions.Regex.Replace(text, "date: \\d{4}", $"date: {2000 + i}")),
            })
            {
                var times = new List<double>();
                var pages = 0;
                for (var i = 0; i < edits; i++)
                {
                    var text = await File.ReadAllTextAsync(study);
                    var saved = Stopwatch.StartNew();
                    await File.WriteAllTextAsync(study, change(text, i));
                    var changed = await Next(events);
                    times.Add(saved.Elapsed.TotalMilliseconds);
                    pages = changed.Split(',').Length;

                    // As an author does: read the page, then type on.
                    await Task.Delay(1500);
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {what} | {string.Join(", ", times.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))} | {pages} |"));
            }

            Console.WriteLine($"serve: {ResidentMegabytes(process.Id)} MB resident");
            lock (log)
            {
                foreach (var line in log.Where(l => l.StartsWith("Rebuilt (change", StringComparison.Ordinal)))
                {
                    Console.WriteLine("  " + line);
                }
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(copy, recursive: true);
        }
    }

    /// <summary>The data of the next reload event (the changed paths); a build error fails the benchmark.</summary>
    private static async Task<string> Next(StreamReader events)
    {
        string? kind = null;
        while (await events.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                kind = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                if (kind == "build-error")
                {
                    throw new InvalidOperationException(line);
                }

                if (kind is "reload" or "hello")
                {
                    return line["data: ".Length..];
                }
            }
        }

        throw new EndOfStreamException("serve stopped");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static long ResidentMegabytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}
