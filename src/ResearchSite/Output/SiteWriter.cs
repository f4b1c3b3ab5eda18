using System.Collections.Concurrent;
using System.Text;
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

    private SiteWriter(string output, string staging, bool recycled)
    {
        this.output = output;
        Staging = staging;
        this.recycled = recycled;
    }

    public string Staging { get; }

    /// <summary>The folder that holds the site output/ had before the last build, reused by the next one.</summary>
    public static string PreviousOf(string outputDir)
    {
        var output = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDir));
        return Path.Combine(Path.GetDirectoryName(output)!, $".{Path.GetFileName(output)}.previous");
    }

    /// <summary>Checks that <paramref name="outputDir"/> may be replaced and prepares the staging folder beside it.</summary>
    public static SiteWriter? Open(string outputDir, IEnumerable<string> protectedDirs, DiagnosticBag diagnostics)
    {
        var output = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDir));
        var display = ContentLoader.Display(output);
        if (Path.GetPathRoot(output) == output + Path.DirectorySeparatorChar || output == Path.GetPathRoot(output))
        {
            diagnostics.Error(display, 1, 1, "--output may not be the root of the file system; pick a folder such as output/.");
            return null;
        }

        foreach (var dir in protectedDirs.Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d))))
        {
            if (output == dir || dir.StartsWith(output + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                diagnostics.Error(display, 1, 1, $"--output may not be {ContentLoader.Display(dir)} or a folder that contains it: the build replaces the whole output folder.");
                return null;
            }
        }

        if (Directory.Exists(output) && !File.Exists(Path.Combine(output, MarkerFile)) && Directory.EnumerateFileSystemEntries(output).Any())
        {
            diagnostics.Error(display, 1, 1, "this folder is not empty and was not written by ResearchSite; the build replaces the output folder, so pick a new or empty folder (or delete this one yourself).");
            return null;
        }

        var parent = Path.GetDirectoryName(output)!;
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(output)}.staging-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var previous = PreviousOf(output);
        var recycled = false;
        if (File.Exists(Path.Combine(previous, MarkerFile)))
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

        if (!recycled)
        {
            Directory.CreateDirectory(staging);
        }

        File.WriteAllText(Path.Combine(staging, MarkerFile), "Written by ResearchSite; the whole folder is replaced by each build.\n");
        return new SiteWriter(output, staging, recycled);
    }

    public void WriteText(string relativePath, string content) => WriteBytes(relativePath, Utf8.GetBytes(content));

    public void WriteBytes(string relativePath, ReadOnlySpan<byte> content)
    {
        var path = Prepare(relativePath);
        if (recycled && Holds(path, content))
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

    public void CopyTree(string source, string relativeTarget)
    {
        if (!Directory.Exists(source))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var target = Prepare(Path.Combine(relativeTarget, Path.GetRelativePath(source, file)));
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }

            File.Copy(file, target, overwrite: true);
        }
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
            if (Directory.Exists(previous))
            {
                // Another build's, left while this one ran: only one is kept.
                Directory.Delete(previous, recursive: true);
            }

            Directory.Move(output, previous);
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
                && (File.Exists(Path.Combine(dir, MarkerFile)) || !Directory.EnumerateFileSystemEntries(dir).Any()))
            {
                try
                {
                    var previous = PreviousOf(outputDir);
                    if (File.Exists(Path.Combine(dir, MarkerFile)) && !Directory.Exists(previous))
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
