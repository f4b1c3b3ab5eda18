using System.Diagnostics;
using ResearchSite.Bench;

namespace ResearchSite.Tests.Build;

/// <summary>SIGKILL at any moment of a build leaves the previous output complete, and the next build succeeds.</summary>
[Trait("Speed", "Slow")]
public class KillTests
{
    [Fact]
    public void Killing_the_build_while_it_writes_loses_nothing_and_a_rerun_succeeds()
    {
        using var site = Some.Site();
        var input = Path.Combine(site.Root, "corpus");
        CorpusGenerator.Write(input, 300, seed: 3);
        var cli = Path.Combine(AppContext.BaseDirectory, "ResearchSite.dll");
        string[] arguments = [cli, "build", "--input", input, "--theme", Some.Theme, "--output", site.Output, "--no-search", "--no-pdf", "--cache", Path.Combine(site.Root, "cache")];

        // Without PDFs: their typesetting (tested on its own) would make the build minutes long here, and
        // the kills below are about the writing of the output folder.
        // The shorter of two whole builds, so that a slow first run (cold caches, a busy machine)
        // does not place the kills after the end of the next builds.
        var whole = TimeSpan.MaxValue;
        for (var i = 0; i < 2; i++)
        {
            var clock = Stopwatch.StartNew();
            Assert.Equal((0, false), Run(arguments, killAfter: null));
            whole = clock.Elapsed < whole ? clock.Elapsed : whole;
        }

        var before = site.Snapshot();
        Assert.True(before.Count > 500);

        // Kill at several moments of a build as long as the one just measured: while it starts,
        // reads, renders and writes. A kill that came after the build ended would prove nothing.
        // The machine may be faster now than when measured (other tests run beside this one): a build
        // that ended before its kill is checked too, and the kill is tried again earlier.
        foreach (var fraction in new[] { 0.05, 0.2, 0.35, 0.5, 0.65 })
        {
            var delay = whole * fraction;
            var killed = false;
            for (var attempt = 0; attempt < 6 && !killed; attempt++, delay /= 2)
            {
                (_, killed) = Run(arguments, killAfter: delay);
                Assert.Equal(before, site.Snapshot());
            }

            Assert.True(killed, $"every build ended before its kill, the last at {delay.TotalMilliseconds * 2:0} ms");
        }

        Assert.Equal((0, false), Run(arguments, killAfter: null));
        Assert.Equal(before, site.Snapshot());
        // The site replaced last is kept for the next build to reuse; nothing else may be left.
        var left = Directory.EnumerateDirectories(site.Root, ".output.*").Where(d => Path.GetFileName(d) != ".output.previous").Select(d => Path.GetFileName(d) + ": " + string.Join(",", Directory.EnumerateFileSystemEntries(d).Take(3).Select(Path.GetFileName))).ToList();
        Assert.True(left.Count == 0, string.Join("\n", left));
    }

    private static (int Code, bool Killed) Run(string[] arguments, TimeSpan? killAfter)
    {
        var start = new ProcessStartInfo("dotnet", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEndAsync();
        process.StandardError.ReadToEndAsync();
        var killed = false;
        if (killAfter is { } delay && !process.WaitForExit(delay))
        {
            process.Kill(entireProcessTree: true);
            killed = true;
        }

        process.WaitForExit();
        return (process.ExitCode, killed);
    }
}
