using System.Globalization;

namespace ResearchSite.Bench;

/// <summary>A process and all its descendants, read from /proc: the benchmark's builds start Node.js and Typst.</summary>
public static class ProcessTree
{
    /// <summary>
    /// The tree's resident memory now; records each member's CPU time (user + system) so far in <paramref name="cpu"/>
    /// and its program's name in <paramref name="names"/> (what tells the CLI's CPU from Node.js's and Pagefind's).
    /// </summary>
    public static long Rss(int root, Dictionary<int, long>? cpu = null, Dictionary<int, string>? names = null)
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
                    // The last name seen: a child first seen between its fork and its exec still bears its parent's.
                    if (names is not null)
                    {
                        names[pid] = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
                    }

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
                if (cpu is not null)
                {
                    cpu[pid] = ticks[pid];
                }
            }
        }

        return sum;
    }

    private static long ReadStatus(int pid, string field)
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
}
