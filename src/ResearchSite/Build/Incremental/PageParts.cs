using System.Diagnostics;
using System.Globalization;

namespace ResearchSite.Build.Incremental;

/// <summary>
/// The write phase's work split by what each page costs: building its view, rendering its templates, writing its
/// files (companions and images included). Each part adds the time the workers spent in it and the bytes they
/// allocated on their threads (exact), so that --verbose tells which part to cut; it costs two counter reads a part.
/// </summary>
internal sealed class PageParts
{
    public const int Views = 0;
    public const int Templates = 1;
    public const int Files = 2;

    private static readonly string[] Names = ["views", "templates", "files"];

    private readonly long[] ticks = new long[Names.Length];
    private readonly long[] bytes = new long[Names.Length];

    /// <summary>Where a part starts: the worker's clock and allocation counter.</summary>
    public readonly record struct Mark(long Ticks, long Allocated);

    public Mark Start() => new(Stopwatch.GetTimestamp(), GC.GetAllocatedBytesForCurrentThread());

    /// <summary>Ends <paramref name="part"/>, begun at <paramref name="since"/>; returns where the next part starts.</summary>
    public Mark End(int part, Mark since)
    {
        var now = Start();
        Interlocked.Add(ref ticks[part], now.Ticks - since.Ticks);
        Interlocked.Add(ref bytes[part], now.Allocated - since.Allocated);
        return now;
    }

    /// <summary>Ends a part when disposed, on every way out of the page's work.</summary>
    public readonly struct Ending(PageParts parts, int part, Mark since) : IDisposable
    {
        public void Dispose() => parts.End(part, since);
    }

    public override string ToString() => string.Join(", ", Names.Select((name, i) => string.Create(CultureInfo.InvariantCulture,
        $"{name} {Stopwatch.GetElapsedTime(0, ticks[i]).TotalMilliseconds:0} ms {bytes[i] / (1024 * 1024)} MB"))) + " (the workers' time, and what they allocated)";
}
