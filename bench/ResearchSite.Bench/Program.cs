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
//        dotnet run -c Release --project bench/ResearchSite.Bench -- --serve [--articles 10000] [--runs 5]
//        dotnet run -c Release --project bench/ResearchSite.Bench -- --generate DIR N
//        dotnet run -c Release --project bench/ResearchSite.Bench -- --import [--articles 2000] [--runs 3]
//        dotnet run -c Release --project bench/ResearchSite.Bench -- --pdf [--articles 200] [--runs 2]
if (args.Length == 3 && args[0] == "--generate")
{
    CorpusGenerator.Write(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
    return 0;
}

var sizes = new List<int> { 1000, 10000 };
var runs = 3;
var hugo = args.Contains("--hugo");
var serve = args.Contains("--serve");
var figures = args.Contains("--figures");
var pdf = args.Contains("--pdf");
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
