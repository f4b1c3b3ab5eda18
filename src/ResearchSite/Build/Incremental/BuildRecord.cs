using System.Globalization;
using System.IO.Enumeration;
using System.Security.Cryptography;
using System.Text;
using ResearchSite.Content;
using ResearchSite.Diagnostics;

namespace ResearchSite.Build.Incremental;

/// <summary>
/// What the last `build` into an output folder was made from and what it left there, kept in the cache
/// folder: the engine has no last site in memory when `build` runs again in a new process, so this record
/// stands in for it. It holds
/// <list type="bullet">
/// <item>a digest of everything besides the files that decides the output: the program's own files (another
/// build of the CLI), the runtime and culture, the folders and every option, the current folder (messages name
/// files from it), and the Node.js tools' files when search or PDFs are on;</item>
/// <item>the stamp of every file of input/ and the theme as the build walks them (path, where a link leads,
/// length, last-write time), taken before the build read anything, so that a file written while it was read
/// differs next time; a file last written within <see cref="Racy"/> of that moment also gets a hash of its
/// bytes, as its stamp cannot tell a second write in the same clock tick (git's racy-clean rule);</item>
/// <item>every file and folder of output/ as the build left it (path, length, last-write time, kind), so that a
/// file deleted, added or edited there is seen;</item>
/// <item>what the build reported (pages per language, warnings), to be reported again.</item>
/// </list>
/// When all of it is as recorded, a whole build would write exactly the files output/ holds, and the build
/// stops there (<see cref="Unchanged"/>). Any difference, or a record that is missing, torn or of another
/// version, and the whole build runs. What a difference invalidates is the engine's rule (<see cref="Edit.Of"/>).
/// </summary>
internal sealed class BuildRecord
{
    /// <summary>The folder of the cache that holds the records, one per output folder.</summary>
    public const string Folder = "builds";

    private const string Header = "researchsite-build-record 1";

    /// <summary>How recent a file's last write may be for its stamp alone to be trusted; a coarse file system's tick (FAT: 2 s) is within it.</summary>
    private static readonly TimeSpan Racy = TimeSpan.FromSeconds(3);

    private readonly BuildOptions options;
    private readonly string path;
    private readonly string key;
    private readonly List<InputStamp>? inputs;

    /// <summary>output/ as the build found it, listed while the inputs were stamped; null with --force.</summary>
    private readonly Task<List<string>>? outputNow;

    private BuildRecord(BuildOptions options, string path, string key, List<InputStamp>? inputs, Task<List<string>>? outputNow)
    {
        this.outputNow = outputNow;
        this.options = options;
        this.path = path;
        this.key = key;
        this.inputs = inputs;
    }

    /// <summary>
    /// The record of <paramref name="options"/>' output folder, with the inputs stamped now, before the build
    /// reads them; null without a cache folder (nowhere to keep it).
    /// </summary>
    public static BuildRecord? Take(BuildOptions options)
    {
        if (options.CacheDir is not { } cache)
        {
            return null;
        }

        var output = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.OutputDir));
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(output)))[..32] + ".record";

        // output/ is listed beside the walk of the inputs: each is mostly waiting on the file system.
        var listing = options.Force ? null : Task.Run(() => StampOutput(options.OutputDir));
        return new BuildRecord(options, Path.Combine(Path.GetFullPath(cache), Folder, name), Key(options), StampInputs(options, DateTime.UtcNow), listing);
    }

    /// <summary>The result of the build the record describes, when nothing it was made from changed and output/ is as it left it; else null.</summary>
    public BuildResult? Unchanged(System.Diagnostics.Stopwatch clock)
    {
        if (options.Force || inputs is null || Read() is not { } recorded || recorded.Key != key)
        {
            return null;
        }

        if (outputNow is null || !recorded.Output.SequenceEqual(outputNow.Result, StringComparer.Ordinal))
        {
            return null;
        }

        // The engine's rule of what a changed path touches; no article is taken as known, so any change in articles/ counts.
        if (!Edit.Of(ChangedInputs(recorded.Inputs, inputs), options.InputDir, options.ThemeDir, _ => false).IsEmpty)
        {
            return null;
        }

        var allocated = GC.GetTotalAllocatedBytes();
        return new BuildResult(true, recorded.Diagnostics, recorded.Pages, clock.Elapsed, [new PhaseTiming("unchanged", clock.Elapsed, GC.GetTotalMemory(false), allocated)])
        {
            Unchanged = true,
        };
    }

    /// <summary>
    /// Records the build that just replaced output/. A build that left something out for want of a tool
    /// (search or PDFs skipped) is not recorded: the next one tries again.
    /// </summary>
    public void Save(BuildResult result, bool complete)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            if (!complete || inputs is null)
            {
                File.Delete(path);
                return;
            }

            // Written as it is made: at 10,000 studies the record is some 10 MB of text, which built in memory
            // first (then copied into one string) was the build's peak, after output/ was already replaced.
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (var text = new StreamWriter(temporary, append: false, new UTF8Encoding(false)))
            {
                Write(text, result, inputs);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not recorded: the next build is a whole one, which costs time only. Its temporary file is named
            // by the process, so one left behind would never be written over.
            try
            {
                File.Delete(temporary);
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private void Write(TextWriter text, BuildResult result, List<InputStamp> stamps)
    {
        text.Write(Header);
        text.Write('\n');
        Line(text, "key", key);
        Line(text, "pages", string.Join(',', result.PagesPerLanguage.Select(p => $"{p.Key}={p.Value.ToString(CultureInfo.InvariantCulture)}")));
        foreach (var d in result.Diagnostics)
        {
            Line(text, "d", d.IsError ? "E" : "W", d.File, d.Line.ToString(CultureInfo.InvariantCulture), d.Column.ToString(CultureInfo.InvariantCulture), d.Message);
        }

        foreach (var stamp in stamps)
        {
            // A file that was recent when stamped keeps the hash its bytes had then; the others need none.
            Line(text, "i", stamp.Path, stamp.Link, stamp.Length.ToString(CultureInfo.InvariantCulture), stamp.Ticks.ToString(CultureInfo.InvariantCulture), stamp.Digest ?? "-");
        }

        foreach (var line in StampOutput(options.OutputDir))
        {
            Line(text, "o", line.Split('\t'));
        }

        Line(text, "end", "1");
    }

    /// <summary>The paths whose stamps differ between the record and now: added, removed, written, relinked, or rewritten within a recorded tick (the hash).</summary>
    private static List<string> ChangedInputs(IReadOnlyList<string[]> recorded, List<InputStamp> now)
    {
        var current = now.ToDictionary(s => s.Path, StringComparer.Ordinal);
        var changed = new List<string>();
        foreach (var fields in recorded)
        {
            if (!current.Remove(fields[0], out var stamp)
                || stamp.Link != fields[1]
                || stamp.Length.ToString(CultureInfo.InvariantCulture) != fields[2]
                || stamp.Ticks.ToString(CultureInfo.InvariantCulture) != fields[3]
                || (fields[4] != "-" && stamp.Hash() != fields[4]))
            {
                changed.Add(fields[0]);
            }
        }

        changed.AddRange(current.Keys);
        return changed;
    }

    /// <summary>Every file of input/ and the theme, walked as the build walks them; null when the walk found an error.</summary>
    private static List<InputStamp>? StampInputs(BuildOptions options, DateTime taken)
    {
        var diagnostics = new DiagnosticBag();
        var stamps = new List<InputStamp>();
        foreach (var (dir, what) in new[] { (options.InputDir, "input"), (options.ThemeDir, "theme") })
        {
            var folder = InputFolder.Open(dir, what);
            foreach (var entry in folder.Walk(folder.Root, diagnostics).Where(e => !e.IsDirectory))
            {
                var info = new FileInfo(entry.RealPath);
                if (!info.Exists)
                {
                    // Gone since the walk listed it: the whole build sees what is there.
                    return null;
                }

                var stamp = new InputStamp(entry.Path, entry.Path == entry.RealPath ? "-" : entry.RealPath, info.Length, info.LastWriteTimeUtc.Ticks);
                if (stamp.Ticks >= (taken - Racy).Ticks)
                {
                    // Hashed now, before the build reads it: a write during the build, in the same tick, then differs next time.
                    stamp.Digest = stamp.Hash();
                }

                stamps.Add(stamp);
            }
        }

        return diagnostics.HasErrors ? null : stamps;
    }

    /// <summary>Every file and folder under output/, as lines: path, kind, length, last-write time; links are not followed.</summary>
    private static List<string> StampOutput(string outputDir)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDir));
        if (!Directory.Exists(root) || InputFolder.LinkTarget(root) is not null)
        {
            return [];
        }

        try
        {
            return new FileSystemEnumerable<string>(
                root,
                (ref FileSystemEntry e) => string.Create(CultureInfo.InvariantCulture, $"{Path.GetRelativePath(root, e.ToFullPath())}\t{(e.IsDirectory ? 'd' : 'f')}{(int)e.Attributes}\t{(e.IsDirectory ? 0 : e.Length)}\t{e.LastWriteTimeUtc.UtcTicks}"),
                new EnumerationOptions { AttributesToSkip = 0, RecurseSubdirectories = true, IgnoreInaccessible = false })
            {
                ShouldRecursePredicate = (ref FileSystemEntry e) => (e.Attributes & FileAttributes.ReparsePoint) == 0,
            }.Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unreadable: a line no record holds, so the whole build runs and says what is wrong.
            return ["\0"];
        }
    }

    /// <summary>Everything besides the input's and theme's files that decides what a build writes.</summary>
    private static string Key(BuildOptions options)
    {
        static string Full(string dir) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir));
        static IEnumerable<string> Stamps(IEnumerable<string> files) =>
            files.Order(StringComparer.Ordinal).Select(f => File.Exists(f) ? $"{f}|{FileStamp.Of(f)}" : $"{f}|none");

        var text = new StringBuilder();
        text.AppendJoin('\n', [
            typeof(BuildRecord).Assembly.ManifestModule.ModuleVersionId.ToString(),
            Environment.Version.ToString(),
            CultureInfo.CurrentCulture.Name,
            Environment.CurrentDirectory,
            Full(options.InputDir), Full(options.ThemeDir), Full(options.OutputDir), options.CacheDir is { } c ? Full(c) : "-",
            options.IncludeDrafts.ToString(), options.BaseUrl?.AbsoluteUri ?? "-", options.Search.ToString(), options.AtRoot.ToString(), options.Pdf.ToString()]);

        // The program and the libraries beside it: another build of the CLI may write other pages.
        text.AppendJoin('\n', Stamps(Directory.EnumerateFiles(AppContext.BaseDirectory)));

        // The Node.js tools that index and typeset, and the packages installed for them.
        if ((options.Search || options.Pdf != PdfMode.Off) && NodeTooling.Find("search-index.mjs") is { } tooling)
        {
            text.AppendJoin('\n', Stamps(
                new[] { "package.json", "package-lock.json", "tools/search-index.mjs", "tools/typeset-pdf.mjs", "node_modules/.package-lock.json", "node_modules/pagefind/package.json", $"node_modules/{Pdf.Typesetter.Package}/package.json" }
                .Select(f => Path.Combine(tooling, f))));
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void Line(TextWriter text, string kind, params string[] fields)
    {
        text.Write(kind);
        foreach (var field in fields)
        {
            text.Write('\t');
            text.Write(Escape(field));
        }

        text.Write('\n');
    }

    private static string Escape(string field) =>
        field.AsSpan().IndexOfAny('\\', '\t', '\n') < 0 && !field.Contains('\r') ? field : field.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n").Replace("\r", "\\r");

    private static string Unescape(string field)
    {
        if (!field.Contains('\\'))
        {
            return field;
        }

        var text = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] != '\\' || i + 1 == field.Length)
            {
                text.Append(field[i]);
                continue;
            }

            text.Append(field[++i] switch { 't' => '\t', 'n' => '\n', 'r' => '\r', var other => other });
        }

        return text.ToString();
    }

    /// <summary>The record as written, or null when there is none or it is not whole (torn, edited, another version).</summary>
    private Recorded? Read()
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var lines = text.Split('\n');
        if (lines.Length < 4 || lines[0] != Header || lines[^1] != string.Empty || lines[^2] != "end\t1")
        {
            return null;
        }

        string? recordedKey = null;
        Dictionary<string, int>? pages = null;
        var diagnostics = new List<Diagnostic>();
        var stamps = new List<string[]>();
        var output = new List<string>();
        foreach (var line in lines.AsSpan(1, lines.Length - 3))
        {
            var fields = line.Split('\t');
            switch (fields[0], fields.Length)
            {
                case ("key", 2):
                    recordedKey = fields[1];
                    break;
                case ("pages", 2):
                    pages = new Dictionary<string, int>(StringComparer.Ordinal);
                    foreach (var pair in fields[1].Split(',', StringSplitOptions.RemoveEmptyEntries))
                    {
                        var parts = pair.Split('=');
                        if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                        {
                            return null;
                        }

                        pages[Unescape(parts[0])] = count;
                    }

                    break;
                case ("d", 6) when int.TryParse(fields[3], CultureInfo.InvariantCulture, out var at) && int.TryParse(fields[4], CultureInfo.InvariantCulture, out var column):
                    diagnostics.Add(new Diagnostic(fields[1] == "E" ? Severity.Error : Severity.Warning, Unescape(fields[2]), at, column, Unescape(fields[5])));
                    break;
                case ("i", 6):
                    stamps.Add([.. fields[1..].Select(Unescape)]);
                    break;
                case ("o", 5):
                    output.Add(string.Join('\t', fields[1..]));
                    break;
                default:
                    return null;
            }
        }

        return recordedKey is null || pages is null || diagnostics.Any(d => d.IsError) ? null : new Recorded(recordedKey, pages, diagnostics, stamps, output);
    }

    private sealed record Recorded(string Key, IReadOnlyDictionary<string, int> Pages, IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<string[]> Inputs, IReadOnlyList<string> Output);

    /// <summary>A file the build may read: where the walk found it, where a link led it ("-": no link), its length and last-write time.</summary>
    private sealed record InputStamp(string Path, string Link, long Length, long Ticks)
    {
        private string? hash;

        /// <summary>The hash taken with the stamp, for a file written so recently that a second write may keep its stamp; else null.</summary>
        public string? Digest { get; set; }

        /// <summary>A digest of the file's bytes now, read once ("!" when it cannot be read, which no recorded hash equals).</summary>
        public string Hash()
        {
            if (hash is null)
            {
                try
                {
                    using var stream = File.OpenRead(Link == "-" ? Path : Link);
                    hash = Convert.ToHexStringLower(SHA256.HashData(stream));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    hash = "!";
                }
            }

            return hash;
        }
    }
}
