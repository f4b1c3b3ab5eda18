using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace ResearchSite.Bench;

/// <summary>
/// The site's files alone: the very tree a ResearchSite build wrote (its folders, each file's bytes, and which
/// files are hard links to the image cache), read into memory first and untimed, then written from scratch into a
/// new folder in parallel on every core, with no parsing or rendering: the least any tool that publishes this
/// site's files could take on this machine. Each file costs the system calls it cannot do without (open, write,
/// close; link for a card; mkdir for a folder). The reading is reported on its own line, which the benchmark
/// subtracts from the run's wall and CPU time; the peak memory includes the tree held in memory.
/// </summary>
public static class FilesAlone
{
    private sealed record Folder(byte[] Path, List<(byte[] Path, byte[]? Bytes, byte[]? LinkTo)> Files);

    public static int Write(string source, string cache, string output)
    {
        var clock = Stopwatch.StartNew();
        var cpu = Environment.CpuUsage.TotalTime;
        var cached = new Dictionary<(ulong Device, ulong Inode), string>();
        foreach (var file in Directory.EnumerateFiles(cache, "*", SearchOption.AllDirectories))
        {
            if (Identity(file) is { Links: > 1 } id)
            {
                cached[(id.Device, id.Inode)] = file;
            }
        }

        // Breadth first, so that each level's folders have their parents made by the level before.
        var options = new EnumerationOptions { RecurseSubdirectories = false, AttributesToSkip = 0 };
        var levels = new List<List<Folder>>();
        var level = new List<string> { source };
        int files = 0, links = 0, folders = 0;
        long bytes = 0;
        while (level.Count > 0)
        {
            var made = new List<Folder>();
            var next = new List<string>();
            foreach (var dir in level)
            {
                var relative = Path.GetRelativePath(source, dir);
                var target = relative == "." ? output : Path.Combine(output, relative);
                var folder = new Folder(CString(Path.TrimEndingDirectorySeparator(target)), []);
                foreach (var file in Directory.EnumerateFiles(dir, "*", options).Order(StringComparer.Ordinal))
                {
                    var path = CString(Path.Combine(target, Path.GetFileName(file)));
                    if (Identity(file) is { Links: > 1 } id && cached.TryGetValue((id.Device, id.Inode), out var original))
                    {
                        folder.Files.Add((path, null, CString(original)));
                        links++;
                    }
                    else
                    {
                        var content = File.ReadAllBytes(file);
                        bytes += content.Length;
                        folder.Files.Add((path, content, null));
                    }

                    files++;
                }

                made.Add(folder);
                folders++;
                next.AddRange(Directory.EnumerateDirectories(dir, "*", options).Order(StringComparer.Ordinal));
            }

            levels.Add(made);
            level = next;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"untimed: {clock.Elapsed.TotalMilliseconds:0} ms wall, {(Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds:0} ms CPU (read {folders} folders, {files} files of which {links} hard links to the cache, {bytes / 1e6:0.0} MB)"));

        // RESEARCHSITE_FILES_ALONE, for comparing ways of writing the same tree: "serial" (one thread), "folders-first"
        // (every folder made by one thread, then the files in parallel), "dotnet" (.NET's File.OpenHandle and Directory.CreateDirectory
        // with file locking on: a lock, a truncation and a seek more per file; the CLI turns locking off, ResearchSite.csproj).
        var way = Environment.GetEnvironmentVariable("RESEARCHSITE_FILES_ALONE") ?? string.Empty;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = way.Contains("serial", StringComparison.Ordinal) ? 1 : -1 };
        var dotnet = way.Contains("dotnet", StringComparison.Ordinal);
        var foldersFirst = way.Contains("folders-first", StringComparison.Ordinal);
        clock.Restart();
        if (foldersFirst)
        {
            foreach (var folder in levels.SelectMany(l => l))
            {
                MakeFolder(folder.Path, dotnet);
            }
        }

        foreach (var tier in levels)
        {
            Parallel.ForEach(tier, parallel, folder =>
            {
                if (!foldersFirst)
                {
                    MakeFolder(folder.Path, dotnet);
                }

                foreach (var (path, content, linkTo) in folder.Files)
                {
                    if (linkTo is not null)
                    {
                        Check(Link(linkTo, path), "link", path);
                    }
                    else if (dotnet)
                    {
                        using var handle = File.OpenHandle(Encoding.UTF8.GetString(path, 0, path.Length - 1), FileMode.Create, FileAccess.Write, FileShare.None);
                        RandomAccess.Write(handle, content!, 0);
                    }
                    else
                    {
                        var fd = Open(path, OpenWriteOnly | OpenCreate | OpenTruncate | OpenCloseOnExec, 0x1b6);
                        Check(fd, "open", path);
                        for (var at = 0; at < content!.Length;)
                        {
                            var n = (int)WriteFile(fd, ref content[at], content.Length - at);
                            Check(n, "write", path);
                            at += n;
                        }

                        Check(Close(fd), "close", path);
                    }
                }
            });
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"written in {clock.Elapsed.TotalMilliseconds:0} ms"));
        return 0;
    }

    private static void MakeFolder(byte[] path, bool dotnet)
    {
        if (dotnet)
        {
            Directory.CreateDirectory(Encoding.UTF8.GetString(path, 0, path.Length - 1));
        }
        else
        {
            Check(MakeDirectory(path, 0x1ff), "mkdir", path);
        }
    }

    private static byte[] CString(string path)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }

    private static void Check(int result, string call, byte[] path)
    {
        if (result < 0)
        {
            throw new IOException($"{call} {Encoding.UTF8.GetString(path, 0, path.Length - 1)}: error {Marshal.GetLastPInvokeError()}");
        }
    }

    // statx of the path itself: stx_nlink at 16, stx_ino at 32, stx_dev_major and _minor at 136 and 140.
    private static (ulong Device, ulong Inode, uint Links)? Identity(string path)
    {
        var buffer = new byte[256];
        return Statx(-100, CString(path), 0x100, 4 | 0x100, buffer) == 0
            ? (((ulong)BitConverter.ToUInt32(buffer, 136) << 32) | BitConverter.ToUInt32(buffer, 140), BitConverter.ToUInt64(buffer, 32), BitConverter.ToUInt32(buffer, 16))
            : null;
    }

    private const int OpenWriteOnly = 1;
    private const int OpenCreate = 0x40;
    private const int OpenTruncate = 0x200;
    private const int OpenCloseOnExec = 0x80000;

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirfd, byte[] path, int flags, uint mask, [Out] byte[] buffer);

    [DllImport("libc", EntryPoint = "mkdir", SetLastError = true)]
    private static extern int MakeDirectory(byte[] path, int mode);

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link(byte[] existing, byte[] link);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open(byte[] path, int flags, int mode);

    [DllImport("libc", EntryPoint = "write", SetLastError = true)]
    private static extern nint WriteFile(int fd, ref byte buffer, nint count);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
