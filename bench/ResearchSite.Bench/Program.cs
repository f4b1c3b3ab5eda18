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
// against Pagefind alone on the same records, alternated: wall time, CPU time and peak memory of each, child
// processes included, and their ratios.
//        dotnet run -c Release --project bench/ResearchSite.Bench -- --search [--articles 200,1000] [--runs 1] [--other-cli PATH]
//        dotnet run -c Release --project bench/ResearchSite.Bench -- --serve [--articles 10000] [--runs 5]
// With --floor, the floor (bare Markdig), ResearchSite and Hugo (when on the PATH) build the same corpus by turns, from
// scratch; medians of wall, CPU and peak memory, output size, ratios to the floor and ResearchSite's phases; and
// ResearchSite run again with nothing changed into the folder it built (the 'unchanged rebuild' row), and the tree that
// build wrote written again alone, no parsing or rendering (the 'site's files alone' row, FilesAlone.cs).
// --pdf adds a build with the PDFs from the cache, --figures one of the corpus with three figures per study.
//        dotnet run -c Release --project bench/ResearchSite.Bench -- --floor [--articles 1000,10000] [--runs 3] [--pdf] [--figures]
//        dotnet run -c Release --project bench/ResearchSite.Bench -- --generate DIR N [--figures]
//        dotnet run -c Release --project bench/ResearchSite.Bench -- --import [--articles 2000] [--runs 3]
//        dotnet run -c Release --project bench/ResearchSite.Bench -- --pdf [--articles 200] [--runs 2]
if (args.Length == 3 && args[0] == "--floor-build")
{
    return Floor.Build(args[1], args[2]);
}

if (args.Length == 4 && args[0] == "--files-build")
{
    return FilesAlone.Write(args[1], args[2], args[3]);
}

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
// --other-cli PATH (with --search): each round also builds with search with that CLI (the code before a change).
string? otherCli = null;
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--articles")
    {
        sizes = args[i + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
    }
    else if (args[i] == "--other-cli")
    {
        // The CLI itself, or the folder it was published into.
        otherCli = Path.GetFullPath(args[i + 1]);
        otherCli = Directory.Exists(otherCli) ? Path.Combine(otherCli, "ResearchSite") : otherCli;
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

// RESEARCHSITE_BENCH_DIR: a folder of one's own; else one per checkout, so two worktrees benchmarking
// never publish into the same CLI folder.
var work = Environment.GetEnvironmentVariable("RESEARCHSITE_BENCH_DIR") is { Length: > 0 } own
    ? own
    : Path.Combine(Path.GetTempPath(), "researchsite-bench-" + Path.GetFileName(repo.TrimEnd('/')));
var scratchDirsSearch = new List<string>();
var publish = Path.Combine(work, "cli");
// Published as build.sh publishes it: Native AOT where a C compiler can link it, else ReadyToRun (the 1,000-article
// build is short enough for start and JIT time to matter).
var publishFlags = OnPath("clang") || OnPath("gcc")
    ? string.Join(' ', Run("bash", $"\"{Path.Combine(repo, "tools", "native-publish-flags.sh")}\"").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
    : "--self-contained false -p:PublishReadyToRun=true";
Console.WriteLine($"CLI published with {(publishFlags.Contains("PublishAot", StringComparison.Ordinal) ? "Native AOT" : "ReadyToRun (no C compiler for Native AOT)")} ({publishFlags})");
Run("dotnet", $"publish \"{Path.Combine(repo, "src", "ResearchSite")}\" -c Release -r linux-x64 {publishFlags} -o \"{publish}\" --nologo -v q");
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

if (args.Contains("--floor"))
{
    // The floor is this program, published as the CLI is, so that both start alike.
    var floorCli = Path.Combine(work, "floor-cli");
    Run("dotnet", $"publish \"{Path.Combine(repo, "bench", "ResearchSite.Bench")}\" -c Release -r linux-x64 {publishFlags} -o \"{floorCli}\" --nologo -v q");
    var hugoVersion = HugoVersion();
    var withHugo = hugoVersion is not null;
    Console.WriteLine(withHugo ? $"hugo: {hugoVersion}" : "hugo: not on the PATH (apt-get install hugo); without Hugo");
    var theme = Path.Combine(repo, "theme");
    var cases = new List<(string, string, int, IReadOnlyList<FloorBench.Tool>)>();
    foreach (var size in sizes)
    {
        var corpus = Path.Combine(work, $"corpus-{size}");
        if (!Directory.Exists(corpus))
        {
            CorpusGenerator.Write(corpus, size);
        }

        // The cache as a site's second build finds it (social cards, figures' variants, PDFs): filled once, untimed.
        var cacheDir = Path.Combine(work, $"floor-cache-{size}");
        string Build(string input, string output, string extra) =>
            $"build --input \"{input}\" --theme \"{theme}\" --output \"{output}\" --cache \"{cacheDir}\" --no-search --verbose {extra}";
        void Warm(string input, string extra, string stamp)
        {
            if (!File.Exists(Path.Combine(cacheDir, stamp)))
            {
                var output = Path.Combine(work, $"floor-warm-{size}");
                Run(cli, Build(input, output, extra));
                Directory.Delete(output, recursive: true);
                File.WriteAllText(Path.Combine(cacheDir, stamp), string.Empty);
            }
        }

        var tools = new List<FloorBench.Tool>
        {
            new("floor (bare Markdig)", Path.Combine(floorCli, "ResearchSite.Bench"), output => $"--floor-build \"{corpus}\" \"{output}\""),
            new("ResearchSite", cli, output => Build(corpus, output, "--no-pdf"), () => Warm(corpus, "--no-pdf", ".warm")),
        };
        // `build` run again with nothing changed, into the folder it built (once, untimed): it checks and writes nothing.
        var unchanged = Path.Combine(work, $"floor-unchanged-{size}");
        tools.Add(new("ResearchSite, unchanged rebuild", cli, _ => Build(corpus, unchanged, "--no-pdf"), () => Run(cli, Build(corpus, unchanged, "--no-pdf"))) { Output = unchanged });
        // The tree that build wrote (prepared just above), written again with no parsing or rendering: the least any
        // tool publishing this site's files could take here (its reading, untimed, is subtracted).
        tools.Add(new("the site's files alone", Path.Combine(floorCli, "ResearchSite.Bench"), output => $"--files-build \"{unchanged}\" \"{cacheDir}\" \"{output}\"") { OnTopOfFloor = true });
        if (pdf)
        {
            tools.Add(new("ResearchSite, PDFs from the cache", cli, output => Build(corpus, output, string.Empty), () => Warm(corpus, string.Empty, ".warm-pdf")));
        }

        if (figures)
        {
            var illustrated = Path.Combine(work, $"corpus-{size}-figures");
            if (!Directory.Exists(illustrated))
            {
                CorpusGenerator.Write(illustrated, size, figures: true);
            }

            tools.Add(new("ResearchSite, 3 figures per study", cli, output => Build(illustrated, output, "--no-pdf"), () => Warm(illustrated, "--no-pdf", ".warm-figures")));
        }

        if (withHugo)
        {
            var site = Path.Combine(work, $"hugo-{size}");
            tools.Add(new("Hugo", "hugo", output => $"--source \"{site}\" --destination \"{output}\" --quiet", () => HugoSite.Write(corpus, site)));
        }

        cases.Add((size.ToString("N0", CultureInfo.InvariantCulture), corpus, size, tools));
    }

    FloorBench.Run(work, cases, runs);
    return 0;
}

if (searchMode)
{
    // The three runs of each round follow one another (without search, with it, Pagefind alone), so that each
    // round's ratios compare runs made under the same load; the figures are per round and the ratios' median.
    Console.WriteLine("The default build (--no-pdf) from scratch without search, with search, and Pagefind alone (its binary fed the very requests the build sent it, then told to write the index); alternated per round.");
    Console.WriteLine("Wall time, CPU time (user + system) and peak resident memory of the whole process tree (the CLI and Pagefind's binary).");
    Console.WriteLine("| articles | round | without search: wall (s) | CPU (s) | peak (MB) | with search: wall (s) | CPU (s) | peak (MB) | Pagefind alone: wall (s) | CPU (s) | peak (MB) | with / alone (wall) | with / alone (CPU) | with / (without + alone) (CPU) | CPU (s) per program: without search; with search; alone | Pagefind's own account (with search) |");
    Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
    foreach (var size in sizes)
    {
        var corpus = Path.Combine(work, $"corpus-{size}");
        if (!Directory.Exists(corpus))
        {
            CorpusGenerator.Write(corpus, size);
        }

        var theme = Path.Combine(repo, "theme");
        var stamp = DateTime.UtcNow.Ticks;
        // The requests the build sent to Pagefind's binary, kept by it (SEARCH_INDEX_SAVE): Pagefind alone is the binary fed exactly those.
        var records = Path.Combine(work, $"search-requests-{size}.b64");
        var pagefindBinary = PagefindBinary(repo);
        string Fresh(string kind, int run)
        {
            var dir = Path.Combine(work, $"scratch-{stamp}-{size}-{kind}-{run}");
            scratchDirsSearch.Add(dir);
            return dir;
        }

        // The social cards are drawn once, by a build not counted: every counted build takes them from this
        // cache, so that the figures are the pages and search (the cards have their own benchmark, --figures).
        // Kept between runs, like the floor's (15,000 cards at 10,000 studies take minutes to draw).
        var cache = Path.Combine(work, $"search-cache-{size}");
        TimeTree(Start(cli, $"build --input \"{corpus}\" --theme \"{theme}\" --output \"{Fresh("warm", 0)}\" --no-search --no-pdf --cache \"{cache}\"", repo), null);
        var ratios = new List<(double Wall, double Cpu, double Sum)>();
        var otherRatios = new List<double>();
        Scratch.WaitUntilForgotten(work);
        for (var run = 0; run < runs; run++)
        {
            var without = TimeTree(Start(cli, $"build --input \"{corpus}\" --theme \"{theme}\" --output \"{Fresh("plain", run)}\" --no-search --no-pdf --cache \"{cache}\"", repo), null);
            // The tool keeps the records it was fed when asked: Pagefind alone is timed on exactly those.
            var with = TimeTree(Start(cli, $"build --input \"{corpus}\" --theme \"{theme}\" --output \"{Fresh("search", run)}\" --no-pdf --cache \"{cache}\" --verbose", repo, ("SEARCH_INDEX_SAVE", records)), null);
            var alone = TimeTree(Start(pagefindBinary, "--service", repo), null, process => PagefindAlone(process, records, Path.Combine(Fresh("alone", run), "pagefind")));
            var account = with.Stdout.Split('\n').FirstOrDefault(l => l.StartsWith("search: every record", StringComparison.Ordinal))?.Trim() ?? string.Empty;
            var ratio = (with.Elapsed / alone.Elapsed, with.Cpu / alone.Cpu, with.Cpu / (without.Cpu + alone.Cpu));
            ratios.Add(ratio);
            if (otherCli is not null)
            {
                // Another CLI (the code before a change) in the same round, right after Pagefind alone: with / alone of both, under one load.
                var other = TimeTree(Start(otherCli, $"build --input \"{corpus}\" --theme \"{theme}\" --output \"{Fresh("other", run)}\" --no-pdf --cache \"{cache}\" --verbose", repo), null);
                var otherAccount = other.Stdout.Split('\n').FirstOrDefault(l => l.StartsWith("search: every record", StringComparison.Ordinal))?.Trim() ?? string.Empty;
                otherRatios.Add(other.Elapsed / alone.Elapsed);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {size} | {run + 1}, --other-cli | | | | {other.Elapsed.TotalSeconds:0.00} | {other.Cpu:0.0} | {other.PeakRss >> 20} | | | | {other.Elapsed / alone.Elapsed:0.00} | {other.Cpu / alone.Cpu:0.00} | {other.Cpu / (without.Cpu + alone.Cpu):0.00} | {other.CpuByProgram} | {otherAccount} |"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {size} | {run + 1} | {without.Elapsed.TotalSeconds:0.00} | {without.Cpu:0.0} | {without.PeakRss >> 20} | {with.Elapsed.TotalSeconds:0.00} | {with.Cpu:0.0} | {with.PeakRss >> 20} | {alone.Elapsed.TotalSeconds:0.00} | {alone.Cpu:0.0} | {alone.PeakRss >> 20} | {ratio.Item1:0.00} | {ratio.Item2:0.00} | {ratio.Item3:0.00} | {without.CpuByProgram}; {with.CpuByProgram}; {alone.CpuByProgram} | {account} |"));
        }

        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {size} | median | | | | | | | | | | {Median(ratios.Select(r => r.Wall)):0.00} | {Median(ratios.Select(r => r.Cpu)):0.00} | {Median(ratios.Select(r => r.Sum)):0.00} | | |"));
        if (otherRatios.Count > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {size} | median, --other-cli | | | | | | | | | | {Median(otherRatios):0.00} | | | | |"));
        }
        File.Delete(records);
    }

    Scratch.Delete(work, scratchDirsSearch);

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
(double Scratch, double Rebuild) lastCpu = (0, 0);
if (pdf)
{
    // The PDF edition's cost: the same build with and without PDFs, from scratch (an empty cache beside a
    // new output folder) and as a rebuild (every PDF from the cache); memory counts the Typst processes too.
    // CPU time (user + system of the build and of the Typst processes it waited for) says what a PDF costs
    // on a machine shared with other work, where wall times say mostly how busy the machine was.
    Console.WriteLine("| articles | PDFs | from scratch, no PDF (s) | from scratch, PDFs (s) | CPU ms per PDF | rebuild, no PDF (s) | rebuild, PDFs (s) | CPU added on rebuild (s) | peak RSS, build + Typst (MB) |");
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
        var withoutCpu = lastCpu;
        var with = Measure(
            size,
            output => (cli, $"build --input \"{corpus}\" --theme \"{theme}\" --output \"{output}-pdf\" --cache \"{output}-pdf-cache\" --no-search"),
            (_, output) => pdfs = Directory.EnumerateFiles(output + "-pdf", "*.pdf", SearchOption.AllDirectories).Count());
        var withCpu = lastCpu;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {size} | {pdfs} | {without.Scratch.TotalSeconds:0.00} | {with.Scratch.TotalSeconds:0.00} | {(withCpu.Scratch - withoutCpu.Scratch) * 1000 / pdfs:0} | {without.Rebuild.TotalSeconds:0.00} | {with.Rebuild.TotalSeconds:0.00} | {withCpu.Rebuild - withoutCpu.Rebuild:0.00} | {with.Rss / (1024 * 1024)} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CPU s (user + system): from scratch {withoutCpu.Scratch:0.00} without PDFs, {withCpu.Scratch:0.00} with; rebuild {withoutCpu.Rebuild:0.00} without, {withCpu.Rebuild:0.00} with (least of the runs)"));
    }

    foreach (var dir in scratchDirs)
    {
        Scratch.Delete(work, new[] { dir, dir + "-pdf", dir + "-cache", dir + "-pdf-cache", Path.Combine(Path.GetDirectoryName(dir)!, $".{Path.GetFileName(dir)}-pdf.cache") });
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

Scratch.WaitUntilForgotten(work);
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
Scratch.Delete(work, scratchDirs);

return 0;

(int Pages, TimeSpan Scratch, TimeSpan Rebuild, long Rss) Measure(int size, Func<string, (string File, string Arguments)> command, Func<string, string, int> pages)
{
    var scratch = TimeSpan.MaxValue;
    var rebuild = TimeSpan.MaxValue;
    var scratchCpu = double.MaxValue;
    var rebuildCpu = double.MaxValue;
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
        var cpuBefore = ChildrenCpu();
        var (elapsed, rss, stdout) = Time(file, arguments);
        scratchCpu = Math.Min(scratchCpu, ChildrenCpu() - cpuBefore);
        scratch = elapsed < scratch ? elapsed : scratch;
        peak = Math.Max(peak, rss);
        count = pages(stdout, fresh);
    }

    // Rebuild: the same output folder again and again; the first two runs make it what it is on an author's machine.
    var output = Path.Combine(work, $"output-{size}");
    for (var run = 0; run < runs + 2; run++)
    {
        var (file, arguments) = command(output);
        var cpuBefore = ChildrenCpu();
        var (elapsed, rss, _) = Time(file, arguments);
        var cpu = ChildrenCpu() - cpuBefore;
        if (run >= 2)
        {
            rebuildCpu = Math.Min(rebuildCpu, cpu);
            rebuild = elapsed < rebuild ? elapsed : rebuild;
            peak = Math.Max(peak, rss);
        }
    }

    lastCpu = (scratchCpu, rebuildCpu);
    return (count, scratch, rebuild, peak);
}

static bool OnPath(string program) =>
    (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries).Any(dir => File.Exists(Path.Combine(dir, program)));

static string? HugoVersion()
{
    try
    {
        return Run("hugo", "version").Trim();
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return null;
    }
}

// CPU seconds (user + system) of the children this process waited for, and of theirs that they waited for
// (the build's Typst processes): cutime and cstime of /proc/self/stat, in clock ticks of 1/100 s.
static double ChildrenCpu()
{
    var stat = File.ReadAllText("/proc/self/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / 100.0;
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
// With <talk>, that speaks to the process instead (its standard input and output).
static (TimeSpan Elapsed, long PeakRss, string Stdout, double Cpu, string CpuByProgram) TimeTree(ProcessStartInfo start, string? stdinFile, Func<Process, Task>? talk = null)
{
    Run("sync", string.Empty);
    var clock = Stopwatch.StartNew();
    using var process = Process.Start(start)!;
    var stdoutTask = talk is null ? process.StandardOutput.ReadToEndAsync() : Task.FromResult(string.Empty);
    var stderrTask = process.StandardError.ReadToEndAsync();
    var feeding = talk is not null ? Task.Run(() => talk(process)) : Task.Run(async () =>
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
    var names = new Dictionary<int, string>();
    while (!process.WaitForExit(20))
    {
        peak = Math.Max(peak, ProcessTree.Rss(process.Id, cpu, names));
    }

    clock.Stop();
    feeding.GetAwaiter().GetResult();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{start.FileName} {start.Arguments}: {stderrTask.Result}");
    }

    // Clock ticks of 1/100 s (USER_HZ), as last seen per process: the last 20 ms of each are lost.
    var byProgram = string.Join(", ", cpu.GroupBy(p => names.GetValueOrDefault(p.Key, "?"))
        .Select(g => (Name: g.Key, Seconds: g.Sum(p => p.Value) / 100.0))
        .Where(p => p.Seconds >= 0.05)
        .OrderByDescending(p => p.Seconds)
        .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name} {p.Seconds:0.0}")));
    return (clock.Elapsed, peak, stdoutTask.Result, cpu.Values.Sum() / 100.0, byProgram);
}

// Pagefind's binary for this machine, chosen as the build chooses it (PagefindService.Binary): the extended one
// where it is installed.
static string PagefindBinary(string repo)
{
    var os = OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "darwin" : OperatingSystem.IsFreeBSD() ? "freebsd" : "linux";
    var cpu = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "x64",
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        var other => throw new InvalidOperationException($"Pagefind has no binary for {other}"),
    };
    var bin = Path.Combine(repo, "node_modules", "@pagefind", $"{os}-{cpu}", "bin");
    var suffix = OperatingSystem.IsWindows() ? ".exe" : string.Empty;
    return new[] { "pagefind_extended", "pagefind" }.Select(name => Path.Combine(bin, name + suffix)).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"no Pagefind binary in {bin}: run 'npm ci' in {repo}");
}

// Pagefind alone: its binary (in service mode) fed the requests a build sent it, then told to write the index
// into <output>; its input is closed (which ends it) once it says it has written.
static async Task PagefindAlone(Process pagefind, string requests, string output)
{
    var input = pagefind.StandardInput.BaseStream;
    await using (var file = File.OpenRead(requests))
    {
        await file.CopyToAsync(input);
    }

    // A JsonObject, not an anonymous type: this program is published with Native AOT too, which has no reflection-based serializer.
    var write = System.Text.Encoding.UTF8.GetBytes(new System.Text.Json.Nodes.JsonObject
    {
        ["message_id"] = int.MaxValue,
        ["payload"] = new System.Text.Json.Nodes.JsonObject { ["type"] = "WriteFiles", ["index_id"] = 0, ["output_path"] = output },
    }.ToJsonString());
    await input.WriteAsync(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(write) + ","));
    await input.FlushAsync();
    var answers = new System.Text.StringBuilder();
    var buffer = new char[65536];
    int read;
    while ((read = await pagefind.StandardOutput.ReadAsync(buffer)) > 0)
    {
        answers.Append(buffer, 0, read);
        var text = answers.ToString();
        int comma;
        while ((comma = text.IndexOf(',')) >= 0)
        {
            var answer = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(text[..comma]));
            text = text[(comma + 1)..];
            if (answer.Contains("\"type\":\"Error\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Pagefind alone: {answer}");
            }

            if (answer.Contains("\"type\":\"WriteFiles\"", StringComparison.Ordinal))
            {
                pagefind.StandardInput.Close();
                return;
            }
        }

        answers.Clear().Append(text);
    }

    throw new InvalidOperationException("Pagefind alone stopped before writing the index");
}
