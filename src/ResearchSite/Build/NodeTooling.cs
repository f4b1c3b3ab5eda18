using System.Diagnostics;

namespace ResearchSite.Build;

/// <summary>Finding and running the Node.js tools of tools/ (with package.json beside them): the search index and the PDF edition.</summary>
internal static class NodeTooling
{
    /// <summary>The folder that holds tools/<paramref name="script"/> and package.json, above the program or the current folder.</summary>
    public static string? Find(string script) =>
        Above(dir => File.Exists(Path.Combine(dir, "tools", script)) && File.Exists(Path.Combine(dir, "package.json")));

    /// <summary>The folder whose package.json depends on <paramref name="package"/>, above the program or the current folder.</summary>
    public static string? FindPackage(string package) =>
        Above(dir => File.Exists(Path.Combine(dir, "package.json")) && File.ReadAllText(Path.Combine(dir, "package.json")).Contains($"\"{package}\":", StringComparison.Ordinal));

    private static string? Above(Func<string, bool> holds)
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = start; dir is not null; dir = Path.GetDirectoryName(dir))
            {
                if (holds(dir))
                {
                    return dir;
                }
            }
        }

        return null;
    }

    public static bool CanRun(string file, string argument)
    {
        try
        {
            return Run(file, [argument], Environment.CurrentDirectory).Code == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    public static (int Code, string Output) Run(string file, string[] arguments, string directory)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, (stdout.Result + stderr.Result).Trim());
    }

    public static string Last(string output) => output.Split('\n').LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? string.Empty;
}
