using System.Runtime.InteropServices;

namespace ResearchSite.Build;

/// <summary>
/// Gives Pagefind's process precedence over the build's own threads. Pagefind indexes on one core and is the
/// longest part of a build with search; on a machine with few cores the build's render and write threads took
/// turns on that core with it and slowed the whole build by the time they took. A lower priority (nice 10 more
/// than the build was started with) leaves them the time Pagefind does not use: the pages are still written long
/// before Pagefind ends.
/// </summary>
/// <remarks>
/// An unprivileged process cannot take a lower priority back, so only a process that runs one build and
/// exits lowers it (the CLI's <c>build</c>): never <c>serve</c>, nor a library caller or a test run.
/// </remarks>
internal static class SearchPrecedence
{
    /// <summary>How much lower than it started with (in nice values, of which 19 is the lowest).</summary>
    public const int Lower = 10;

    /// <summary>The nice value a build started at <paramref name="started"/> gives its threads while Pagefind indexes.</summary>
    public static int Yielded(int started) => Math.Min(19, started + Lower);

    /// <summary>
    /// Lowers every thread of this process by <see cref="Lower"/> (on Linux a priority is each thread's own;
    /// threads started later take their starter's). Called once Pagefind has started, which keeps the priority the
    /// build was started with. Where the system will not, nothing changes: the build is only slower.
    /// </summary>
    public static void YieldToChildren()
    {
        try
        {
            var started = GetPriority(ProcessPriority, 0);
            if (started == -1 && Marshal.GetLastPInvokeError() != 0)
            {
                return;
            }

            var nice = Yielded(started);
            if (OperatingSystem.IsLinux())
            {
                // Twice: a thread started while the first pass ran may have taken its starter's priority before it changed.
                for (var pass = 0; pass < 2; pass++)
                {
                    foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
                    {
                        if (int.TryParse(Path.GetFileName(task), out var thread))
                        {
                            SetPriority(ProcessPriority, thread, nice);
                        }
                    }
                }
            }
            else if (OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
            {
                // There a priority is the whole process's.
                SetPriority(ProcessPriority, 0, nice);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EntryPointNotFoundException or DllNotFoundException)
        {
        }
    }

    private const int ProcessPriority = 0;

    // Of the calling thread on Linux, of the process elsewhere; -1 is a valid value, told apart by errno.
    [DllImport("libc", EntryPoint = "getpriority", SetLastError = true)]
    private static extern int GetPriority(int which, int who);

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int priority);
}
