using System.Diagnostics;

namespace ResearchSite.Build;

/// <summary>
/// Times a build phase by phase, with the managed heap after each, what each allocated and the CPU time the
/// process spent in it (every thread, the runtime's included): on a machine shared with other work, wall
/// time says little, CPU time much more.
/// </summary>
internal sealed class PhaseClock(Action<PhaseTiming>? progress = null)
{
    private readonly Stopwatch total = Stopwatch.StartNew();
    private readonly Stopwatch lap = Stopwatch.StartNew();
    private readonly Dictionary<string, (TimeSpan Elapsed, long Allocated, TimeSpan Cpu)> pending = new(StringComparer.Ordinal);
    private readonly Stopwatch stepLap = Stopwatch.StartNew();
    private long allocated = GC.GetTotalAllocatedBytes();
    private TimeSpan cpu = Environment.CpuUsage.TotalTime;
    private long jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount();
    private TimeSpan jitTime = System.Runtime.JitInfo.GetCompilationTime();

    public List<PhaseTiming> Phases { get; } = [];

    /// <summary>The steps inside the phases (<see cref="Step"/>), for a finer view of a short build: `serve`'s edits.</summary>
    public List<StepTiming> Steps { get; } = [];

    public TimeSpan Elapsed => total.Elapsed;

    /// <summary>Where the write phase's workers spent their time and allocations, page part by page part (<see cref="Incremental.PageParts"/>), for --verbose.</summary>
    public string? PageParts { get; set; }

    /// <summary>Ends a step inside a phase: the time since the last step or phase ended. Phases are not changed by it.</summary>
    public void Step(string name)
    {
        Steps.Add(new StepTiming(name, stepLap.Elapsed));
        stepLap.Restart();
    }

    /// <summary>Adds the time since the last lap to <paramref name="name"/>, for a phase in several laps (read: the settings and lists of files before the articles); <see cref="Phase"/> records the sum.</summary>
    public void Add(string name)
    {
        var now = GC.GetTotalAllocatedBytes();
        var cpuNow = Environment.CpuUsage.TotalTime;
        var (elapsed, bytes, used) = pending.GetValueOrDefault(name);
        pending[name] = (elapsed + lap.Elapsed, bytes + now - allocated, used + cpuNow - cpu);
        allocated = now;
        cpu = cpuNow;
        lap.Restart();
        stepLap.Restart();
    }

    /// <summary>
    /// Adds the time since the last lap to phases that ran at once on every core (each article read, then
    /// rendered, by the same worker): the wall and CPU time in proportion to the time the workers spent in
    /// each (<paramref name="shares"/>' Ticks), the bytes in proportion to what each allocated on its
    /// threads (<c>GC.GetAllocatedBytesForCurrentThread</c>), so that the shares add up to the lap.
    /// </summary>
    public void Share(params ReadOnlySpan<(string Name, long Ticks, long Allocated)> shares)
    {
        var now = GC.GetTotalAllocatedBytes();
        var cpuNow = Environment.CpuUsage.TotalTime;
        var (elapsed, bytes, used) = (lap.Elapsed, now - allocated, cpuNow - cpu);
        long ticks = 0, measured = 0;
        foreach (var share in shares)
        {
            ticks += share.Ticks;
            measured += share.Allocated;
        }

        foreach (var (name, shareTicks, shareBytes) in shares)
        {
            var time = ticks == 0 ? 1.0 / shares.Length : (double)shareTicks / ticks;
            var memory = measured == 0 ? 1.0 / shares.Length : (double)shareBytes / measured;
            var (e, b, c) = pending.GetValueOrDefault(name);
            pending[name] = (e + (elapsed * time), b + (long)(bytes * memory), c + (used * time));
        }

        allocated = now;
        cpu = cpuNow;
        lap.Restart();
        stepLap.Restart();
    }

    /// <summary>Ends a phase: the time since the last lap, and whatever was added to it.</summary>
    public void Phase(string name)
    {
        var now = GC.GetTotalAllocatedBytes();
        var cpuNow = Environment.CpuUsage.TotalTime;
        pending.Remove(name, out var added);
        // What was jitted in a phase of several laps falls to its last lap's phase: it is a count for --verbose, not a share.
        var jitMethodsNow = System.Runtime.JitInfo.GetCompiledMethodCount();
        var jitTimeNow = System.Runtime.JitInfo.GetCompilationTime();
        var timing = new PhaseTiming(name, lap.Elapsed + added.Elapsed, GC.GetTotalMemory(forceFullCollection: false), now - allocated + added.Allocated)
        {
            Cpu = cpuNow - cpu + added.Cpu,
            JitMethods = jitMethodsNow - jitMethods,
            JitTime = jitTimeNow - jitTime,
        };
        jitMethods = jitMethodsNow;
        jitTime = jitTimeNow;
        allocated = now;
        cpu = cpuNow;
        Phases.Add(timing);
        progress?.Invoke(timing);
        lap.Restart();
        stepLap.Restart();
    }
}
