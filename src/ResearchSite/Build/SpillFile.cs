using Microsoft.Win32.SafeHandles;
using ResearchSite.Markdown;

namespace ResearchSite.Build;

/// <summary>
/// Rendered bodies kept in a temporary file from their rendering until their page is written, for a build
/// that writes each page once (`build`, `check`): the archive's HTML is most of what a build would hold
/// (about 36 MB per 1,000 studies, a quarter of it deflated), and it is needed only to be copied into its page
/// and the search text. The bytes go in as they are: the kernel's page cache holds them, out of the process's
/// memory and the collector's work (where TMPDIR is a tmpfs they still take RAM or swap, but not the heap's), and writing and reading them back costs less than deflating and
/// inflating them (README, Benchmark). The file has no name once opened: nothing is left behind, even when
/// the build is killed. Not for `serve`, which keeps its bodies for the next edit (<see cref="BodyStore.Memory"/>).
/// </summary>
internal sealed class SpillFile : BodyStore, IDisposable
{
    private readonly SafeFileHandle handle;
    private long end;
    private volatile bool failed;

    private SpillFile(SafeFileHandle handle) => this.handle = handle;

    /// <summary>A new spill file in <paramref name="folder"/>; null when none can be made there (the bodies are then held in memory).</summary>
    public static SpillFile? Open(string folder)
    {
        var path = Path.Combine(folder, $".researchsite-bodies-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
            if (!OperatingSystem.IsWindows())
            {
                // Unnamed at once: the open handle keeps the data, and a killed build leaves no file.
                File.Delete(path);
            }

            return new SpillFile(handle);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    internal override HeldBody Hold(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return HeldBody.Empty;
        }

        if (!failed)
        {
            var at = Interlocked.Add(ref end, bytes.Length) - bytes.Length;
            try
            {
                RandomAccess.Write(handle, bytes, at);
                return new Spilled(handle, at, bytes.Length);
            }
            catch (IOException)
            {
                // The disk is full: this body and the next are held in memory, as `serve` holds them.
                failed = true;
            }
        }

        return Memory.Hold(bytes);
    }

    public void Dispose() => handle.Dispose();

    private sealed class Spilled(SafeFileHandle handle, long at, int length) : HeldBody
    {
        public override byte[] Read()
        {
            var bytes = new byte[length];
            ReadInto(bytes);
            return bytes;
        }

        public override int Length => length;

        public override void ReadInto(Span<byte> target)
        {
            var done = 0;
            while (done < length)
            {
                var read = RandomAccess.Read(handle, target[done..length], at + done);
                if (read == 0)
                {
                    throw new IOException("the build's temporary file of rendered bodies ended early.");
                }

                done += read;
            }
        }

        public override int InMemory => 0;
    }
}
