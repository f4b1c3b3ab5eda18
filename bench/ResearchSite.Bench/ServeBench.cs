using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ResearchSite.Bench;

/// <summary>
/// `serve` on a generated corpus: starts the real CLI, listens to its reload events like a browser tab,
/// saves one study several times (its body, then its title, then its date) and reports how long each
/// save takes to reach the reload event and the fresh page, the CPU time it costs, and serve's resident memory. The corpus is copied first: the saves change it.
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
                    // Kestrel answers before the first build ends: version 1 is the first site served. serve then
                    // collects the first build's garbage (seconds at 10,000 studies, every thread stopped, its first
                    // reload event perhaps still unsent): the saves start once it says it is serving.
                    bool serving;
                    lock (log)
                    {
                        serving = log.Any(l => l.StartsWith("Serving ", StringComparison.Ordinal));
                    }

                    if (serving && !(await http.GetStringAsync("__serve/status")).Contains("\"version\":0", StringComparison.Ordinal))
                    {
                        break;
                    }

                    await Task.Delay(100);
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(100);
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"serve: first build and start {clock.Elapsed.TotalSeconds:0.0} s, {ResidentMegabytes(process.Id, "VmRSS:")} MB resident"));
            // Events are read as they come; those before a save (the first build's reload may come after the
            // tab connects) are dropped before it, so that each save is timed to its own reload.
            using var stream = new StreamReader(await http.GetStreamAsync("__serve/events"));
            var events = System.Threading.Channels.Channel.CreateUnbounded<string>();
            _ = Task.Run(async () =>
            {
                try
                {
                    while (true)
                    {
                        events.Writer.TryWrite(await Next(stream));
                    }
                }
                catch (Exception e)
                {
                    events.Writer.TryComplete(e);
                }
            });
            await Task.Delay(3000);
            Console.WriteLine($"serve: {ResidentMegabytes(process.Id, "VmRSS:")} MB resident 3 s after the first build");
            var study = Directory.EnumerateFiles(Path.Combine(copy, "articles", "ar"), "*.md").Order(StringComparer.Ordinal).Skip(41).First();
            var page = $"ar/articles/{Path.GetFileNameWithoutExtension(study)}/";
            Console.WriteLine("Each save: from the file written to the reload event a tab gets, and to the tab's GET of the study's page answered (wall ms);");
            Console.WriteLine("and the CPU time (user + system) serve spent on it, which a loaded machine does not inflate.");
            Console.WriteLine("| save | saves | to reload, median (ms) | p90 | max | to the page served, median (ms) | p90 | max | CPU per save, median (ms) | pages changed |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var (what, change, marker) in new (string, Func<string, int, string>, Func<int, string>)[]
            {
                // Words, not digits: an Arabic page shows digits as the site's digits say.
                ("a paragraph added to the body", (text, i) => AfterFrontMatter(text, $"فقرة {Word(i)}.\n\n"), i => $"فقرة {Word(i)}."),
                ("the title changed", (text, i) => text.Replace("title: \"", $"title: \"{Word(i)} ", StringComparison.Ordinal), i => $"{Word(i)} "),
                ("the date changed (a whole build)", (text, i) => System.Text.RegularExpressions.Regex.Replace(text, "date: \\d{4}", $"date: {2000 + i}"), _ => string.Empty),
            })
            {
                var reloads = new List<double>();
                var served = new List<double>();
                var cpu = new List<double>();
                var pages = 0;
                var stale = 0;
                for (var i = 0; i < edits; i++)
                {
                    var text = await File.ReadAllTextAsync(study);
                    while (events.Reader.TryRead(out _))
                    {
                    }

                    var ticks = CpuTicks(process.Id);
                    // Written beside the input and renamed over the study, as many editors save: a save in
                    // several writes may be read half-written on a loaded machine, and reloaded twice.
                    await File.WriteAllTextAsync(copy + ".saving", change(text, i));
                    var saved = Stopwatch.StartNew();
                    File.Move(copy + ".saving", study, overwrite: true);
                    var changed = await events.Reader.ReadAsync();
                    reloads.Add(saved.Elapsed.TotalMilliseconds);
                    // Asked again until it shows the save: a reload that came before it is counted, not fatal.
                    var first = true;
                    while (!(await http.GetStringAsync(page)).Contains(marker(i), StringComparison.Ordinal))
                    {
                        if (first)
                        {
                            stale++;
                            Console.WriteLine($"  ({what}, save {i}: the page after the reload does not show it yet; the reload named {changed[..Math.Min(changed.Length, 300)]})");
                        }

                        first = false;
                        if (saved.Elapsed.TotalSeconds > 30)
                        {
                            throw new InvalidOperationException($"{page} does not show the save ({what}) after 30 s");
                        }

                        await Task.Delay(10);
                    }

                    served.Add(saved.Elapsed.TotalMilliseconds);

                    pages = changed.Split(',').Length;

                    // As an author does: read the page, then type on (and serve's background collection ends).
                    await Task.Delay(1500);
                    cpu.Add((CpuTicks(process.Id) - ticks) * 10.0);
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {what} | {edits} | {Percentile(reloads, 50):0} | {Percentile(reloads, 90):0} | {reloads.Max():0} | {Percentile(served, 50):0} | {Percentile(served, 90):0} | {served.Max():0} | {Percentile(cpu, 50):0} | {pages} |"));
            }

            Console.WriteLine($"serve: {ResidentMegabytes(process.Id, "VmRSS:")} MB resident after the saves, {ResidentMegabytes(process.Id, "VmHWM:")} MB at the most");
            lock (log)
            {
                foreach (var line in log.Where(l => l.StartsWith("Rebuilt (", StringComparison.Ordinal)))
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

    /// <summary>The text with a paragraph first in its body (at the end it could fall into the list of sources).</summary>
    private static string AfterFrontMatter(string text, string paragraph)
    {
        var end = text.IndexOf("\n---\n", 4, StringComparison.Ordinal) + "\n---\n".Length;
        return text[..end] + "\n" + paragraph + text[end..];
    }

    /// <summary>A word of its own for each save.</summary>
    private static string Word(int i) => "جديدة" + new string('ب', i + 1) + "ة";

    private static double Percentile(List<double> values, int percent)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1)];
    }

    /// <summary>The process's CPU time so far (user + system), in clock ticks of 10 ms.</summary>
    private static long CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private static long ResidentMegabytes(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}
