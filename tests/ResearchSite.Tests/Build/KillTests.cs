using System.Diagnostics;
using ResearchSite.Bench;

namespace ResearchSite.Tests.Build;

/// <summary>SIGKILL at any moment of a build leaves the previous output complete, and the next build succeeds.</summary>
public class KillTests
{
    [Fact]
    public void Killing_the_build_while_it_writes_loses_nothing_and_a_rerun_succeeds()
    {
        using var site = Some.Site();
        var input = Path.Combine(site.Root, "corpus");
        CorpusGenerator.Write(input, 300, seed: 3);
        var cli = Path.Combine(AppContext.BaseDirectory, "ResearchSite.dll");
        string[] arguments = [cli, "build", "--input", input, "--theme", Some.Theme, "--output", site.Output, "--no-search"];

        Assert.Equal(0, Run(arguments, killAfter: null));
        var before = site.Snapshot();
        Assert.True(before.Count > 500);

        // Kill at several moments: while reading, rendering and writing.
        foreach (var delay in new[] { 150, 400, 700, 1000, 1400 })
        {
            Run(arguments, killAfter: TimeSpan.FromMilliseconds(delay));
            Assert.Equal(before, site.Snapshot());
        }

        Assert.Equal(0, Run(arguments, killAfter: null));
        Assert.Equal(before, site.Snapshot());
        // The site replaced last is kept for the next build to reuse; nothing else may be left.
        var left = Directory.EnumerateDirectories(site.Root, ".output.*").Where(d => Path.GetFileName(d) != ".output.previous").Select(d => Path.GetFileName(d) + ": " + string.Join(",", Directory.EnumerateFileSystemEntries(d).Take(3).Select(Path.GetFileName))).ToList();
        Assert.True(left.Count == 0, string.Join("\n", left));
    }

    private static int Run(string[] arguments, TimeSpan? killAfter)
    {
        var start = new ProcessStartInfo("dotnet", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEndAsync();
        process.StandardError.ReadToEndAsync();
        if (killAfter is { } delay && !process.WaitForExit(delay))
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
        return process.ExitCode;
    }
}
