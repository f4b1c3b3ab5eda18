using ResearchSite.Content;
using ResearchSite.Diagnostics;
using ResearchSite.Markdown;
using ResearchSite.Output;
using ResearchSite.Pages;
using ResearchSite.Site;
using ResearchSite.Templates;

namespace ResearchSite.Build;

/// <summary>What to build: the folders, drafts or not, the URL the site is served from, and whether it gets a search index.</summary>
public sealed record BuildOptions(string InputDir, string ThemeDir, string OutputDir, bool IncludeDrafts, Uri? BaseUrl)
{
    /// <summary>Index the site for search with Pagefind after writing it (the CLI's default; off for library callers).</summary>
    public bool Search { get; init; }

    /// <summary>
    /// The site is served from the root of its host whatever path base_url has (`serve`, which answers
    /// at '/': with https://example.org/research/ every page would link to /research/… and find nothing).
    /// </summary>
    public bool AtRoot { get; init; }

    /// <summary>
    /// Where figures' variants and social cards are kept between builds (outside the output folder); null keeps
    /// nothing, and every build encodes them again.
    /// </summary>
    public string? CacheDir { get; init; }

    /// <summary>Whether studies get their PDF edition, and when it is typeset (off for library callers).</summary>
    public PdfMode Pdf { get; init; }

    /// <summary>Build everything even when nothing changed since the last build into the same folder (`--force`); it changes nothing in what is built.</summary>
    public bool Force { get; init; }

    /// <summary>
    /// The build's threads give way to Pagefind's process while it indexes (<see cref="SearchPrecedence"/>). For a
    /// process that runs this one build and exits (the CLI's <c>build</c>): the priority is never raised again.
    /// </summary>
    public bool YieldsToSearch { get; init; }
}

/// <summary>When the PDF edition of the studies is typeset.</summary>
public enum PdfMode
{
    /// <summary>No PDF: pages do not link one (`--no-pdf`, `check`).</summary>
    Off,

    /// <summary>Every study's PDF is typeset (or taken from the cache) before the pages are written (`build`).</summary>
    Typeset,

    /// <summary>Pages link the PDF, which is typeset only when it is asked for (`serve`).</summary>
    OnRequest,
}

/// <summary>How a build tells how far it is; it changes nothing in what is built.</summary>
public sealed record BuildReporting
{
    public static readonly BuildReporting None = new();

    /// <summary>Told about each phase as it ends, for a progress display.</summary>
    public Action<PhaseTiming>? Progress { get; init; }

    /// <summary>Told, now and then, how far the render and write phases are: (what, done, total).</summary>
    public Action<string, int, int>? Counts { get; init; }

    internal void Count(string what, int done, int total)
    {
        if (Counts is { } counts && (done % 250 == 0 || done == total))
        {
            counts(what, done, total);
        }
    }
}

/// <summary>A phase's wall time, the managed heap after it, and what it allocated (the garbage collector's work).</summary>
public sealed record PhaseTiming(string Phase, TimeSpan Elapsed, long HeapBytes, long AllocatedBytes)
{
    /// <summary>The CPU time of the whole process during the phase, every thread's.</summary>
    public TimeSpan Cpu { get; init; }

    /// <summary>How many methods the JIT compiled during the phase, every thread's (what ReadyToRun left: generic code over value types, reflection's stubs).</summary>
    public long JitMethods { get; init; }

    /// <summary>The JIT's time during the phase (see <see cref="JitMethods"/>).</summary>
    public TimeSpan JitTime { get; init; }
}

/// <summary>A step inside a phase and its time (a class, not a tuple: a list of tuples is generic code compiled at run time).</summary>
public sealed record StepTiming(string Step, TimeSpan Elapsed);

/// <summary>What a build did: its diagnostics, and on success how many pages of each language it wrote.</summary>
public sealed record BuildResult(
    bool Succeeded,
    IReadOnlyList<Diagnostic> Diagnostics,
    IReadOnlyDictionary<string, int> PagesPerLanguage,
    TimeSpan Elapsed,
    IReadOnlyList<PhaseTiming> Phases)
{
    /// <summary>One line on search indexing (done, or skipped and why), when it was asked for.</summary>
    public string? SearchMessage { get; init; }

    /// <summary>How many images (figures' variants, social cards) the build encoded rather than took from the cache.</summary>
    public int ImagesEncoded { get; init; }

    /// <summary>One line on the PDF edition (how many typeset and how fast, or why skipped), when PDFs were made.</summary>
    public string? PdfMessage { get; init; }

    /// <summary>The steps of the phases that the build timed apart (an edit's model, plan, link check, pages, files), in order.</summary>
    public IReadOnlyList<StepTiming> Steps { get; init; } = [];

    /// <summary>Where the write phase's workers spent their time and allocations: page views, templates, files (for --verbose).</summary>
    public string? PageParts { get; init; }

    /// <summary>Where Pagefind spent its time (adding the records, writing the index), for --verbose.</summary>
    public string? SearchTiming { get; init; }

    /// <summary>Nothing the build reads changed since the last build into the same folder, which still holds what it wrote: nothing was written.</summary>
    public bool Unchanged { get; init; }
}

/// <summary>
/// Everything a build knows before it writes: the site model and every page to write, and what
/// rendering an article again needs (the content's registries and files, the render contexts).
/// </summary>
public sealed record PreparedSite(SiteModel Site, PagePlanner Planner, IReadOnlyList<Page> Pages, TemplateSet Templates, AssetManifest Assets)
{
    public required LoadedContent Content { get; init; }

    public required RenderSetup Render { get; init; }

    public required LinkChecker Links { get; init; }
}

/// <summary>What every article's rendering needs besides its file, and a digest of it: an article is rendered again when the digest changes.</summary>
public sealed record RenderSetup(IReadOnlyDictionary<string, ArticleRenderContext> Contexts, string Dependencies);
