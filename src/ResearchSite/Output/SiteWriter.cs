using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using System.IO.Enumeration;
using Microsoft.Win32.SafeHandles;
using ResearchSite.Content;
using ResearchSite.Diagnostics;

namespace ResearchSite.Output;

/// <summary>
/// The only step that writes to disk. Everything goes into a staging folder beside output/, which replaces
/// output/ only when the whole build succeeded: a failed or killed build leaves the last good site as it was.
/// The site replaced is kept beside output/ as <c>.output.previous</c> and becomes the next build's staging
/// folder: its files are overwritten in place and the ones no page wrote any more are removed. Creating and
/// deleting tens of thousands of files costs far more than rewriting them (on ext4, files created soon after
/// many were deleted cost several times more), so a rebuild creates and deletes only what changed.
/// </summary>
public sealed class SiteWriter : IOutputSink
{
    /// <summary>Marks a folder as ours, so that we never delete a folder the user pointed us at by mistake.</summary>
    public const string MarkerFile = ".researchsite-output";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly string output;
    private readonly bool recycled;
    private readonly ConcurrentDictionary<string, byte> written = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> directories = new(StringComparer.Ordinal);

    // Files of the reused folder with another name (see RemoveForeignEntries): replaced, never written into.
    // Each with the file it is (null where the system cannot say).
    private readonly Dictionary<string, FileIdentity?> shared;

    private SiteWriter(string output, string staging, bool recycled, Dictionary<string, FileIdentity?> shared)
    {
        this.output = output;
        Staging = staging;
        this.recycled = recycled;
        this.shared = shared;
    }

    public string Staging { get; }

    /// <summary>The folder that holds the site output/ had before the last build, reused by the next one.</summary>
    public static string PreviousOf(string outputDir)
    {
        var output = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDir));
        return Path.Combine(Path.GetDirectoryName(output)!, $".{Path.GetFileName(output)}.previous");
    }

    /// <summary>The longest name a file may have (bytes on Linux, UTF-16 units on Windows).</summary>
    private const int MaxNameBytes = 255;

    /// <summary>
    /// What is wrong with <paramref name="outputDir"/> as the folder a build replaces, in one line, or null.
    /// Writes nothing: the command line asks it before any work. <paramref name="sources"/> are the input
    /// and theme folders, which the output may neither be, nor hold, nor lie inside.
    /// </summary>
    public static string? Problem(string outputDir, IReadOnlyList<string> sources)
    {
        if (string.IsNullOrWhiteSpace(outputDir))
        {
            return "--output is empty; name the folder the site is written to (the default is 'output').";
        }

        string output;
        try
        {
            output = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDir));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"--output '{outputDir}' is not a usable path ({e.Message}).";
        }

        if (Path.GetDirectoryName(output) is not { } parent)
        {
            return "--output may not be the root of the file system; pick a folder such as output/.";
        }

        var leaf = Path.GetFileName(output);
        var extra = Encoding.UTF8.GetByteCount(StagingName(leaf)) - Encoding.UTF8.GetByteCount(leaf);
        if (Encoding.UTF8.GetByteCount(leaf) + extra > MaxNameBytes)
        {
            return $"--output: the name '{(leaf.Length > 40 ? leaf[..40] + "…" : leaf)}' is too long ({Encoding.UTF8.GetByteCount(leaf)} bytes): the build keeps a folder beside it whose name is {extra} bytes longer ('.<name>.staging-…'), and a name may have at most {MaxNameBytes} bytes; use a name of at most {MaxNameBytes - extra} bytes.";
        }

        for (var at = parent; at is not null && !Directory.Exists(at); at = Path.GetDirectoryName(at))
        {
            if (Path.Exists(at) || InputFolder.LinkTarget(at) is not null)
            {
                return $"--output '{outputDir}' cannot be made: {ContentLoader.Display(at)} is not a folder.";
            }
        }

        if (InputFolder.LinkTarget(output) is { } target)
        {
            return $"--output '{outputDir}' is a symbolic link (to {target}); the build replaces the output folder as a whole, so name a real folder.";
        }

        if (FileKinds.Of(output) is not (FileKind.Missing or FileKind.Directory) and var kind)
        {
            return $"--output '{outputDir}' is {FileKinds.Describe(kind)}, not a folder; name a new or empty folder, or one the build wrote before.";
        }

        var realOutput = InputFolder.RealPath(output, existing: false) ?? output;
        var display = ContentLoader.Display(output);
        foreach (var source in sources)
        {
            var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(source));
            var real = InputFolder.RealPath(full) ?? full;
            if (InputFolder.IsInside(real, realOutput))
            {
                return $"--output may not be {ContentLoader.Display(full)}/ or a folder that contains it: the build replaces the whole output folder.";
            }

            if (InputFolder.IsInside(realOutput, real))
            {
                return $"--output may not be inside {ContentLoader.Display(full)}/: every build would read the one before it as input and publish it again. Pick a folder outside it, such as output/.";
            }
        }

        var here = InputFolder.RealPath(Environment.CurrentDirectory) ?? Environment.CurrentDirectory;
        if (InputFolder.IsInside(here, realOutput))
        {
            return $"--output may not be the current folder or a folder that contains it: the build replaces the whole output folder.";
        }

        if (Directory.Exists(output) && !IsOurs(output) && !IsEmptyFolder(output))
        {
            return $"{display} is not empty and was not written by ResearchSite; the build replaces the output folder, so pick a new or empty folder (or delete this one yourself).";
        }

        var previous = PreviousOf(output);
        if ((Path.Exists(previous) || InputFolder.LinkTarget(previous) is not null) && !IsOurs(previous) && !IsEmptyFolder(previous))
        {
            return $"{ContentLoader.Display(previous)} is in the way: the build keeps the site it replaces there, but this was not written by ResearchSite (no {MarkerFile} in it, or it is a link); move it away or delete it.";
        }

        return null;
    }

    /// <summary>
    /// A folder this tool wrote: a real folder (no link) holding the marker as a plain file. Anything else
    /// beside output/ is the user's, and is never reused, written into or deleted.
    /// </summary>
    private static bool IsOurs(string dir) =>
        InputFolder.LinkTarget(dir) is null && Directory.Exists(dir)
        && InputFolder.LinkTarget(Path.Combine(dir, MarkerFile)) is null && FileKinds.Of(Path.Combine(dir, MarkerFile)) == FileKind.File;

    private static bool IsEmptyFolder(string dir)
    {
        try
        {
            return InputFolder.LinkTarget(dir) is null && Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string StagingName(string leaf) => $".{leaf}.staging-{Environment.ProcessId}-{Guid.NewGuid():N}";

    /// <summary>Checks that <paramref name="outputDir"/> may be replaced and prepares the staging folder beside it.</summary>
    public static SiteWriter? Open(string outputDir, IReadOnlyList<string> sources, DiagnosticBag diagnostics)
    {
        if (Problem(outputDir, sources) is { } problem)
        {
            diagnostics.Error(outputDir, 1, 1, problem);
            return null;
        }

        var output = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDir));
        var parent = Path.GetDirectoryName(output)!;
        var staging = Path.Combine(parent, StagingName(Path.GetFileName(output)));
        var previous = PreviousOf(output);
        var recycled = false;
        var shared = new Dictionary<string, FileIdentity?>(StringComparer.Ordinal);
        try
        {
            Directory.CreateDirectory(parent);
            if (IsOurs(previous))
            {
                try
                {
                    // A rename claims it: two builds at once cannot both get it.
                    Directory.Move(previous, staging);
                    recycled = true;
                }
                catch (IOException)
                {
                }
            }

            if (recycled)
            {
                shared = RemoveForeignEntries(staging);
            }

            if (!recycled)
            {
                Directory.CreateDirectory(staging);
            }

            File.WriteAllText(Path.Combine(staging, MarkerFile), "Written by ResearchSite; the whole folder is replaced by each build.\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Error(ContentLoader.Display(output), 1, 1, $"the output folder cannot be written beside ({e.Message}); pick a folder the build may write to.");
            return null;
        }

        return new SiteWriter(output, staging, recycled, shared);
    }

    /// <summary>
    /// The reused folder must hold only what a build writes: plain files and folders. A symbolic link
    /// planted in it (robots.txt → ~/.bashrc, ar → a folder elsewhere) would make the build write, and
    /// delete, through it, and a named pipe would hang it; so every other entry is removed (a link
    /// itself, never what it leads to) before the folder is used. A file with a second hard link (the
    /// image cache's files are published so; or planted, or a `cp -al` / `rsync --link-dest` backup of
    /// output/) is returned: the build rewrites files in place, which would rewrite the other name's
    /// content too, so these are replaced (unlinked, then made) instead, or removed when not written.
    /// </summary>
    private static Dictionary<string, FileIdentity?> RemoveForeignEntries(string root)
    {
        static bool IsLink(ref FileSystemEntry e) => (e.Attributes & FileAttributes.ReparsePoint) != 0;
        var suspects = new FileSystemEnumerable<(string Path, bool Link)>(
            root,
            (ref FileSystemEntry e) => (e.ToFullPath(), IsLink(ref e)),
            new EnumerationOptions { AttributesToSkip = 0, RecurseSubdirectories = true, IgnoreInaccessible = false })
        {
            ShouldIncludePredicate = (ref FileSystemEntry e) => !e.IsDirectory || IsLink(ref e),
            ShouldRecursePredicate = (ref FileSystemEntry e) => !IsLink(ref e),
        }.ToList();
        var shared = new Dictionary<string, FileIdentity?>(StringComparer.Ordinal);
        foreach (var (path, link) in suspects)
        {
            if (link)
            {
                File.Delete(path);
            }
            else if (HardLinks.Describe(path) is { } file)
            {
                if (!file.Regular)
                {
                    File.Delete(path);
                }
                else if (file.Links > 1)
                {
                    shared[path] = file.Identity;
                }
            }
            else if (!FileKinds.IsLoneFile(path))
            {
                if (FileKinds.Of(path) == FileKind.File)
                {
                    shared[path] = null;
                }
                else
                {
                    File.Delete(path);
                }
            }
        }

        return shared;
    }

    public void WriteText(string relativePath, string content) => WriteBytes(relativePath, Utf8.GetBytes(content));

    public void WriteBytes(string relativePath, ReadOnlySpan<byte> content)
    {
        var path = Prepare(relativePath);
        if (recycled && Unshare(path) && Holds(path, content))
        {
            return;
        }

        using var handle = Create(path);
        RandomAccess.Write(handle, content, 0);
    }

    // One read buffer per thread, for comparing.
    [ThreadStatic]
    private static byte[]? readBuffer;

    /// <summary>
    /// Whether the reused folder already holds exactly this file: most files of a rebuild are what they
    /// were, and reading one from the page cache costs less than truncating and writing it again.
    /// </summary>
    private static bool Holds(string path, ReadOnlySpan<byte> content)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (RandomAccess.GetLength(handle) != content.Length)
            {
                return false;
            }

            var buffer = readBuffer is { } b && b.Length >= content.Length ? b : readBuffer = new byte[Math.Max(content.Length, 64 * 1024)];
            var read = 0;
            while (read < content.Length && RandomAccess.Read(handle, buffer.AsSpan(read, content.Length - read), read) is > 0 and var n)
            {
                read += n;
            }

            return read == content.Length && buffer.AsSpan(0, read).SequenceEqual(content);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not there, or a folder where the file goes: write it.
            return false;
        }
    }

    /// <summary>
    /// Copies <paramref name="source"/> and gives the copy its last-write time: in the reused folder, a file
    /// that already has the source's length and last-write time is the copy of an earlier build and is left
    /// as it is, unread (the image cache's files and the input's assets are never rewritten in place: a new
    /// content is a new file, or a new last-write time).
    /// </summary>
    public void CopyFile(string source, string relativeTarget)
    {
        var target = Prepare(relativeTarget);
        var from = new FileInfo(source);
        if (recycled && Unshare(target))
        {
            var there = new FileInfo(target);
            if (there.Exists && there.Length == from.Length && there.LastWriteTimeUtc == from.LastWriteTimeUtc)
            {
                return;
            }

            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }
        }

        File.Copy(source, target, overwrite: true);
        File.SetLastWriteTimeUtc(target, from.LastWriteTimeUtc);
    }

    /// <summary>
    /// Publishes a file of the image cache as a second name of it (a copy where the system cannot link):
    /// in the reused folder, the same file published by an earlier build is left as it is. The cache's
    /// files are read-only, are never changed in place (a new content is a new file), and are checked
    /// against their recorded stamp and hash before each use, so an edit made through output/ is never
    /// published again.
    /// </summary>
    public void LinkFile(string source, string relativeTarget)
    {
        var target = Prepare(relativeTarget);
        if (recycled)
        {
            if (shared.TryGetValue(target, out var there) ? there is { } known && HardLinks.Identity(source) == known : IsCopyOf(source, target))
            {
                return;
            }

            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }

            File.Delete(target);
        }

        if (!HardLinks.TryLink(source, target))
        {
            File.Copy(source, target, overwrite: true);
            File.SetLastWriteTimeUtc(target, File.GetLastWriteTimeUtc(source));
        }
    }

    /// <summary>A lone file with the source's length and last-write time: published by an earlier build that could not link.</summary>
    private static bool IsCopyOf(string source, string target)
    {
        var there = new FileInfo(target);
        var from = new FileInfo(source);
        return there.Exists && there.Length == from.Length && there.LastWriteTimeUtc == from.LastWriteTimeUtc;
    }

    /// <summary>
    /// Removes <paramref name="path"/> when it is one of the reused folder's files with another name, so
    /// that what is written goes into a file of its own; true when it was not.
    /// </summary>
    private bool Unshare(string path)
    {
        if (!shared.ContainsKey(path))
        {
            return true;
        }

        File.Delete(path);
        return false;
    }

    /// <summary>
    /// Removes what the reused folder still holds from two builds ago and this build did not write: pages of
    /// studies since deleted, files since renamed. Runs before the search index is written into the folder.
    /// </summary>
    public void RemoveUnwritten()
    {
        if (!recycled)
        {
            return;
        }

        var marker = Path.Combine(Staging, MarkerFile);
        foreach (var file in Directory.EnumerateFiles(Staging, "*", SearchOption.AllDirectories))
        {
            if (!written.ContainsKey(file) && file != marker)
            {
                File.Delete(file);
            }
        }

        // Deepest first, so that a folder emptied by removing its subfolders goes too.
        foreach (var dir in Directory.EnumerateDirectories(Staging, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length))
        {
            if (!directories.ContainsKey(dir) && !Directory.EnumerateFileSystemEntries(dir).Any())
            {
                Directory.Delete(dir);
            }
        }
    }

    /// <summary>The full path of a file to write, with its folder made (once per folder).</summary>
    private string Prepare(string relativePath)
    {
        var path = Path.Combine(Staging, relativePath);
        var dir = Path.GetDirectoryName(path)!;
        if (!directories.ContainsKey(dir))
        {
            MakeDirectory(dir);
        }

        if (recycled)
        {
            written.TryAdd(path, 0);
        }

        return path;
    }

    private void MakeDirectory(string dir)
    {
        try
        {
            Directory.CreateDirectory(dir);
        }
        catch (IOException) when (recycled)
        {
            // In the reused folder, a file may stand where this build needs a folder: remove it.
            for (var at = dir; at.Length > Staging.Length; at = Path.GetDirectoryName(at)!)
            {
                if (File.Exists(at))
                {
                    File.Delete(at);
                }
            }

            Directory.CreateDirectory(dir);
        }

        // Every folder above it exists now as well.
        for (var at = dir; at.Length >= Staging.Length && directories.TryAdd(at, 0); at = Path.GetDirectoryName(at)!)
        {
        }
    }

    private SafeFileHandle Create(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Create, FileAccess.Write, FileShare.None);
        }
        catch (Exception e) when (recycled && e is IOException or UnauthorizedAccessException && Directory.Exists(path))
        {
            // In the reused folder, a folder may stand where this build writes a file.
            Directory.Delete(path, recursive: true);
            return File.OpenHandle(path, FileMode.Create, FileAccess.Write, FileShare.None);
        }
        catch (UnauthorizedAccessException) when (recycled && File.Exists(path))
        {
            // A read-only file: a copy of the image cache's (LinkFile), where it could not be linked.
            File.Delete(path);
            return File.OpenHandle(path, FileMode.Create, FileAccess.Write, FileShare.None);
        }
    }

    /// <summary>
    /// Replaces output/ with the staging folder: two renames, so the window without a site is tiny. The
    /// replaced site is kept as the next build's staging folder.
    /// </summary>
    public void Commit()
    {
        var previous = PreviousOf(output);
        if (Directory.Exists(output))
        {
            var aside = previous;
            if (Path.Exists(previous) || InputFolder.LinkTarget(previous) is not null)
            {
                if (IsOurs(previous))
                {
                    // Another build's, left while this one ran: only one is kept.
                    Directory.Delete(previous, recursive: true);
                }
                else
                {
                    // Someone else's, put there while this build ran: left alone; the next build cleans this up.
                    aside = Path.Combine(Path.GetDirectoryName(output)!, $".{Path.GetFileName(output)}.old-{Environment.ProcessId}-{Guid.NewGuid():N}");
                }
            }

            Directory.Move(output, aside);
        }

        Directory.Move(Staging, output);
    }

    /// <summary>After a failure: the staging folder, ours by its marker, is kept for the next build to reuse.</summary>
    public void Abandon()
    {
        if (!Directory.Exists(Staging))
        {
            return;
        }

        try
        {
            Directory.Move(Staging, PreviousOf(output));
        }
        catch (IOException)
        {
            Directory.Delete(Staging, recursive: true);
        }
    }

    /// <summary>
    /// Held for a whole build into <paramref name="outputDir"/>: a second build into the same folder would take the
    /// first one's staging folder for a killed build's leftover and move it away under it. The lock is the kernel's
    /// (flock, which .NET takes for <see cref="FileShare.None"/>), so a killed build releases it; the empty file
    /// stays beside output/. Null with <paramref name="problem"/> set when another build holds it; null without
    /// one when there is nothing to lock yet (no folder to hold output/: the build's own checks report that).
    /// </summary>
    public static FileStream? Lock(string outputDir, out string? problem)
    {
        problem = null;
        var output = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDir));
        var parent = Path.GetDirectoryName(output);
        if (parent is null || !Directory.Exists(parent))
        {
            return null;
        }

        var path = Path.Combine(parent, $".{Path.GetFileName(output)}.lock");
        var held = $"another build is writing '{outputDir}' (it holds '{path}'): wait for it to end, then build again.";
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            if (!LockedHere(stream))
            {
                stream.Dispose();
                problem = held;
                return null;
            }

            return stream;
        }
        catch (IOException)
        {
            problem = held;
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The lock taken by the system itself: the CLI runs with System.IO.DisableFileLocking (ResearchSite.csproj; the
    /// output's files are its own), with which FileShare.None takes none on Linux and macOS. False only when another
    /// process holds it; where the file system has no such locks, the build goes on as it would without.
    /// </summary>
    private static bool LockedHere(FileStream stream)
    {
        if (OperatingSystem.IsWindows())
        {
            // The share mode is the lock there, enforced by the system whatever the switch.
            return true;
        }

        try
        {
            return Flock(stream.SafeFileHandle, LockExclusive | LockNonBlocking) == 0
                || Marshal.GetLastPInvokeError() != (OperatingSystem.IsLinux() ? 11 : 35);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return true;
        }
    }

    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;

    [DllImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static extern int Flock(SafeFileHandle fd, int operation);

    /// <summary>
    /// Leftovers of builds that were killed: staging and old folders beside output/, ours by their marker
    /// (or empty: killed between creating the folder and marking it). One becomes the folder the next
    /// build reuses when there is none; the others are deleted.
    /// </summary>
    public static void CleanLeftovers(string outputDir)
    {
        var output = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDir));
        var parent = Path.GetDirectoryName(output);
        if (parent is null || !Directory.Exists(parent))
        {
            return;
        }

        var name = Path.GetFileName(output);
        foreach (var dir in Directory.EnumerateDirectories(parent, $".{name}.*"))
        {
            var leaf = Path.GetFileName(dir);
            if ((leaf.StartsWith($".{name}.staging-", StringComparison.Ordinal) || leaf.StartsWith($".{name}.old-", StringComparison.Ordinal))
                && (IsOurs(dir) || IsEmptyFolder(dir)))
            {
                try
                {
                    var previous = PreviousOf(outputDir);
                    if (IsOurs(dir) && !Path.Exists(previous) && InputFolder.LinkTarget(previous) is null)
                    {
                        Directory.Move(dir, previous);
                    }
                    else
                    {
                        Directory.Delete(dir, recursive: true);
                    }
                }
                catch (IOException)
                {
                    // Another build may still be using it; it is cleaned next time.
                }
            }
        }
    }
}
