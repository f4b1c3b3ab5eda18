using System.Runtime.InteropServices;

namespace ResearchSite.Content;

/// <summary>What a path is, links followed.</summary>
public enum FileKind
{
    Missing,
    File,
    Directory,
    Pipe,
    Socket,
    Device,
}

/// <summary>
/// Tells a regular file from a named pipe, a socket or a device. .NET reports all of them as plain files
/// (its file-type API is only proposed, dotnet/runtime#85148), and opening a named pipe to read it waits
/// for a writer forever, so the build asks the system itself.
/// </summary>
public static class FileKinds
{
    public static FileKind Of(string path) => FromMode(NativeMode(path)) ?? Managed(path);

    /// <summary>How a kind reads in a message: "a named pipe (FIFO)".</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Pipe => "a named pipe (FIFO)",
        FileKind.Socket => "a socket",
        FileKind.Device => "a device",
        FileKind.Directory => "a folder",
        FileKind.Missing => "missing",
        _ => "a file",
    };

    private static FileKind Managed(string path) =>
        Directory.Exists(path) ? FileKind.Directory : File.Exists(path) ? FileKind.File : FileKind.Missing;

    private static FileKind? FromMode(int? mode) => mode switch
    {
        null => null,
        -1 => FileKind.Missing,
        _ => (mode.Value & 0xF000) switch
        {
            0x8000 => FileKind.File,
            0x4000 => FileKind.Directory,
            0x1000 => FileKind.Pipe,
            0xC000 => FileKind.Socket,
            _ => FileKind.Device,
        },
    };

    /// <summary>
    /// Whether the path is a plain file with no other name (hard link), the path itself not followed; on
    /// a system that cannot say, a plain file. A file with a second name is shared with another folder,
    /// so writing into it would change that folder too. One system call: it runs on every file of a
    /// reused output folder.
    /// </summary>
    public static bool IsLoneFile(string path)
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                return StatxNotFollowed(path, StatxType | StatxNlink) is { } buffer
                    && FromMode(BitConverter.ToUInt16(buffer, 28)) == FileKind.File && BitConverter.ToUInt32(buffer, 16) == 1;
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
        }

        return Of(path) == FileKind.File;
    }

    /// <summary>
    /// Linux's statx of the path itself (a link not followed) into this thread's buffer, null when it fails.
    /// Its layout is the same on every architecture: stx_nlink at 16, stx_mode at 28, stx_ino at 32,
    /// stx_dev_major and _minor at 136 and 140. Throws where the system has no statx.
    /// </summary>
    internal static byte[]? StatxNotFollowed(string path, uint mask)
    {
        var buffer = statBuffer ??= new byte[256];
        return Statx(AtCurrentFolder, path, AtSymlinkNoFollow, mask, buffer) == 0 ? buffer : null;
    }

    /// <summary>st_mode of the path (links followed), -1 when it does not exist, null when the system cannot say.</summary>
    private static int? NativeMode(string path)
    {
        try
        {
            var buffer = statBuffer ??= new byte[256];
            if (OperatingSystem.IsLinux())
            {
                // statx: its struct has one layout on every architecture (stat's differs between x64 and arm64).
                return Statx(AtCurrentFolder, path, 0, StatxType, buffer) == 0 ? BitConverter.ToUInt16(buffer, 28)
                    : Marshal.GetLastPInvokeError() is 2 or 20 or 40 ? -1 : null;
            }

            if (OperatingSystem.IsMacOS())
            {
                // struct stat with 64-bit inodes: st_dev (4 bytes), then st_mode.
                var result = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? StatInode64(path, buffer) : Stat(path, buffer);
                return result == 0 ? BitConverter.ToUInt16(buffer, 4) : Marshal.GetLastPInvokeError() is 2 or 20 or 62 ? -1 : null;
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
        }

        return null;
    }

    // One per thread: the build asks about every file it reads, and walks in parallel.
    [ThreadStatic]
    private static byte[]? statBuffer;

    private const int AtCurrentFolder = -100;
    internal const uint StatxType = 1;
    internal const uint StatxNlink = 4;
    internal const uint StatxIno = 0x100;
    private const int AtSymlinkNoFollow = 0x100;

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);

    [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] buffer);

    [DllImport("libc", EntryPoint = "stat$INODE64", SetLastError = true)]
    private static extern int StatInode64([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] buffer);
}
