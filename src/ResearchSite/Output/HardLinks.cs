using System.Runtime.InteropServices;
using ResearchSite.Content;

namespace ResearchSite.Output;

/// <summary>
/// Hard links from the image cache into the site: a variant or card published by a second name costs a
/// directory entry, not a copy of its bytes (social cards alone are about half of a site's bytes).
/// .NET has no API for either call, so the system is asked itself; where it cannot link (another file
/// system, Windows without NTFS, a system that refuses), the caller copies.
/// </summary>
internal readonly record struct FileIdentity(uint DeviceMajor, uint DeviceMinor, ulong Inode);

internal static class HardLinks
{
    /// <summary>Makes <paramref name="link"/> a second name of <paramref name="existing"/>; false when the system would not.</summary>
    public static bool TryLink(string existing, string link)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                return CreateHardLink(link, existing, IntPtr.Zero);
            }

            return Link(existing, link) == 0;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether both paths are names of one file (the same device and inode, the paths themselves not
    /// followed); false when either is missing or the system cannot say.
    /// </summary>
    public static bool SameFile(string a, string b) => Identity(a) is { } x && Identity(b) is { } y && x == y;

    /// <summary>Which file a path names (the path itself not followed), or null when it is missing or the system cannot say.</summary>
    public static FileIdentity? Identity(string path) => Describe(path) is { } d ? d.Identity : null;

    /// <summary>
    /// In one system call (it runs on every file of a reused output folder): whether the path is a regular
    /// file (not followed), how many names it has, and which file it is; null where the system cannot say.
    /// </summary>
    public static (bool Regular, uint Links, FileIdentity Identity)? Describe(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            return FileKinds.StatxNotFollowed(path, FileKinds.StatxType | FileKinds.StatxNlink | FileKinds.StatxIno) is { } buffer
                ? ((BitConverter.ToUInt16(buffer, 28) & 0xF000) == 0x8000, BitConverter.ToUInt32(buffer, 16), new FileIdentity(BitConverter.ToUInt32(buffer, 136), BitConverter.ToUInt32(buffer, 140), BitConverter.ToUInt64(buffer, 32)))
                : null;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string link);

    [DllImport("kernel32", EntryPoint = "CreateHardLinkW", SetLastError = true, CharSet = CharSet.Unicode)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool CreateHardLink(string link, string existing, IntPtr security);
}
