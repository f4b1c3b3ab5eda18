using System.Diagnostics;

namespace ResearchSite.Tests;

/// <summary>Named pipes for tests, and a way to run what might block on one without hanging the suite.</summary>
public static class SpecialFiles
{
    public static void Fifo(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { RedirectStandardError = true })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    /// <summary>
    /// Runs <paramref name="work"/> and fails when it takes longer than a minute. A build that opens one of
    /// <paramref name="fifos"/> waits for a writer: it is given one (and so an empty file) to let it end.
    /// </summary>
    public static T Within<T>(Func<T> work, params string[] fifos)
    {
        var task = Task.Run(work);
        if (task.Wait(TimeSpan.FromMinutes(1)))
        {
            return task.Result;
        }

        foreach (var fifo in fifos)
        {
            // Opening it to write blocks too until a reader comes: never wait on that either.
            var unblock = Task.Run(() =>
            {
                using var writer = new FileStream(fifo, FileMode.Open, FileAccess.Write);
            });
            try
            {
                unblock.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // Moved or gone: nothing waits on it.
            }
        }

        task.Wait(TimeSpan.FromSeconds(10));
        Assert.Fail("the build hung on a named pipe");
        return default!;
    }
}
