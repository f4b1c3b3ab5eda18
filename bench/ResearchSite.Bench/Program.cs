using System.Diagnostics;
using System.Globalization;
using ResearchSite.Bench;

// Benchmark: generates seeded bilingual corpora and builds each with the Release build of the real
// CLI as a separate process, reporting wall time, pages, pages per second and peak resident memory.
// Usage: dotnet run -c Release --project bench/ResearchSite.Bench -- [--articles 1000,10000] [--runs 3] [--generate DIR N]
if (args.Length == 3 && args[0] == "--generate")
{
    CorpusGenerator.Write(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
    return 0;
}

var sizes = new List<int> { 1000, 10000 };
var runs = 3;
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

var publish = Path.Combine(Path.GetTempPath(), "researchsite-bench", "cli");
// ReadyToRun: the 1,000-article build is short enough for JIT time to matter.
Run("dotnet", $"publish \"{Path.Combine(repo, "src", "ResearchSite")}\" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o \"{publish}\" --nologo -v q");
var cli = Path.Combine(publish, "ResearchSite");

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1 << 30)} GiB");
Console.WriteLine("| articles | pages | wall (s, best of runs) | pages/s | peak RSS (MB) | ms per article |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
foreach (var size in sizes)
{
    var corpus = Path.Combine(Path.GetTempPath(), "researchsite-bench", $"corpus-{size}");
    if (!Directory.Exists(corpus))
    {
        CorpusGenerator.Write(corpus, size);
    }

    var output = Path.Combine(Path.GetTempPath(), "researchsite-bench", $"output-{size}");
    var best = TimeSpan.MaxValue;
    long peak = 0;
    var pages = 0;
    for (var run = 0; run < runs; run++)
    {
        // A fresh build, as on CI and Netlify: replacing an existing output/ also deletes the old one.
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }

        // Without the search index: the same kinds of pages as other generators build (Pagefind is timed by itself).
        var (elapsed, rss, stdout) = Measure(cli, $"build --input \"{corpus}\" --theme \"{Path.Combine(repo, "theme")}\" --output \"{output}\" --no-search");
        best = elapsed < best ? elapsed : best;
        peak = Math.Max(peak, rss);
        var summary = stdout.Split('\n').LastOrDefault(l => l.StartsWith("Built ", StringComparison.Ordinal)) ?? throw new InvalidOperationException(stdout);
        pages = int.Parse(summary.Split(' ')[1], CultureInfo.InvariantCulture);
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {size} | {pages} | {best.TotalSeconds:0.00} | {pages / best.TotalSeconds:0} | {peak / (1024 * 1024)} | {best.TotalMilliseconds / size:0.00} |"));
}

return 0;

static void Run(string file, string arguments)
{
    using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true })!;
    process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{file} {arguments} failed");
    }
}

// Wall time including process start, and peak resident memory from the kernel's own account (VmHWM).
static (TimeSpan Elapsed, long PeakRss, string Stdout) Measure(string file, string arguments)
{
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
        throw new InvalidOperationException(stderrTask.Result);
    }

    return (clock.Elapsed, peak, stdoutTask.Result);
}

static long ReadPeak(int pid)
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
