using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ResearchSite.Pdf;

/// <summary>The PDF of one study: where it is in the cache, and its size; or why it could not be typeset.</summary>
/// <param name="File">The PDF in the cache; null when it failed.</param>
/// <param name="Size">Its length in bytes.</param>
/// <param name="Error">Why it could not be typeset.</param>
/// <param name="FromCache">Whether it was in the cache (checked), not typeset now.</param>
/// <param name="At">Where in the template Typst stopped, when it says.</param>
public sealed record TypesetPdf(string? File, long Size, string? Error, bool FromCache = false, TemplatePlace? At = null);

/// <summary>A place in the PDF template (file, line and column from 1), as Typst names it in an error.</summary>
public sealed record TemplatePlace(string File, int Line, int Column);

/// <summary>
/// Typesets studies with Typst through tools/typeset-pdf.mjs (the npm package
/// @myriaddreamin/typst-ts-node-compiler, pinned in package.json): a few long-lived Node processes, one
/// per core, each loading the template's fonts once and compiling one study after another, requests
/// and answers as JSON lines. PDFs are cached by the hash of everything that shapes them
/// (<see cref="PrintJob.Hash"/>), so a study is typeset again only when it, its names, the template or
/// the fonts changed.
/// </summary>
public sealed class Typesetter : IDisposable
{
    public const string TemplateFolder = "pdf";

    public const string TemplateFile = "study.typ";

    public const string Package = "@myriaddreamin/typst-ts-node-compiler";

    private readonly string tooling;
    private readonly string template;
    private readonly string fonts;
    private readonly ConcurrentBag<Worker> idle = [];
    private readonly List<Worker> workers = [];
    private readonly SemaphoreSlim slots;
    private readonly Lock gate = new();
    private readonly int size;
    private readonly string templateDir;
    private readonly string package;

    private Typesetter(string tooling, string themeDir, string cacheDir, string package)
    {
        templateDir = Path.Combine(themeDir, TemplateFolder);
        this.package = package;
        this.tooling = tooling;
        template = Path.Combine(themeDir, TemplateFolder, TemplateFile);
        fonts = Path.Combine(themeDir, TemplateFolder, "fonts");
        CacheDir = cacheDir;
        TemplateDigest = Digest(templateDir, package);
        size = Math.Max(1, Environment.ProcessorCount);
        slots = new SemaphoreSlim(size);
    }

    /// <summary>The hash of the template folder (template, fonts) and the compiler's version: part of every PDF's hash.</summary>
    public string TemplateDigest { get; private set; }

    /// <summary>The template's main file (study.typ).</summary>
    public string TemplatePath => template;

    /// <summary>Where typeset PDFs are kept, by hash.</summary>
    public string CacheDir { get; }

    /// <summary>The cache folder of the PDFs of a site written to <paramref name="outputDir"/>: beside it, as the build's other folders.</summary>
    public static string CacheOf(string outputDir)
    {
        var output = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDir));
        return Path.Combine(Path.GetDirectoryName(output)!, $".{Path.GetFileName(output)}.cache", "pdf");
    }

    /// <summary>A typesetter for the theme, or the one line that says why PDFs cannot be made here.</summary>
    public static (Typesetter? Typesetter, string? Problem) Open(string themeDir, string cacheDir)
    {
        var templateDir = Path.Combine(Path.GetFullPath(themeDir), TemplateFolder);
        if (!File.Exists(Path.Combine(templateDir, TemplateFile)))
        {
            return (null, $"PDFs skipped: the theme has no {TemplateFolder}/{TemplateFile}.");
        }

        var tooling = Build.NodeTooling.Find("typeset-pdf.mjs");
        if (tooling is null)
        {
            return (null, "PDFs skipped: tools/typeset-pdf.mjs and package.json were not found above the program or the current folder.");
        }

        if (!Build.NodeTooling.CanRun("node", "--version"))
        {
            return (null, "PDFs skipped: Node.js is not installed; install Node.js 20 or later (the build then installs the Typst compiler itself), or pass --no-pdf.");
        }

        var package = Path.Combine(tooling, "node_modules", Package, "package.json");
        if (!File.Exists(package))
        {
            var (code, output) = Build.NodeTooling.Run("npm", ["ci", "--no-audit", "--no-fund"], tooling);
            if (code != 0 || !File.Exists(package))
            {
                return (null, $"PDFs skipped: 'npm ci' failed in {tooling}: {Build.NodeTooling.Last(output)}");
            }
        }

        return (new Typesetter(tooling, Path.GetFullPath(themeDir), cacheDir, package), null);
    }

    private static string Digest(string templateDir, string package)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.EnumerateFiles(templateDir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(templateDir, file) + "\n"));
            hash.AppendData(File.ReadAllBytes(file));
        }

        hash.AppendData(File.ReadAllBytes(package));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// Reads the template folder again (`serve`, after the theme changed): a new digest makes every PDF's
    /// hash new, and new processes read the new template and fonts.
    /// </summary>
    public void Refresh()
    {
        var digest = Digest(templateDir, package);
        lock (gate)
        {
            if (digest == TemplateDigest)
            {
                return;
            }

            TemplateDigest = digest;
            while (idle.TryTake(out var worker))
            {
                workers.Remove(worker);
                worker.Dispose();
            }
        }
    }

    /// <summary>Where the PDF of a job is (or will be) in the cache.</summary>
    public string CachedFile(PrintJob job) => Path.Combine(CacheDir, job.Hash[..2], job.Hash + ".pdf");

    /// <summary>The record of a cached PDF: its length and SHA-256, written once the PDF is complete.</summary>
    private static string SumFile(string pdf) => pdf + ".sum";

    /// <summary>
    /// The length of the cached PDF when it is the one typeset: a file cut short (a full disk, a build killed
    /// while copying) or changed since has another length or hash than its record, and a PDF without a record
    /// was never finished. Null then, and it is typeset again. Hashing a PDF costs about 0.1 ms per 100 KB.
    /// </summary>
    private static long? Verified(string file)
    {
        try
        {
            var record = File.ReadAllText(SumFile(file)).Split(' ');
            var info = new FileInfo(file);
            if (record.Length != 2 || !info.Exists || !long.TryParse(record[0], System.Globalization.CultureInfo.InvariantCulture, out var length) || info.Length != length)
            {
                return null;
            }

            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            return Convert.ToHexStringLower(SHA256.HashData(stream)) == record[1].Trim() ? length : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Records the length and hash of a PDF just typeset (written beside it, then moved in place, so a record is never half written).</summary>
    private static long Record(string file)
    {
        var bytes = File.ReadAllBytes(file);
        var sum = SumFile(file);
        var partial = $"{sum}.{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.tmp";
        File.WriteAllText(partial, $"{bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)} {Convert.ToHexStringLower(SHA256.HashData(bytes))}");
        File.Move(partial, sum, overwrite: true);
        return bytes.Length;
    }

    /// <summary>The PDF of a job: from the cache, or typeset now by an idle worker (waiting for one when all are busy).</summary>
    public TypesetPdf Typeset(PrintJob job) => Typeset(job, CachedFile(job));

    private TypesetPdf Typeset(PrintJob job, string file)
    {
        if (Verified(file) is { } length)
        {
            return new TypesetPdf(file, length, null, FromCache: true);
        }

        slots.Wait();
        var worker = Take();
        try
        {
            var answer = worker.Ask(job, file);
            return answer.Error is null && File.Exists(file)
                ? new TypesetPdf(file, Record(file), null)
                : new TypesetPdf(null, 0, answer.Error ?? "the compiler wrote no file", At: answer.At);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or JsonException)
        {
            // The process died (out of memory, killed): the next job gets a new one.
            worker.Broken = true;
            return new TypesetPdf(null, 0, $"the Typst compiler stopped: {e.Message}");
        }
        finally
        {
            if (worker.Broken || worker.Digest != TemplateDigest)
            {
                worker.Dispose();
            }
            else
            {
                idle.Add(worker);
            }

            slots.Release();
        }
    }

    // Every node type of PrintRenderer and every field of StudyPrint, once left to right and once right to left,
    // so that an error in any branch of the template shows on this sample, not on every study that meets it.
    private const string Sample = """
        {"lang":"LANG","dir":"DIR","digits":"0123456789","series":"Series","title":"Title","short_title":"Title",
         "authors":[{"name":"Author","role":"Role"},{"name":"Other"}],"unit":"Unit","date":"1 January 2024","number":"No. 1",
         "key_points":["One","Two"],"summary":"Summary","subject":"Summary","keywords":["k"],
         "labels":{"unit":"Unit","published":"Published","contents":"Contents","summary":"Summary","key_points":"Key points"},
         "url":"https://example.org/a/","origin":"https://example.org","toc":true,"images":{"/files/probe.png":"/images/0.png"},
         "body":{"blocks":[
          {"t":"h","level":2,"id":"h","c":["Heading"]},
          {"t":"p","c":["Text ",{"t":"em","c":["e"]},{"t":"strong","c":["s"]},{"t":"del","c":["d"]},{"t":"sup","c":["1"]},{"t":"sub","c":["2"]},
           {"t":"mark","c":["m"]},{"t":"tt","v":"code"},{"t":"br"},{"t":"link","url":"https://example.org/x","c":["link"]},
           {"t":"link","url":"/local","c":["/local"]},{"t":"link","url":"#h","c":["anchor"]},
           {"t":"note","n":1,"first":true},{"t":"note","n":1,"first":false},{"t":"note","n":2,"first":true}]},
          {"t":"list","ordered":false,"start":1,"items":[[{"t":"p","c":["a"]}]]},
          {"t":"list","ordered":true,"start":3,"items":[[{"t":"p","c":["b"]}]]},
          {"t":"quote","c":[{"t":"p","c":["q"]}]},{"t":"code","v":"x = 1"},{"t":"hr"},
          {"t":"table","align":["start","center","end"],"header":true,"rows":[[["a"],["b"],["c"]],[["1"],["2"]]]},
          {"t":"figure","src":"/files/probe.png","alt":"alt","caption":"Caption"},{"t":"figure","src":"/files/none.png","alt":"alt","caption":""},
          {"t":"fig","c":[{"t":"p","c":["f"]},{"t":"caption","c":["cap"]}]}],
         "notes":[{"n":1,"c":[{"t":"p","c":["Note ",{"t":"link","url":"https://example.org/n","c":["source"]}]}]},
          {"n":2,"c":[{"t":"quote","c":[{"t":"p","c":["q"]}]},{"t":"p","c":["more"]}]}]}}
        """;

    // A 1×1 PNG, the sample's figure.
    private static readonly byte[] SamplePng = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private (string Digest, TypesetPdf Result)? probed;

    /// <summary>The folder of the cache that holds the template's sample and its PDFs, apart from the studies'.</summary>
    public const string SampleFolder = "sample";

    /// <summary>The files the template's sample keeps in the cache (kept when the cache is pruned).</summary>
    public IReadOnlyList<string> SampleFiles { get; private set; } = [];

    /// <summary>
    /// Typesets the sample study with the template (once per template: from the cache after that): an error
    /// there is the template's, reported once at its line rather than at every study. Null when it typesets.
    /// </summary>
    public TypesetPdf? CheckTemplate()
    {
        var digest = TemplateDigest;
        if (probed is { } done && done.Digest == digest)
        {
            return done.Result.Error is null ? null : done.Result;
        }

        var folder = Path.Combine(CacheDir, SampleFolder);
        var png = Path.Combine(folder, "sample.png");
        if (!File.Exists(png))
        {
            Directory.CreateDirectory(folder);
            var partial = $"{png}.{Environment.ProcessId}.tmp";
            File.WriteAllBytes(partial, SamplePng);
            File.Move(partial, png, overwrite: true);
        }

        var files = new List<string> { png };
        TypesetPdf result = new(null, 0, null);
        foreach (var (lang, dir) in new[] { ("en", "ltr"), ("ar", "rtl") })
        {
            var study = Sample.Replace("LANG", lang, StringComparison.Ordinal).Replace("DIR", dir, StringComparison.Ordinal);
            var hash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(digest + "\n" + study)));
            result = Typeset(new PrintJob(template, string.Empty, study, [new PrintImage("/files/probe.png", png, "/images/0.png")], hash), Path.Combine(folder, hash + ".pdf"));
            if (result.Error is not null)
            {
                break;
            }

            files.Add(result.File!);
        }

        probed = (digest, result);
        SampleFiles = files;
        return result.Error is null ? null : result;
    }

    /// <summary>Typesets many jobs in parallel, one per worker at a time.</summary>
    public IReadOnlyList<TypesetPdf> TypesetAll(IReadOnlyList<PrintJob> jobs)
    {
        var results = new TypesetPdf[jobs.Count];
        Parallel.For(0, jobs.Count, new ParallelOptions { MaxDegreeOfParallelism = size }, i => results[i] = Typeset(jobs[i]));
        return results;
    }

    /// <summary>
    /// Deletes the cached PDFs that none of <paramref name="kept"/> is (studies since changed or gone) once
    /// they are a week old. The cache folder may be shared (the default `.researchsite-cache` of every site
    /// built from one folder, or two builds at once): a file another site uses, or another build has just
    /// written and is about to read, is never that old.
    /// </summary>
    public void Prune(IEnumerable<string> kept)
    {
        var old = DateTime.UtcNow - TimeSpan.FromDays(7);
        var keep = kept.SelectMany(f => new[] { f, SumFile(f) }).ToHashSet(StringComparer.Ordinal);
        if (!Directory.Exists(CacheDir))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(CacheDir, "*", SearchOption.AllDirectories))
        {
            if (!keep.Contains(file) && File.GetLastWriteTimeUtc(file) < old)
            {
                try
                {
                    File.Delete(file);
                }
                catch (IOException)
                {
                    // Another build may be writing it; it goes next time.
                }
            }
        }
    }

    private Worker Take()
    {
        if (idle.TryTake(out var worker))
        {
            return worker;
        }

        lock (gate)
        {
            worker = new Worker(tooling, template, fonts) { Digest = TemplateDigest };
            workers.Add(worker);
            return worker;
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }

            workers.Clear();
        }

        slots.Dispose();
    }

    /// <summary>One Node process, asked one study at a time.</summary>
    private sealed class Worker : IDisposable
    {
        private readonly Process process;
        private readonly System.Text.StringBuilder errors = new();
        private int next;

        public Worker(string tooling, string template, string fonts)
        {
            var start = new ProcessStartInfo("node", [Path.Combine(tooling, "tools", "typeset-pdf.mjs"), template, fonts])
            {
                WorkingDirectory = tooling,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardInputEncoding = new System.Text.UTF8Encoding(false),
                StandardOutputEncoding = System.Text.Encoding.UTF8,
            };
            process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started");
            process.ErrorDataReceived += (_, e) =>
            {
                lock (errors)
                {
                    if (e.Data is { } line && errors.Length < 4000)
                    {
                        errors.AppendLine(line);
                    }
                }
            };
            process.BeginErrorReadLine();
        }

        public bool Broken { get; set; }

        /// <summary>The template it was started with: one started before the template changed is not used again.</summary>
        public string Digest { get; init; } = string.Empty;

        public (string? Error, int Pages, TemplatePlace? At) Ask(PrintJob job, string file)
        {
            var id = ++next;
            var request = new JsonObject
            {
                ["id"] = id,
                ["study"] = job.Study,
                ["out"] = file,
                ["images"] = new JsonArray(job.Images.Select(i => (JsonNode)new JsonObject { ["shadow"] = i.Shadow, ["path"] = i.RealPath }).ToArray()),
            };
            process.StandardInput.WriteLine(request.ToJsonString());
            process.StandardInput.Flush();
            var line = process.StandardOutput.ReadLine();
            if (line is null)
            {
                string reason;
                lock (errors)
                {
                    reason = Build.NodeTooling.Last(errors.ToString());
                }

                throw new IOException(reason.Length > 0 ? reason : "it ended without an answer");
            }

            var answer = JsonNode.Parse(line) ?? throw new InvalidOperationException("empty answer");
            if (answer["id"]?.GetValue<int>() != id)
            {
                throw new InvalidOperationException($"an answer to another request: {line}");
            }

            if (answer["ok"]?.GetValue<bool>() == true)
            {
                return (null, answer["pages"]?.GetValue<int>() ?? 0, null);
            }

            var at = answer["at"] is JsonObject place && place["path"]?.GetValue<string>() is { } path
                ? new TemplatePlace(path, place["line"]?.GetValue<int>() ?? 1, place["column"]?.GetValue<int>() ?? 1)
                : null;
            return (answer["error"]?.GetValue<string>() ?? "unknown error", 0, at);
        }

        public void Dispose()
        {
            try
            {
                process.StandardInput.Close();
                if (!process.WaitForExit(2000))
                {
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }

            process.Dispose();
        }
    }
}
