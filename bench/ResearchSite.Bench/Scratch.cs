namespace ResearchSite.Bench;

/// <summary>
/// The benchmark's output folders, deleted so that the next run's timings do not pay for it. ext4 gives no new file
/// an inode freed in the last minute (five while the inode's block is not yet written back) and searches the inode
/// tables for another; a build or a floor timed just after tens of thousands of files were deleted paid several
/// seconds of system time for it (the floor of 10,000 studies: 16 s of CPU instead of 5), in whichever tool ran
/// first. So a run waits, before it times anything, until the last deletions are that old.
/// </summary>
public static class Scratch
{
    // ext4's RECENTCY_MIN is 60 s once the inode table's blocks are clean (sync), with some margin.
    private static readonly TimeSpan Forgotten = TimeSpan.FromSeconds(75);

    /// <summary>Deletes the folders and records when, for <see cref="WaitUntilForgotten"/>.</summary>
    public static void Delete(string work, IEnumerable<string> folders)
    {
        var deleted = false;
        foreach (var folder in folders.Where(Directory.Exists))
        {
            Directory.Delete(folder, recursive: true);
            deleted = true;
        }

        if (deleted)
        {
            File.WriteAllText(Stamp(work), DateTime.UtcNow.ToString("O"));
        }
    }

    /// <summary>Waits, with a line saying so, until the benchmark's last deletions can no longer cost the timings anything.</summary>
    public static void WaitUntilForgotten(string work)
    {
        var stamp = Stamp(work);
        if (!File.Exists(stamp))
        {
            return;
        }

        var left = File.GetLastWriteTimeUtc(stamp) + Forgotten - DateTime.UtcNow;
        if (left <= TimeSpan.Zero)
        {
            return;
        }

        // Written back first: while an inode's block is dirty, ext4 holds it back five minutes, not one.
        using (var sync = System.Diagnostics.Process.Start("sync"))
        {
            sync.WaitForExit();
        }

        Console.WriteLine($"waiting {left.TotalSeconds:0} s: files deleted less than {Forgotten.TotalSeconds:0} s ago would make new ones dearer (ext4)");
        Thread.Sleep(left);
    }

    private static string Stamp(string work) => Path.Combine(work, "deleted.stamp");
}
