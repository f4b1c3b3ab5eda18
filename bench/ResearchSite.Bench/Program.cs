using System.Diagnostics;
using System.Globalization;
using ResearchSite.Bench;

// Benchmark: generates seeded bilingual corpora and builds each with the Release build of the real CLI
// as a separate process, reporting wall time, pages, pages per second and peak resident memory, for a
// build from scratch (no output/ yet, as on CI) and a rebuild (output/ from the build before, as on an
// author's machine). With --hugo, Hugo builds the same corpora in the same run, for ratios.
// With --serve, it measures `serve` instead: how long a saved study takes to reach the reload event.
// With --figures, each size is also built as a corpus with three figures per study (photo, chart, diagram),
// from scratch with an empty image cache and rebuilt with the cache the builds before left.
// Usage: dotnet run -c Release --project bench/ResearchSite.Bench -- [--articles 1000,10000] [--runs 3] [--hugo] [--figures]
// With --search, it measures the default build (with the search index) against the build without it and
// against Pagefind alone on the same records: wall time and peak memory of each, child processes included.
//        dotnet run -c Release --project bench/ResearchSite.Bench -- --search [--articles 200,1000] [--runs 1]
//        dotnet run -c Release --project bench/ResearchSite.Bench -- --serve [--articles 10000] [--runs 5]
//        dotnet run -c Release --project bench/ResearchSite.Bench -- --generate DIR N [--figures]
//        dotnet run -c Release --project bench/ResearchSite.Bench -- --import [--articles 2000] [--runs 3]
//        dotnet run -c Release --project bench/ResearchSite.Bench -- --pdf [--articles 200] [--runs 2]
if (args.Length is 3 or 4 && args[0] == "--generate")
{
    CorpusGenerator.Write(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), figures: args.Length == 4 && args[3] == "--figures");
    return 0;
}

var sizes = new List<int> { 1000, 10000 };
var runs = 3;
var hugo = args.Contains("--hugo");
var serve = args.Contains("--serve");
var figures = args.Contains("--figures");
var pdf = args.Contains("--pdf");
var searchMode = args.Contains("--search");
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--articles")
    {
        sizes = args[i + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
    }
    else if (args[i] == "--runs")
    {
        runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    }
}

var repo = AppContext.BaseDirectory;
while (!File.Exists(Path.Combine(repo, "ResearchSite.sln")))
{
    repo = Path.GetDirectoryName(repo) ?? throw new InvalidOperationException("run from inside the repository");
}

var work = Path.Combine(Path.GetTempPath(), "researchsite-bench");
var scratchDirsSearch = new List<string>();
var publish = Path.Combine(work, "cli");
// ReadyToRun: the 1,000-article build is short enough for JIT time to matter.
Run("dotnet", $"publish \"{Path.Combine(repo, "src", "ResearchSite")}\" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o \"{publish}\" --nologo -v q");
var cli = Path.Combine(publish, "ResearchSite");

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1 << 30)} GiB; best of {runs} runs");
if (serve)
{
    foreach (var size in args.Contains("--articles") ? sizes : [10000])
    {
        var corpus = Path.Combine(work, $"corpus-{size}");
        if (!Directory.Exists(corpus))
        {
            CorpusGenerator.Write(corpus, size);
        }

        Console.WriteLine($"serve, {size} articles:");
        await ServeBench.Run(cli, corpus, Path.Combine(repo, "theme"), runs);
    }

    return 0;
}

if (searchMode)
{
    Console.WriteLine("Wall time, CPU time (user + system) and peak resident memory of the whole process tree (the CLI, Node.js and Pagefind), from scratch.");
    Console.WriteLine("| articles | without search: wall (s) | CPU (s) | peak (MB) | with search: wall (s) | CPU (s) | peak (MB) | Pagefind alone: wall (s) | CPU (s) | peak (MB) | with search / Pagefind alone (wall) | Pagefind's own account |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    foreach (var size in sizes)
    {
        var corpus = Path.Combine(work, $"corpus-{size}");
        if (!Directory.Exists(corpus))
        {
            CorpusGenerator.Write(corpus, size);
        }

        var theme = Path.Combine(repo, "theme");
        var stamp = DateTime.UtcNow.Ticks;
        var records = Path.Combine(work, $"search-records-{size}.ndjson");
        (TimeSpan Time, long Peak, string Stdout, double Cpu) Best(Func<int, (TimeSpan, long, string, double)> one) =>
            Enumerable.Range(0, runs).Select(one).Aggregate((a, b) => a.Item1 <= b.Item1 ? (a.Item1, Math.Max(a.Item2, b.Item2), a.Item3, a.Item4) : (b.Item1, Math.Max(a.Item2, b.Item2), b.Item3, b.Item4));
        string Fresh(string kind, int run)
        {
            var dir = Path.Combine(work, $"scratch-{stamp}-{size}-{kind}-{run}");
            scratchDirsSearch.Add(dir);
            return dir;
        }

        var without = Best(run => TimeTree(Start(cli, $"build --input \"{corpus}\" --theme \"{theme}\" --output \"{Fresh("plain", run)}\" --no-search", repo), null));
        // The tool keeps the records it was fed when asked: Pagefind alone is timed on exactly those.
        var with = Best(run => TimeTree(Start(cli, $"build --input \"{corpus}\" --theme \"{theme}\" --output \"{Fresh("search", run)}\" --verbose", repo, ("SEARCH_INDEX_SAVE", records)), null));
        var alone = Best(run => TimeTree(Start("node", $"\"{Path.Combine(repo, "tools", "search-index.mjs")}\" --to \"{Path.Combine(Fresh("alone", run), "pagefind")}\"", repo), records));
        var account = with.Stdout.Split('\n').FirstOrDefault(l => l.StartsWith("search: every record", StringComparison.Ordinal))?.Trim() ?? string.Empty;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {size} | {without.Time.TotalSeconds:0.00} | {without.Cpu:0.0} | {without.Peak >> 20} | {with.Time.TotalSeconds:0.00} | {with.Cpu:0.0} | {with.Peak >> 20} | {alone.Time.TotalSeconds:0.00} | {alone.Cpu:0.0} | {alone.Peak >> 20} | {with.Time / alone.Time:0.00} | {account} |"));
        File.Delete(records);
    }

    foreach (var dir in scratchDirsSearch)
    {
        Directory.Delete(dir, recursive: true);
    }

    return 0;
}

if (args.Contains("--import"))
{
    // `import wordpress` of a generated export into a fresh site each run (registries partly filled), then the check it runs.
    foreach (var size in args.Contains("--articles") ? sizes : [2000])
    {
        var best = TimeSpan.MaxValue;
        long peak = 0;
        var bytes = 0L;
        for (var run = 0; run < runs; run++)
        {
            var folder = Path.Combine(work, $"import-{size}-{run}");
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            var export = Path.Combine(folder, "export.xml");
            Directory.CreateDirectory(folder);
            ExportGenerator.Write(export, Path.Combine(folder, "input"), size);
            bytes = new FileInfo(export).Length;
            var (elapsed, rss, _) = Time(cli, $"import wordpress \"{export}\" --input \"{Path.Combine(folder, "input")}\" --theme \"{Path.Combine(repo, "theme")}\"");
            best = elapsed < best ? elapsed : best;
            peak = Math.Max(peak, rss);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"import wordpress: {size} posts ({bytes / (1024 * 1024)} MB export) in {best.TotalSeconds:0.00} s, peak RSS {peak / (1024 * 1024)} MB"));
    }

    return 0;
}

var scratchDirs = new List<string>();
if (pdf)
{
    // The PDF edition's cost: the same build with and without PDFs, from scratch (an empty cache beside a
    // new output folder) and as a rebuild (every PDF from the cache); memory counts the Typst processes too.
    Console.WriteLine("| articles | PDFs | from scratch, no PDF (s) | from scratch, PDFs (s) | ms per PDF | rebuild, no PDF (s) | rebuild, PDFs (s) | added on rebuild (s) | peak RSS, build + Typst (MB) |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    foreach (var size in args.Contains("--articles") ? sizes : [200])
    {
        var corpus = Path.Combine(work, $"corpus-{size}");
        if (!Directory.Exists(corpus))
        {
            CorpusGenerator.Write(corpus, size);
        }

        var theme = Path.Combine(repo, "theme");
        var pdfs = 0;
        var without = Measure(size, output => (cli, $"build --input \"{corpus}\" --theme \"{theme}\" --output \"{output}\" --cache \"{output}-cache\" --no-search --no-pdf"), (_, _) => 0);
        var with = Measure(
            size,
            output => (cli, $"build --input \"{corpus}\" --theme \"{theme}\" --output \"{output}-pdf\" --cache \"{output}-pdf-cache\" --no-search"),
            (_, output) => pdfs = Directory.EnumerateFiles(output + "-pdf", "*.pdf", SearchOption.AllDirectories).Count());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {size} | {pdfs} | {without.Scratch.TotalSeconds:0.00} | {with.Scratch.TotalSeconds:0.00} | {(with.Scratch - without.Scratch).TotalMilliseconds / pdfs:0} | {without.Rebuild.TotalSeconds:0.00} | {with.Rebuild.TotalSeconds:0.00} | {(with.Rebuild - without.Rebuild).TotalSeconds:0.00} | {with.Rss / (1024 * 1024)} |"));
    }

    foreach (var dir in scratchDirs)
    {
        foreach (var made in new[] { dir, dir + "-pdf", dir + "-cache", dir + "-pdf-cache", Path.Combine(Path.GetDirectoryName(dir)!, $".{Path.GetFileName(dir)}-pdf.cache") })
        {
            if (Directory.Exists(made))
            {
                Directory.Delete(made, recursive: true);
            }
        }
    }

    return 0;
}

if (hugo)
{
    try
    {
        Console.WriteLine($"hugo: {Run("hugo", "version").Trim()}");
    }
    catch (System.ComponentModel.Win32Exception)
    {
        // Debian's package is `hugo`; without it the comparison is left out, not the benchmark.
        Console.WriteLine("hugo: not on the PATH (apt-get install hugo); building with ResearchSite only");
        hugo = false;
    }
}

Console.WriteLine("| articles | tool | pages | from scratch (s) | rebuild (s) | pages/s | peak RSS (MB) | ms per article |");
Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|");
foreach (var size in sizes)
{
    var corpus = Path.Combine(work, $"corpus-{size}");
    if (!Directory.Exists(corpus))
    {
        CorpusGenerator.Write(corpus, size);
    }

    var theme = Path.Combine(repo, "theme");
    // The image cache lies beside each output folder: empty for a build from scratch, kept for a rebuild.
    var ours = Measure(
        size,
        output => (cli, $"build --input \"{corpus}\" --theme \"{theme}\" --output \"{output}\" --cache \"{output}-cache\" --no-search --no-pdf"),
        (stdout, _) => int.Parse(stdout.Split('\n').Last(l => l.StartsWith("Built ", StringComparison.Ordinal)).Split(' ')[1], CultureInfo.InvariantCulture));
    Print(size, "ResearchSite", ours);

    if (figures)
    {
        var illustrated = Path.Combine(work, $"corpus-{size}-figures");
        if (!Directory.Exists(illustrated))
        {
            CorpusGenerator.Write(illustrated, size, figures: true);
        }

        var withFigures = Measure(
            size,
            output => (cli, $"build --input \"{illustrated}\" --theme \"{theme}\" --output \"{output}-figures\" --cache \"{output}-figures-cache\" --no-search --no-pdf"),
            (stdout, _) => int.Parse(stdout.Split('\n').Last(l => l.StartsWith("Built ", StringComparison.Ordinal)).Split(' ')[1], CultureInfo.InvariantCulture));
        Print(size, "ResearchSite, 3 figures per study", withFigures);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {size} | ratio with/without figures | | {withFigures.Scratch / ours.Scratch:0.00} | {withFigures.Rebuild / ours.Rebuild:0.00} | | {(double)withFigures.Rss / ours.Rss:0.00} | |"));
    }

    if (hugo)
    {
        var site = Path.Combine(work, $"hugo-{size}");
        HugoSite.Write(corpus, site);
        var theirs = Measure(
            size,
            output => ("hugo", $"--source \"{site}\" --destination \"{output}\" --quiet"),
            (_, output) => Directory.EnumerateFiles(output, "*.html", SearchOption.AllDirectories).Count());
        Print(size, "Hugo", theirs);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {size} | ratio ours/Hugo | | {ours.Scratch / theirs.Scratch:0.00} | {ours.Rebuild / theirs.Rebuild:0.00} | | {(double)ours.Rss / theirs.Rss:0.00} | |"));
    }
}

// Deleted only now: on ext4, files created within minutes of deleting many cost several times more,
// which would slow every run after the first.
foreach (var dir in scratchDirs.Where(Directory.Exists))
{
    Directory.Delete(dir, recursive: true);
}

return 0;

(int Pages, TimeSpan Scratch, TimeSpan Rebuild, long Rss) Measure(int size, Func<string, (string File, string Arguments)> command, Func<string, string, int> pages)
{
    var scratch = TimeSpan.MaxValue;
    var rebuild = TimeSpan.MaxValue;
    long peak = 0;
    var count = 0;
    var stamp = DateTime.UtcNow.Ticks;
    for (var run = 0; run < runs; run++)
    {
        // From scratch: a folder never used, as on CI and Netlify.
        var fresh = Path.Combine(work, $"scratch-{stamp}-{size}-{run}");
        scratchDirs.Add(fresh);
        scratchDirs.Add(fresh + "-cache");
        scratchDirs.Add(fresh + "-figures");
        scratchDirs.Add(fresh + "-figures-cache");
        var (file, arguments) = command(fresh);
        var (elapsed, rss, stdout) = Time(file, arguments);
        scratch = elapsed < scratch ? elapsed : scratch;
        peak = Math.Max(peak, rss);
        count = pages(stdout, fresh);
    }

    // Rebuild: the same output folder again and again; the first two runs make it what it is on an author's machine.
    var output = Path.Combine(work, $"output-{size}");
    for (var run = 0; run < runs + 2; run++)
    {
        var (file, arguments) = command(output);
        var (elapsed, rss, _) = Time(file, arguments);
        if (run >= 2)
        {
            rebuild = elapsed < rebuild ? elapsed : rebuild;
            peak = Math.Max(peak, rss);
        }
    }

    return (count, scratch, rebuild, peak);
}

static void Print(int size, string tool, (int Pages, TimeSpan Scratch, TimeSpan Rebuild, long Rss) m) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {size} | {tool} | {m.Pages} | {m.Scratch.TotalSeconds:0.00} | {m.Rebuild.TotalSeconds:0.00} | {m.Pages / m.Scratch.TotalSeconds:0} | {m.Rss / (1024 * 1024)} | {m.Scratch.TotalMilliseconds / size:0.00} |"));

// Runs a command to its end and returns what it printed; a failure stops the benchmark.
static string Run(string file, string arguments)
{
    using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true })!;
    var text = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{file} {arguments} failed");
    }

    return text;
}

// Wall time including process start, and peak resident memory from the kernel's own account (VmHWM).
// Dirty pages of the run before are flushed first, so that no run pays for another's writes.
static (TimeSpan Elapsed, long PeakRss, string Stdout) Time(string file, string arguments)
{
    Run("sync", string.Empty);
    var clock = Stopwatch.StartNew();
    using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
    long peak = 0;
    var stdoutTask = process.StandardOutput.ReadToEndAsync();
    var stderrTask = process.StandardError.ReadToEndAsync();
    while (!process.WaitForExit(20))
    {
        peak = Math.Max(peak, ReadPeak(process.Id));
    }

    clock.Stop();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{file} {arguments}: {stderrTask.Result}");
    }

    return (clock.Elapsed, peak, stdoutTask.Result);
}

// The process's peak and its children's (the Typst processes of the PDF edition): each one's own peak,
// added up, so an upper bound of what they held at once.
static long ReadPeak(int pid)
{
    var total = ReadOwnPeak(pid);
    try
    {
        foreach (var child in File.ReadAllText($"/proc/{pid}/task/{pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            total += ReadOwnPeak(int.Parse(child, CultureInfo.InvariantCulture));
        }
    }
    catch (IOException)
    {
    }

    return total;
}

static long ReadOwnPeak(int pid)
{
    try
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
    catch (IOException)
    {
        return 0;
    }
}

static ProcessStartInfo Start(string file, string arguments, string directory, params (string Name, string Value)[] environment)
{
    var start = new ProcessStartInfo(file, arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
    foreach (var (name, value) in environment)
    {
        start.Environment[name] = value;
    }

    return start;
}

// Wall time, and the peak of the resident memory of the process and all its descendants together, sampled
// every 20 ms from /proc (a child's own peak is lost once it exits, so the sum is sampled while they run).
static (TimeSpan Elapsed, long PeakRss, string Stdout, double Cpu) TimeTree(ProcessStartInfo start, string? stdinFile)
{
    Run("sync", string.Empty);
    var clock = Stopwatch.StartNew();
    using var process = Process.Start(start)!;
    var stdoutTask = process.StandardOutput.ReadToEndAsync();
    var stderrTask = process.StandardError.ReadToEndAsync();
    var feeding = Task.Run(async () =>
    {
        if (stdinFile is not null)
        {
            await using var file = File.OpenRead(stdinFile);
            await file.CopyToAsync(process.StandardInput.BaseStream);
        }

        process.StandardInput.Close();
    });
    long peak = 0;
    var cpu = new Dictionary<int, long>();
    while (!process.WaitForExit(20))
    {
        peak = Math.Max(peak, TreeRss(process.Id, cpu));
    }

    clock.Stop();
    feeding.Wait();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{start.FileName} {start.Arguments}: {stderrTask.Result}");
    }

    // Clock ticks of 1/100 s (USER_HZ), as last seen per process: the last 20 ms of each are lost.
    return (clock.Elapsed, peak, stdoutTask.Result, cpu.Values.Sum() / 100.0);
}

// The tree's resident memory now; records each member's CPU time (user + system) so far in cpu.
static long TreeRss(int root, Dictionary<int, long> cpu)
{
    var ticks = new Dictionary<int, long>();
    var parents = new Dictionary<int, int>();
    foreach (var dir in Directory.EnumerateDirectories("/proc"))
    {
        if (int.TryParse(Path.GetFileName(dir), out var pid))
        {
            try
            {
                // The parent is the 4th field, after the name in parentheses (which may hold spaces).
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
                ticks[pid] = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // Gone meanwhile.
            }
        }
    }

    long sum = 0;
    foreach (var pid in parents.Keys)
    {
        var p = pid;
        while (p != root && parents.TryGetValue(p, out var parent) && parent > 1)
        {
            p = parent;
        }

        if (p == root)
        {
            sum += ReadStatus(pid, "VmRSS:");
            cpu[pid] = ticks[pid];
        }
    }

    return sum;
}

static long ReadStatus(int pid, string field)
{
    try
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
    catch (IOException)
    {
        return 0;
    }
}
