using System.Diagnostics;

namespace ResearchSite.Build;

/// <summary>Times a build phase by phase, with the managed heap after each and what each allocated.</summary>
internal sealed class PhaseClock(Action<PhaseTiming>? progress = null)
{
    private readonly Stopwatch total = Stopwatch.StartNew();
    private readonly Stopwatch lap = Stopwatch.StartNew();
    private long allocated = GC.GetTotalAllocatedBytes();

    public List<PhaseTiming> Phases { get; } = [];

    public TimeSpan Elapsed => total.Elapsed;

    public void Phase(string name)
    {
        var now = GC.GetTotalAllocatedBytes();
        var timing = new PhaseTiming(name, lap.Elapsed, GC.GetTotalMemory(forceFullCollection: false), now - allocated);
        allocated = now;
        Phases.Add(timing);
        progress?.Invoke(timing);
        lap.Restart();
    }
}
