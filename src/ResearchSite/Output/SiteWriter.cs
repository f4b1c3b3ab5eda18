using System.Text;
using ResearchSite.Content;
using ResearchSite.Diagnostics;

namespace ResearchSite.Output;

/// <summary>
/// The only step that writes to disk. Everything goes into a fresh folder beside output/, which replaces
/// output/ only when the whole build succeeded: a failed or killed build leaves the last good site as it was.
/// </summary>
public sealed class SiteWriter : IOutputSink
{
    /// <summary>Marks a folder as ours, so that we never delete a folder the user pointed us at by mistake.</summary>
    public const string MarkerFile = ".researchsite-output";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly string output;

    private SiteWriter(string output, string staging)
    {
        this.output = output;
        Staging = staging;
    }

    public string Staging { get; }

    /// <summary>Checks that <paramref name="outputDir"/> may be replaced and creates the staging folder beside it.</summary>
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
        Directory.CreateDirectory(staging);
        File.WriteAllText(Path.Combine(staging, MarkerFile), "Written by ResearchSite; the whole folder is replaced by each build.\n");
        return new SiteWriter(output, staging);
    }

    public void WriteText(string relativePath, string content)
    {
        var path = Path.Combine(Staging, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024);
        using var writer = new StreamWriter(stream, Utf8);
        writer.Write(content);
    }

    public void WriteBytes(string relativePath, byte[] content)
    {
        var path = Path.Combine(Staging, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }

    public void CopyTree(string source, string relativeTarget)
    {
        if (!Directory.Exists(source))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var target = Path.Combine(Staging, relativeTarget, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: false);
        }
    }

    /// <summary>Replaces output/ with the staging folder: two renames, so the window without a site is tiny.</summary>
    public void Commit()
    {
        string? old = null;
        if (Directory.Exists(output))
        {
            old = Path.Combine(Path.GetDirectoryName(output)!, $".{Path.GetFileName(output)}.old-{Environment.ProcessId}-{Guid.NewGuid():N}");
            Directory.Move(output, old);
        }

        Directory.Move(Staging, output);
        if (old is not null)
        {
            Directory.Delete(old, recursive: true);
        }
    }

    public void Abandon()
    {
        if (Directory.Exists(Staging))
        {
            Directory.Delete(Staging, recursive: true);
        }
    }

    /// <summary>
    /// Leftovers of builds that were killed: staging and old folders beside output/, ours by their marker
    /// (or empty: killed between creating the folder and marking it).
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
                    Directory.Delete(dir, recursive: true);
                }
                catch (IOException)
                {
                    // Another build may still be using it; it is cleaned next time.
                }
            }
        }
    }
}
