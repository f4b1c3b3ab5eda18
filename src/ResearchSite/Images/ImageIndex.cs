using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ResearchSite.Content;

namespace ResearchSite.Images;

/// <summary>
/// What the image cache knows without reading a file again: each source image checked, by its stamp
/// (path, length, last-write time), and each file the cache wrote, with the length, stamp and hash it
/// had when written. A rebuild then stats files instead of reading and hashing them, and a cached file
/// whose stamp is not the one recorded (truncated, overwritten) is hashed, and made again when its hash
/// is not the one recorded either.
/// </summary>
/// <remarks>
/// A log in the cache folder, appended a line at a time: builds sharing the folder append without
/// losing each other's lines (a short append to a local file is atomic), a line torn by a killed build
/// has the wrong number of fields and is skipped, and the last line of a key wins. Without a cache
/// folder, it lives in memory only.
/// </remarks>
public sealed class ImageIndex
{
    /// <summary>The log's name; a new version of its lines takes a new name.</summary>
    public const string FileName = "index-1.log";

    private readonly string? path;
    private readonly Lock gate = new();
    private readonly Dictionary<string, string[]> records = new(StringComparer.Ordinal);
    private long readUpTo;

    // Lines read from the log: more than the records when keys were recorded again (an image edited, a
    // cached file touched), which the log keeps until it is compacted.
    private int lines;

    /// <summary>A log with at least this many lines, most of them dead, is written again with its live ones only.</summary>
    internal const int CompactAt = 1024;

    public ImageIndex(string? cacheDir)
    {
        path = cacheDir is null ? null : Path.Combine(cacheDir, FileName);
    }

    /// <summary>The fields recorded under <paramref name="kind"/> and <paramref name="key"/>, or null.</summary>
    public string[]? Find(string kind, string key)
    {
        var id = kind + '\t' + key;
        lock (gate)
        {
            if (records.TryGetValue(id, out var found))
            {
                return found;
            }

            // Another build sharing the folder may have recorded it since.
            ReadNew();
            return records.GetValueOrDefault(id);
        }
    }

    /// <summary>Records <paramref name="fields"/> (no tabs or line breaks in them) under <paramref name="kind"/> and <paramref name="key"/>.</summary>
    public void Add(string kind, string key, params string[] fields)
    {
        var id = kind + '\t' + key;
        var line = id + '\t' + string.Join('\t', fields) + '\n';
        lock (gate)
        {
            records[id] = fields;
            if (path is null)
            {
                return;
            }

            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
                stream.Write(Encoding.UTF8.GetBytes(line));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not recorded: the next build reads and hashes again, which costs time only.
            }
        }
    }

    /// <summary>A source image's key: its full path, which may hold any character, hashed.</summary>
    public static string SourceKey(string file) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(file))))[..40];

    /// <summary>A stamp as recorded.</summary>
    public static string[] Fields(FileStamp stamp) =>
        [stamp.Length.ToString(CultureInfo.InvariantCulture), stamp.Ticks.ToString(CultureInfo.InvariantCulture)];

    /// <summary>Whether the first two of <paramref name="fields"/> are <paramref name="stamp"/>.</summary>
    public static bool Matches(string[] fields, FileStamp stamp) =>
        fields.Length >= 2 && stamp.Length > 0 && fields[0] == stamp.Length.ToString(CultureInfo.InvariantCulture) && fields[1] == stamp.Ticks.ToString(CultureInfo.InvariantCulture);

    private void ReadNew()
    {
        if (path is null)
        {
            return;
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length <= readUpTo)
            {
                return;
            }

            stream.Position = readUpTo;
            var bytes = new byte[stream.Length - readUpTo];
            stream.ReadExactly(bytes);
            // Only whole lines: one being appended now is read next time.
            var end = Array.LastIndexOf(bytes, (byte)'\n') + 1;
            var first = readUpTo == 0;
            readUpTo += end;
            foreach (var line in Encoding.UTF8.GetString(bytes, 0, end).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                lines++;
                var parts = line.Split('\t');
                if (parts.Length >= 4 && Expected(parts[0]) == parts.Length - 2)
                {
                    records[parts[0] + '\t' + parts[1]] = parts[2..];
                }
            }

            stream.Dispose();
            if (first && lines >= CompactAt && lines > 2 * records.Count)
            {
                Compact();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No log yet, or none readable: nothing is known.
        }
    }

    /// <summary>
    /// Writes the log again with its live records only (the last of each key; of the cache's own files,
    /// those still there), under another name, then renamed over it. Done when a process first reads a log
    /// that is mostly dead lines, so that the log grows with what the cache holds, not with every edit. A
    /// line another build appends meanwhile may be lost, which costs that build's next run time only (the
    /// file is hashed or made again), never a wrong file.
    /// </summary>
    private void Compact()
    {
        var folder = Path.GetDirectoryName(path)!;
        foreach (var dead in records.Where(r => r.Key.StartsWith(Kinds.Stored + '\t', StringComparison.Ordinal) && !File.Exists(Path.Combine(folder, r.Key[2..]))).Select(r => r.Key).ToList())
        {
            records.Remove(dead);
        }

        var text = new StringBuilder();
        foreach (var (id, fields) in records)
        {
            text.Append(id).Append('\t').AppendJoin('\t', fields).Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        var temporary = $"{path}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path!, overwrite: true);
        readUpTo = bytes.Length;
        lines = records.Count;
    }

    /// <summary>How many fields a line of each kind has, so that a torn line is never taken for a record.</summary>
    private static int Expected(string kind) => kind switch
    {
        Kinds.Source => 8,
        Kinds.Published => 3,
        Kinds.Stored => 3,
        _ => -1,
    };

    /// <summary>The kinds of line.</summary>
    public static class Kinds
    {
        /// <summary>A source image checked: stamp, checks' version, hash, format, width, height, alpha.</summary>
        public const string Source = "S";

        /// <summary>A file of assets/ as published: stamp, and the version of the copies with the cache key of its copy without metadata (<c>published-2/key.jpg</c>; <c>published-2/-</c>: as it is).</summary>
        public const string Published = "P";

        /// <summary>A file the cache wrote: stamp, hash.</summary>
        public const string Stored = "F";
    }
}
