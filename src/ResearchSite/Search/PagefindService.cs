using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ResearchSite.Search;

/// <summary>
/// Pagefind's own binary (of the pinned npm package) in its service mode, spoken to directly: each request is
/// a JSON object <c>{"message_id", "payload": {"type", ...}}</c>, base64-encoded and followed by a comma, on its
/// standard input; each answer comes back the same way on its standard output. This is the protocol the npm
/// package's Node.js wrapper speaks (node_modules/pagefind/lib/service.js, types/internal.d.ts); speaking it
/// from here leaves Node.js, and a second JSON round of every record, out of the build.
/// </summary>
internal sealed class PagefindService : IDisposable
{
    // Records on their way at once: enough that Pagefind never waits for the next, few enough that a slow
    // Pagefind does not hold the whole site in its queue.
    private const int Window = 16;

    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Process process;
    private readonly Stream input;
    private readonly Task<string> stderr;
    private readonly Thread reader;
    private readonly SemaphoreSlim window = new(Window);
    private readonly ArrayBufferWriter<byte> json = new(64 * 1024);
    private readonly Utf8JsonWriter writer;
    private readonly Stream? save;
    private readonly object answers = new();
    private readonly Dictionary<int, JsonElement> waiting = [];
    private byte[] encoded = new byte[64 * 1024];
    private byte[] quoted = new byte[64 * 1024];
    private int nextId;
    private int indexId = -1;
    private string? failure;
    private volatile bool closing;

    /// <summary>How many records Pagefind has taken in, and when the last of them was in.</summary>
    public int Added { get; private set; }

    public TimeSpan LastAdded { get; private set; }

    /// <summary>When the first page was sent, and how long Pagefind had no page to index after that (every page sent was in).</summary>
    public TimeSpan FirstSent { get; private set; }

    public TimeSpan Starved { get; private set; }

    private readonly object flight = new();
    private int inFlight;
    private TimeSpan? idleSince;

    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    /// <summary>The binary of the package installed under <paramref name="packageRoot"/>, or null when there is none for this machine.</summary>
    public static string? Binary(string packageRoot)
    {
        var os = OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "darwin" : OperatingSystem.IsFreeBSD() ? "freebsd" : "linux";
        var cpu = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.Arm64 => "arm64",
            _ => null,
        };
        if (cpu is null)
        {
            return null;
        }

        // The npm wrapper prefers the extended binary (which segments Chinese and Japanese) where it is installed.
        var bin = Path.Combine(packageRoot, "node_modules", "@pagefind", $"{os}-{cpu}", "bin");
        var suffix = OperatingSystem.IsWindows() ? ".exe" : string.Empty;
        return new[] { "pagefind_extended", "pagefind" }.Select(name => Path.Combine(bin, name + suffix)).FirstOrDefault(File.Exists);
    }

    /// <param name="binary">Pagefind's binary (<see cref="Binary"/>).</param>
    /// <param name="savePath">Where to keep every request sent but the last (for the benchmark, which feeds them to Pagefind alone), or null.</param>
    public PagefindService(string binary, string? savePath)
    {
        process = Process.Start(new ProcessStartInfo(binary, ["--service"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        })!;
        input = process.StandardInput.BaseStream;
        stderr = process.StandardError.ReadToEndAsync();
        writer = new Utf8JsonWriter(json, JsonOptions);
        save = savePath is null ? null : File.Create(savePath);
        reader = new Thread(Read) { IsBackground = true, Name = "Pagefind's answers" };
        reader.Start();
        Send(awaited: true, saved: true, w => w.WriteString("type", "NewIndex"));
    }

    /// <summary>The CPU time Pagefind's binary has used so far (user and system), or null once it has gone.</summary>
    public TimeSpan? Cpu()
    {
        try
        {
            process.Refresh();
            return process.HasExited ? null : process.TotalProcessorTime;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>Hands one page to Pagefind, waiting only while <see cref="Window"/> records are on their way.</summary>
    public void AddFile(string url, byte[] html)
    {
        var index = IndexId();
        window.Wait();
        ThrowIfFailed();
        lock (flight)
        {
            if (inFlight++ == 0)
            {
                Starved += idleSince is { } since ? Clock.Elapsed - since : TimeSpan.Zero;
                FirstSent = idleSince is null ? Clock.Elapsed : FirstSent;
            }
        }

        Send(awaited: false, saved: true, w =>
        {
            w.WriteString("type", "AddFile");
            w.WriteNumber("index_id", index);
            w.WriteString("url", url);
            w.WritePropertyName("file_contents");
            w.WriteRawValue(Quoted(html, ref quoted), skipInputValidation: true);
        });
    }

    // What a JSON string cannot hold as it is (RFC 8259): the quote, the backslash and the control characters.
    private static readonly SearchValues<byte> JsonSpecial = SearchValues.Create([.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\']);

    // The page as a JSON string, quotes included. Escaped here, in runs: the writer's own escaping looked at the
    // pages (most of the bytes sent) character by character, Arabic ones decoded and encoded again, a few per cent
    // of the build's CPU for strings valid as they are but for their attributes' quotes.
    internal static ReadOnlySpan<byte> Quoted(ReadOnlySpan<byte> utf8, ref byte[] quoted)
    {
        var most = (utf8.Length * 6) + 2;
        if (quoted.Length < most)
        {
            quoted = new byte[Math.Max(most, quoted.Length * 2)];
        }

        var length = 0;
        quoted[length++] = (byte)'"';
        while (!utf8.IsEmpty)
        {
            var special = utf8.IndexOfAny(JsonSpecial);
            var run = special < 0 ? utf8 : utf8[..special];
            run.CopyTo(quoted.AsSpan(length));
            length += run.Length;
            if (special < 0)
            {
                break;
            }

            var b = utf8[special];
            quoted[length++] = (byte)'\\';
            if (b is (byte)'"' or (byte)'\\')
            {
                quoted[length++] = b;
            }
            else
            {
                "u00"u8.CopyTo(quoted.AsSpan(length));
                quoted[length + 3] = Hex[b >> 4];
                quoted[length + 4] = Hex[b & 0xF];
                length += 5;
            }

            utf8 = utf8[(special + 1)..];
        }

        quoted[length++] = (byte)'"';
        return quoted.AsSpan(0, length);
    }

    private static ReadOnlySpan<byte> Hex => "0123456789abcdef"u8;

    /// <summary>Waits until every page is in, then has the index written into <paramref name="outputPath"/> and waits for that.</summary>
    public void WriteFiles(string outputPath)
    {
        var index = IndexId();
        for (var i = 0; i < Window; i++)
        {
            window.Wait();
        }

        ThrowIfFailed();
        save?.Dispose();
        Wait(Send(awaited: true, saved: false, w =>
        {
            w.WriteString("type", "WriteFiles");
            w.WriteNumber("index_id", index);
            w.WriteString("output_path", outputPath);
        }));
        window.Release(Window);
    }

    /// <summary>Ends the service: closing its input is what makes the binary exit.</summary>
    public void Close()
    {
        closing = true;
        try
        {
            input.Close();
        }
        catch (IOException)
        {
            // It had gone already.
        }

        if (!process.WaitForExit(10_000))
        {
            process.Kill();
        }

        process.WaitForExit();
    }

    /// <summary>Stops the binary now; whoever waits for it learns that it stopped.</summary>
    public void Stop()
    {
        closing = true;
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit();
        }

        // Its answers are read to the end before anything the reader touches goes.
        reader.Join();
        Fail("Pagefind was stopped");
    }

    public void Dispose()
    {
        Stop();
        save?.Dispose();
        process.Dispose();
        window.Dispose();
        writer.Dispose();
    }

    private int IndexId()
    {
        if (indexId < 0)
        {
            indexId = Wait(1).GetProperty("index_id").GetInt32();
        }

        return indexId;
    }

    // Writes one request; the answer to an awaited one is kept for Wait, the others' only counted.
    private int Send(bool awaited, bool saved, Action<Utf8JsonWriter> payload)
    {
        var id = ++nextId;
        if (awaited)
        {
            lock (answers)
            {
                waiting[id] = default;
            }
        }

        json.ResetWrittenCount();
        writer.Reset();
        writer.WriteStartObject();
        writer.WriteNumber("message_id", id);
        writer.WriteStartObject("payload");
        payload(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
        var length = Base64.GetMaxEncodedToUtf8Length(json.WrittenCount) + 1;
        if (encoded.Length < length)
        {
            encoded = new byte[Math.Max(length, encoded.Length * 2)];
        }

        Base64.EncodeToUtf8(json.WrittenSpan, encoded, out _, out var written);
        encoded[written++] = (byte)',';
        try
        {
            input.Write(encoded, 0, written);
            input.Flush();
        }
        catch (IOException)
        {
            Fail("Pagefind stopped");
            ThrowIfFailed();
        }

        if (saved)
        {
            save?.Write(encoded, 0, written);
        }

        return id;
    }

    private JsonElement Wait(int id)
    {
        lock (answers)
        {
            while (waiting.TryGetValue(id, out var answer) && answer.ValueKind == JsonValueKind.Undefined && failure is null)
            {
                Monitor.Wait(answers);
            }

            ThrowIfFailed();
            waiting.Remove(id, out var done);
            return done;
        }
    }

    private void Read()
    {
        var output = process.StandardOutput.BaseStream;
        var pending = new ArrayBufferWriter<byte>(4096);
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = output.Read(buffer)) > 0)
            {
                var chunk = buffer.AsSpan(0, read);
                int comma;
                while ((comma = chunk.IndexOf((byte)',')) >= 0)
                {
                    pending.Write(chunk[..comma]);
                    if (!Answer(pending.WrittenSpan))
                    {
                        return;
                    }

                    pending.ResetWrittenCount();
                    chunk = chunk[(comma + 1)..];
                }

                pending.Write(chunk);
            }
        }
        catch (IOException)
        {
            // Gone: the waits below learn it.
        }

        if (closing)
        {
            return;
        }

        Fail(process.WaitForExit(5_000) && process.ExitCode == 0 ? "Pagefind stopped" : $"Pagefind stopped: {Last(stderr)}");
    }

    // False when the answer says Pagefind failed (or cannot be read): nothing after it counts.
    private bool Answer(ReadOnlySpan<byte> base64)
    {
        JsonElement message, payload;
        string? type;
        try
        {
            var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(base64.Length)];
            Base64.DecodeFromUtf8(base64, bytes, out _, out var length);
            message = JsonDocument.Parse(bytes.AsMemory(0, length)).RootElement;
            payload = message.GetProperty("payload");
            type = payload.GetProperty("type").GetString();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            Fail($"an answer of Pagefind could not be read ({e.Message})");
            return false;
        }

        if (type == "Error")
        {
            Fail(payload.TryGetProperty("message", out var said) ? said.GetString() ?? "Pagefind failed" : "Pagefind failed");
            return false;
        }

        var id = message.TryGetProperty("message_id", out var number) && number.ValueKind == JsonValueKind.Number ? number.GetInt32() : 0;
        lock (answers)
        {
            if (waiting.ContainsKey(id))
            {
                waiting[id] = payload;
                Monitor.PulseAll(answers);
                return true;
            }
        }

        if (type == "IndexedFile")
        {
            Added++;
            LastAdded = Clock.Elapsed;
            lock (flight)
            {
                if (--inFlight == 0)
                {
                    idleSince = LastAdded;
                }
            }

            window.Release();
        }

        return true;
    }

    private void Fail(string message)
    {
        lock (answers)
        {
            failure ??= message;
            Monitor.PulseAll(answers);
        }

        // Whoever waits for room in the window learns it too.
        window.Release(Window);
    }

    private void ThrowIfFailed()
    {
        if (failure is { } message)
        {
            throw new PagefindException(message);
        }
    }

    private static string Last(Task<string> text) => text.Wait(1_000) ? Build.NodeTooling.Last(text.Result) : string.Empty;
}

/// <summary>Pagefind refused a request or stopped; the message is its own.</summary>
internal sealed class PagefindException(string message) : Exception(message);
