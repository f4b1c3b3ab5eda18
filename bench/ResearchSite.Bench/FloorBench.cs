using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ResearchSite.Bench;

/// <summary>
/// --floor: on one generated corpus, in one run, the floor (bare Markdig, <see cref="Floor"/>), ResearchSite as
/// users run it (the Release CLI published as build.sh publishes it, its cache warm) and Hugo when it is on the PATH, each a build
/// from scratch into a new folder, the tools taking turns run after run so that a change in the machine's load
/// falls on all of them. Reports the median wall time, CPU time (user + system, child processes included) and
/// peak resident memory (the process tree's), the output's size, ratios to the floor, and ResearchSite's phases.
/// </summary>
public static partial class FloorBench
{
    public sealed record Tool(string Name, string File, Func<string, string> Arguments, Action? Prepare = null)
    {
        /// <summary>The one folder every run of the tool writes into (a rebuild); null: a new folder each run (from scratch).</summary>
        public string? Output { get; init; }

        /// <summary>Work that comes on top of the floor's parse and render (the site's files alone): the sum bounds the reachable ratio.</summary>
        public bool OnTopOfFloor { get; init; }
    }

    private sealed record Sample(double Wall, double Cpu, long Peak, string Stdout);

    public static void Run(string work, IReadOnlyList<(string Label, string Corpus, int Size, IReadOnlyList<Tool> Tools)> cases, int runs)
    {
        Console.WriteLine($"Medians of {runs} runs, tools alternated; wall and CPU (user + system, children included) in s, peak RSS of the process tree in MB, output in MB.");
        Console.WriteLine("| studies | tool | pages | wall (s) | CPU (s) | peak RSS (MB) | output (MB) | files | wall / floor | CPU / floor | RSS / floor |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var made = new List<string>();
        foreach (var (label, corpus, size, tools) in cases)
        {
            foreach (var tool in tools)
            {
                tool.Prepare?.Invoke();
            }

            Scratch.WaitUntilForgotten(work);
            var samples = tools.ToDictionary(t => t.Name, _ => new List<Sample>());
            var sizes = new Dictionary<string, (long Bytes, int Files, int Html)>();
            var stamp = DateTime.UtcNow.Ticks;
            for (var run = 0; run < runs; run++)
            {
                // Alternated, and each time in a different order, so that none is always first after a sync.
                foreach (var tool in run % 2 == 0 ? tools : tools.Reverse())
                {
                    var output = tool.Output ?? Path.Combine(work, $"floor-{stamp}-{size}-{Slug(tool.Name)}-{run}");
                    if (!made.Contains(output))
                    {
                        made.Add(output);
                    }

                    samples[tool.Name].Add(Measure(tool.File, tool.Arguments(output)));
                    if (!sizes.ContainsKey(tool.Name))
                    {
                        var files = new DirectoryInfo(output).EnumerateFiles("*", SearchOption.AllDirectories).ToList();
                        sizes[tool.Name] = (files.Sum(f => f.Length), files.Count, files.Count(f => f.Name == "index.html"));
                    }
                }
            }

            var floor = Median(samples[tools[0].Name]);
            foreach (var tool in tools)
            {
                var m = Median(samples[tool.Name]);
                var (bytes, count, html) = sizes[tool.Name];
                var pages = PagesBuilt(samples[tool.Name][0].Stdout) is > 0 and var built ? built : html;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {label} | {tool.Name} | {pages} | {m.Wall:0.00} | {m.Cpu:0.00} | {m.Peak >> 20} | {bytes / 1e6:0} | {count} | {m.Wall / floor.Wall:0.00} | {m.Cpu / floor.Cpu:0.00} | {(double)m.Peak / floor.Peak:0.00} |"));
            }

            foreach (var tool in tools.Where(t => t.OnTopOfFloor))
            {
                // The floor's own 1,500 files are counted twice here: a bound a little above the least reachable.
                var m = Median(samples[tool.Name]);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{label}: the floor and {tool.Name} together: {(floor.Wall + m.Wall) / floor.Wall:0.00}× the floor's wall, {(floor.Cpu + m.Cpu) / floor.Cpu:0.00}× its CPU: the least ratio a tool writing this site's files could reach here, near enough."));
            }

            // ResearchSite's phases (from --verbose), each against the floor's whole wall time.
            foreach (var tool in tools.Where(t => samples[t.Name][0].Stdout.Contains(" managed heap", StringComparison.Ordinal)))
            {
                var phases = samples[tool.Name].SelectMany(s => PhaseLine().Matches(s.Stdout))
                    .GroupBy(m => m.Groups["name"].Value.Trim())
                    .Select(g => (Name: g.Key, Ms: MedianOf(g.Select(m => double.Parse(m.Groups["ms"].Value, CultureInfo.InvariantCulture))), Allocated: MedianOf(g.Select(m => double.Parse(m.Groups["alloc"].Value, CultureInfo.InvariantCulture))),
                        Cpu: MedianOf(g.Select(m => m.Groups["cpu"].Success ? double.Parse(m.Groups["cpu"].Value, CultureInfo.InvariantCulture) : double.NaN))));
                Console.WriteLine($"{label}, {tool.Name}, phases (median): " + string.Join(", ", phases.Select(p => string.Create(CultureInfo.InvariantCulture,
                    $"{p.Name} {p.Ms / 1000:0.00} s ({p.Ms / 1000 / floor.Wall:0.00}× the floor's wall, {p.Allocated:0} MB allocated{(double.IsNaN(p.Cpu) ? string.Empty : $", {p.Cpu / 1000:0.00} s CPU")})"))));
            }
        }

        // Deleted only at the end: on ext4, creating many files just after deleting many costs several times more.
        Scratch.Delete(work, made);
    }

    private static string Slug(string name) => Regex.Replace(name.ToLowerInvariant(), "[^a-z0-9]+", "-");

    // "Built 2072 pages (…)", or for a rebuild with nothing changed "Nothing changed …: output/ holds its 2072 pages (…)".
    private static int PagesBuilt(string stdout) =>
        stdout.Split('\n').LastOrDefault(l => l.StartsWith("Built ", StringComparison.Ordinal) || l.StartsWith("Nothing changed", StringComparison.Ordinal)) is { } line
            && Regex.Match(line, @"(\d+) pages") is { Success: true } count
            ? int.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture)
            : 0;

    private static Sample Median(List<Sample> samples) => new(
        MedianOf(samples.Select(s => s.Wall)),
        MedianOf(samples.Select(s => s.Cpu)),
        (long)MedianOf(samples.Select(s => (double)s.Peak)),
        string.Empty);

    private static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    // `/usr/bin/time` reports the CPU time of the command and every child it waited for (Node.js, Typst,
    // Hugo's workers) and the largest single peak; the tree's sum of resident memory is sampled every 20 ms.
    private static Sample Measure(string file, string arguments)
    {
        using (var sync = Process.Start("sync"))
        {
            sync.WaitForExit();
        }

        var account = Path.GetTempFileName();
        var start = new ProcessStartInfo("/usr/bin/time", $"-f \"%e %U %S %M\" -o \"{account}\" \"{file}\" {arguments}") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["HUGO_CACHEDIR"] = Path.Combine(Path.GetTempPath(), "researchsite-bench-hugo-cache");
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!process.WaitForExit(20))
        {
            peak = Math.Max(peak, ProcessTree.Rss(process.Id));
        }

        clock.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments}: {stderr.Result}");
        }

        var fields = File.ReadAllText(account).Trim().Split('\n').Last().Split(' ');
        File.Delete(account);
        var cpu = double.Parse(fields[1], CultureInfo.InvariantCulture) + double.Parse(fields[2], CultureInfo.InvariantCulture);
        peak = Math.Max(peak, long.Parse(fields[3], CultureInfo.InvariantCulture) * 1024);
        var wall = clock.Elapsed.TotalSeconds;
        if (Untimed().Match(stdout.Result) is { Success: true } untimed)
        {
            // What the tool did before its timed part (FilesAlone reads the tree it writes) is not counted.
            wall -= double.Parse(untimed.Groups["wall"].Value, CultureInfo.InvariantCulture) / 1000;
            cpu -= double.Parse(untimed.Groups["cpu"].Value, CultureInfo.InvariantCulture) / 1000;
        }

        return new Sample(wall, cpu, peak, stdout.Result);
    }

    [GeneratedRegex(@"^untimed: (?<wall>\d+) ms wall, (?<cpu>\d+) ms CPU", RegexOptions.Multiline)]
    private static partial Regex Untimed();

    [GeneratedRegex(@"^\s+(?<name>[a-z][a-z -]*?)\s+(?<ms>\d+) ms\s+\d+ MB managed heap\s+(?<alloc>\d+) MB allocated(?:\s+(?<cpu>\d+) ms CPU)?", RegexOptions.Multiline)]
    private static partial Regex PhaseLine();
}
