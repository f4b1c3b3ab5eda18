using System.IO.Enumeration;
using ResearchSite.Diagnostics;

namespace ResearchSite.Content;

/// <summary>
/// A file or folder the build may read. <paramref name="Path"/> is where it was found (for messages, and
/// what `serve` is told about), <paramref name="RealPath"/> where it really is, links resolved, and
/// <paramref name="Name"/> its path under the folder walked, '/'-separated and in Unicode NFC (editors
/// on macOS write decomposed names; URLs and links are typed composed).
/// </summary>
public sealed record InputEntry(string Path, string RealPath, string Name, bool IsDirectory);

/// <summary>
/// The one way the build reads a folder it is given (input/ or the theme): a symbolic link is followed
/// only when it stays inside that folder; a link out of it, a link to nothing and a link that loops
/// back are errors; named pipes, sockets and devices are skipped with a warning; editors' lock and
/// backup files are ignored. So nothing of the machine (/proc/self/environ, /etc/passwd) is ever read
/// into a page or copied into the site, and no special file can hang a build.
/// </summary>
public sealed class InputFolder
{
    private static readonly char Separator = System.IO.Path.DirectorySeparatorChar;

    private static readonly EnumerationOptions OneLevel = new() { AttributesToSkip = 0, RecurseSubdirectories = false, IgnoreInaccessible = false };

    private readonly string realRoot;

    private InputFolder(string root, string realRoot, string what)
    {
        Root = root;
        this.realRoot = realRoot;
        What = what;
    }

    /// <summary>The folder as given, made full.</summary>
    public string Root { get; }

    /// <summary>"input" or "theme", for messages.</summary>
    public string What { get; }

    public static InputFolder Open(string dir, string what)
    {
        var root = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(dir));
        return new InputFolder(root, RealPath(root) ?? root, what);
    }

    /// <summary>
    /// Editors' lock, swap and backup files (Emacs .#x.md and #x.md#, macOS ._x.md, x.md~, Vim .x.md.swp,
    /// Office ~$x): never content, never worth a warning. Emacs locks are links to nowhere, so they are
    /// left out before any link is looked at.
    /// </summary>
    public static bool IsEditorLeftover(string name) =>
        name.StartsWith(".#", StringComparison.Ordinal)
        || name.StartsWith("._", StringComparison.Ordinal)
        || name.StartsWith("~$", StringComparison.Ordinal)
        || (name.Length > 1 && name[0] == '#' && name[^1] == '#')
        || name.EndsWith('~')
        || System.IO.Path.GetExtension(name) is ".swp" or ".swo" or ".swn" or ".swx";

    /// <summary>
    /// Whether a named file (site.yml, a registry, strings.yml) may be read: true when it is a regular file
    /// inside the folder, or not there at all (the caller says what is missing); false, with an error at
    /// the file, when it must not be read.
    /// </summary>
    public bool Allows(string path, DiagnosticBag diagnostics)
    {
        var full = System.IO.Path.GetFullPath(path);
        var real = RealPath(full);
        if (real is null)
        {
            // Not there (the caller's message), or a link (here or in a folder above) to nothing.
            return LinkTarget(full) is not { } target || Refuse(full, Dangling(target), diagnostics);
        }

        if (!IsInside(real, realRoot))
        {
            return Refuse(full, LinkTarget(full) is { } link ? Outside(link) : $"this file lies outside the {What} folder {ContentLoader.Display(Root)}/ (it is {real}): a folder above it is a symbolic link that leads out; the build never reads files from elsewhere: copy them in instead.", diagnostics);
        }

        var kind = FileKinds.Of(real);
        return kind is FileKind.File or FileKind.Directory or FileKind.Missing
            || Refuse(full, $"this is {FileKinds.Describe(kind)}, not a file; the build reads only regular files: put the file itself here.", diagnostics);
    }

    /// <summary>
    /// Every file and folder under <paramref name="dir"/> (a folder inside this one), in name order,
    /// folders before what they hold. Nothing when the folder is not there. The names of the symbolic links
    /// refused (each with an error at it) are added to <paramref name="refused"/>, so that what points to one
    /// can be told the file is there but refused rather than missing.
    /// </summary>
    public IReadOnlyList<InputEntry> Walk(string dir, DiagnosticBag diagnostics, ISet<string>? refused = null)
    {
        var entries = new List<InputEntry>();
        var full = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(dir));
        if (!Allows(full, diagnostics) || RealPath(full) is not { } real || FileKinds.Of(real) != FileKind.Directory)
        {
            return entries;
        }

        Descend(full, real, string.Empty, [real], entries, diagnostics, refused);
        return entries;
    }

    private void Descend(string dir, string realDir, string name, List<string> open, List<InputEntry> entries, DiagnosticBag diagnostics, ISet<string>? refused)
    {
        List<(string Name, bool Link, bool Directory)> children;
        try
        {
            children = new FileSystemEnumerable<(string, bool, bool)>(
                    dir,
                    (ref FileSystemEntry e) => (e.FileName.ToString(), (e.Attributes & FileAttributes.ReparsePoint) != 0, e.IsDirectory),
                    OneLevel)
                .OrderBy(c => c.Item1, StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Error(ContentLoader.Display(dir), 1, 1, $"this folder cannot be read ({e.Message}); give the build read access to it, or move it out of {What}/.");
            return;
        }

        foreach (var child in children)
        {
            if (IsEditorLeftover(child.Name))
            {
                continue;
            }

            var path = System.IO.Path.Combine(dir, child.Name);
            var childName = (name.Length == 0 ? child.Name : name + "/" + child.Name).Normalize();
            var real = System.IO.Path.Combine(realDir, child.Name);
            var kind = child.Directory && !child.Link ? FileKind.Directory : FileKind.Missing;
            if (child.Link)
            {
                if (Follow(path, open, diagnostics) is not { } target)
                {
                    refused?.Add(childName);
                    continue;
                }

                real = target;
            }

            if (kind != FileKind.Directory)
            {
                kind = FileKinds.Of(real);
            }

            switch (kind)
            {
                case FileKind.Directory:
                    entries.Add(new InputEntry(path, real, childName, true));
                    open.Add(real);
                    Descend(path, real, childName, open, entries, diagnostics, refused);
                    open.RemoveAt(open.Count - 1);
                    break;
                case FileKind.File:
                    entries.Add(new InputEntry(path, real, childName, false));
                    break;
                case FileKind.Missing:
                    // Deleted while the build looked (an editor's temporary file): nothing to read.
                    break;
                default:
                    diagnostics.Warning(ContentLoader.Display(path), 1, 1, $"this is {FileKinds.Describe(kind)}, not a file; the build reads only regular files, so it is skipped.");
                    break;
            }
        }
    }

    /// <summary>Where a link found in the walk really leads, or null (with an error) when it must not be followed.</summary>
    private string? Follow(string link, List<string> open, DiagnosticBag diagnostics)
    {
        var target = RealPath(link);
        if (target is null)
        {
            Refuse(link, Dangling(LinkTarget(link) ?? "?"), diagnostics);
            return null;
        }

        if (!IsInside(target, realRoot))
        {
            Refuse(link, Outside(LinkTarget(link) ?? target), diagnostics);
            return null;
        }

        // A link to a folder that holds the one being walked (`ln -s .. loop`) would be walked forever.
        if (open.Any(folder => IsInside(folder, target)))
        {
            Refuse(link, $"this symbolic link leads back to {ContentLoader.Display(target)}/, a folder that contains it, so it would be read again and again; remove the link.", diagnostics);
            return null;
        }

        return target;
    }

    private string Outside(string target) =>
        $"this symbolic link points outside the {What} folder {ContentLoader.Display(Root)}/ (to {target}); the build never reads or publishes files from elsewhere: copy the file in instead.";

    private static string Dangling(string target) =>
        $"this symbolic link leads to {target}, which does not exist; restore its target or remove the link.";

    private static bool Refuse(string path, string message, DiagnosticBag diagnostics)
    {
        diagnostics.Error(ContentLoader.Display(path), 1, 1, message);
        return false;
    }

    /// <summary>What the symbolic link at <paramref name="path"/> says it leads to, or null when it is no link.</summary>
    public static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or inside it (both real, full paths).</summary>
    public static bool IsInside(string path, string folder) =>
        path == folder || path.StartsWith(System.IO.Path.TrimEndingDirectorySeparator(folder) + Separator, StringComparison.Ordinal);

    /// <summary>
    /// The full path with every symbolic link in it resolved, as realpath(3) gives it (.NET resolves only
    /// the last link of a chain, not the folders above it). Null when it leads nowhere; with
    /// <paramref name="existing"/> false, the part that does not exist yet is kept as it is written.
    /// </summary>
    public static string? RealPath(string path, bool existing = true)
    {
        var full = System.IO.Path.GetFullPath(path);
        var current = System.IO.Path.GetPathRoot(full)!;
        var pending = new Stack<string>(Parts(full[current.Length..]).Reverse());
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part == "..")
            {
                current = System.IO.Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = System.IO.Path.Combine(current, part);
            if (LinkTarget(next) is { } target)
            {
                // As the kernel does: a chain this long is a loop.
                if (++links > 40)
                {
                    return null;
                }

                if (System.IO.Path.IsPathRooted(target))
                {
                    current = System.IO.Path.GetPathRoot(target)!;
                    target = target[current.Length..];
                }

                foreach (var targetPart in Parts(target).Reverse())
                {
                    pending.Push(targetPart);
                }

                continue;
            }

            if (!System.IO.Path.Exists(next))
            {
                if (existing)
                {
                    return null;
                }

                return System.IO.Path.GetFullPath(System.IO.Path.Combine([next, .. pending]));
            }

            current = next;
        }

        return current;
    }

    private static IEnumerable<string> Parts(string path) =>
        path.Split([System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".");
}
