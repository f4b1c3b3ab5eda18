using ResearchSite.Diagnostics;
using ResearchSite.Pages;

namespace ResearchSite.Build.Incremental;

/// <summary>
/// A step read, rendered and cross-linked, not written yet: the prepared site and which of its pages
/// must be made again. <see cref="Done"/> holds the outcome instead when there is nothing to write (the
/// step failed, or nothing it reads changed).
/// </summary>
public sealed class BuildStep
{
    internal BuildStep(BuiltSite done)
    {
        Done = done;
        Diagnostics = new DiagnosticBag();
        Clock = new PhaseClock();
    }

    internal BuildStep(DiagnosticBag diagnostics, PhaseClock clock)
    {
        Diagnostics = diagnostics;
        Clock = clock;
    }

    /// <summary>The outcome, when the step has nothing to write.</summary>
    public BuiltSite? Done { get; }

    public PreparedSite? Prepared { get; internal init; }

    internal DiagnosticBag Diagnostics { get; }

    internal PhaseClock Clock { get; }

    /// <summary>The last good site this step builds on; null for a whole build.</summary>
    internal BuiltSite? Basis { get; init; }

    /// <summary>What changed since <see cref="Basis"/>.</summary>
    internal Edit Since { get; init; } = Edit.All;

    internal SiteInputs? Inputs { get; init; }

    /// <summary>
    /// True when the basis's files stand and only <see cref="Pages"/> (and the feeds) are made again;
    /// false when every page is gone through, the ones <see cref="Keeps"/> allows taken from the basis.
    /// </summary>
    internal bool Patch { get; init; }

    /// <summary>The pages to go through: those to make again for a patch, else all of them.</summary>
    internal IReadOnlyList<Page> Pages { get; init; } = [];

    /// <summary>Whether a page may be taken from the basis as it is (nothing it shows changed).</summary>
    internal Func<Page, bool> Keeps { get; init; } = _ => false;

    /// <summary>Whether the files of input/assets may differ from the basis's copies.</summary>
    internal bool AssetsChanged { get; init; } = true;

    internal IReadOnlyCollection<string> Rendered { get; init; } = [];

    /// <summary>The pages by their paths, when a patch made it from the basis's.</summary>
    internal PageIndex? Index { get; init; }
}
