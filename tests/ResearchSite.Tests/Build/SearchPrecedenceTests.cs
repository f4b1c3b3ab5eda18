using System.Diagnostics;
using ResearchSite.Bench;
using ResearchSite.Build;

namespace ResearchSite.Tests.Build;

/// <summary>
/// The command line's build gives Pagefind's process precedence while it indexes (its own threads at a lower
/// priority); a build run inside another program (a test run, serve) never lowers that program's priority.
/// </summary>
[Trait("Speed", "Slow")]
public class SearchPrecedenceTests
{
    [Fact]
    public async Task The_command_lines_build_gives_way_to_Pagefind_while_it_indexes()
    {
        using var site = Some.Site();
        var input = Path.Combine(site.Root, "corpus");
        CorpusGenerator.Write(input, 60, seed: 5);
        var cli = Path.Combine(AppContext.BaseDirectory, "ResearchSite.dll");
        var start = new ProcessStartInfo("dotnet", [cli, "build", "--input", input, "--theme", Some.Theme, "--output", site.Output, "--no-pdf", "--cache", Path.Combine(site.Root, "cache")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Relative to this test run's own priority, which the build starts with (CI may run it lowered already).
        var started = int.Parse(Stat($"/proc/{Environment.ProcessId}/stat")![16], System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        // Sampled until the build ends: each sample is the priorities of the build's threads and of its Pagefind child.
        var yielded = false;
        var pagefindSeen = false;
        var pagefindLowered = new List<int>();
        while (!process.WaitForExit(5))
        {
            var threads = Niceness(process.Id);
            var pagefind = Children(process.Id).Where(child => Name(child).StartsWith("pagefind", StringComparison.Ordinal)).SelectMany(Niceness).ToList();
            if (pagefind.Count == 0 || threads.Count == 0)
            {
                continue;
            }

            pagefindSeen = true;
            pagefindLowered.AddRange(pagefind.Where(nice => nice != started));
            yielded |= threads.All(nice => nice == SearchPrecedence.Yielded(started));
        }

        var said = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, said);
        Assert.Contains("search: indexed", said);
        Assert.True(pagefindSeen, "Pagefind's process was never seen while the build ran");
        Assert.True(started >= 19 || yielded, "the build's threads never all ran at the lower priority while Pagefind indexed");
        Assert.Empty(pagefindLowered);
    }

    [Fact]
    public void A_build_with_search_inside_another_program_leaves_that_programs_priority_alone()
    {
        using var site = Some.Site().Article("ar", "study", Some.FrontMatter(title: "التحالف الدولي"), "نصّ الدراسة.\n");
        var before = Niceness(Environment.ProcessId).Distinct().ToList();

        var result = BuildPipeline.Run(new BuildOptions(site.Input, Some.Theme, site.Output, false, null) { Search = true });
        var (code, _, _) = Some.Cli("build", "--input", site.Input, "--theme", Some.Theme, "--output", site.Output + "-cli", "--no-pdf", "--cache", Path.Combine(site.Root, "cache"));

        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        Assert.Equal("search: indexed 1 page", result.SearchMessage);
        Assert.Equal(0, code);
        Assert.Equal(before, Niceness(Environment.ProcessId).Distinct().ToList());
    }

    /// <summary>The nice value of each thread of a process (field 19 of its threads' stat files); empty once it has gone.</summary>
    private static List<int> Niceness(int process)
    {
        var values = new List<int>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{process}/task"))
            {
                if (Stat(Path.Combine(task, "stat")) is { } fields)
                {
                    values.Add(int.Parse(fields[16], System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return values;
    }

    private static IEnumerable<int> Children(int parent) =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => name!.All(char.IsAsciiDigit))
            .Select(name => int.Parse(name!, System.Globalization.CultureInfo.InvariantCulture))
            .Where(pid => Stat($"/proc/{pid}/stat") is { } fields && fields[1] == parent.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ToList();

    private static string Name(int process)
    {
        try
        {
            return File.ReadAllText($"/proc/{process}/comm").Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    /// <summary>The fields of a stat file after the command's name (which may hold spaces): the state is [0], the parent [1], nice [16].</summary>
    private static string[]? Stat(string path)
    {
        try
        {
            var text = File.ReadAllText(path);
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
