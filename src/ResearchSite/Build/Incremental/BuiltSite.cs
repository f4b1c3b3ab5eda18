using System.Collections.Immutable;
using ResearchSite.Content;
using ResearchSite.Diagnostics;
using ResearchSite.Markdown;

namespace ResearchSite.Build.Incremental;

/// <summary>
/// A site as one build step left it: the result, the prepared site (model, pages, templates), the files
/// when they were written to memory, and what the step changed. The next step starts from it.
/// A failed step keeps the last good site and what changed since, so that the step after it builds
/// those changes again.
/// </summary>
public sealed record BuiltSite
{
    private static readonly IReadOnlyDictionary<string, byte[]> NoFiles = new Dictionary<string, byte[]>();

    public required BuildResult Result { get; init; }

    public bool Succeeded => Result.Succeeded;

    /// <summary>The model, pages and templates behind the files; null when the step failed.</summary>
    public PreparedSite? Prepared { get; init; }

    /// <summary>Every file of the site by its path under output/ ('/'-separated), when the step wrote into memory.</summary>
    public IReadOnlyDictionary<string, byte[]> Files { get; init; } = NoFiles;

    /// <summary>The files whose bytes differ from the last good site's, and those it no longer has.</summary>
    public IReadOnlyList<string> Changed { get; init; } = [];

    /// <summary>The files this step made (rendered or copied); the others were kept from the step before.</summary>
    public IReadOnlyCollection<string> Written { get; init; } = [];

    /// <summary>The article files this step read and rendered (full paths).</summary>
    public IReadOnlyCollection<string> Rendered { get; init; } = [];

    /// <summary>Whether the step patched the site before it: the pages and listings stood, only some studies' pages were made again.</summary>
    public bool Patched { get; init; }

    /// <summary>This site when it succeeded, else the last good one (null when there was none).</summary>
    internal BuiltSite? Good => Succeeded ? this : LastGood;

    internal SiteInputs? Inputs { get; init; }

    /// <summary>The pages by their paths, when the step wrote into memory: what `serve` renders again, and what the next patch changes.</summary>
    internal PageIndex? Index { get; init; }

    internal BuiltSite? LastGood { get; init; }

    /// <summary>What changed since <see cref="LastGood"/>, for a failed step.</summary>
    internal Edit Pending { get; init; } = Edit.None;
}

/// <summary>What a good step read, beyond what its prepared site holds, for the next step to reuse.</summary>
internal sealed record SiteInputs(
    IReadOnlyList<Diagnostic> ThemeDiagnostics,
    IReadOnlyList<Diagnostic> ContentDiagnostics,
    IReadOnlyDictionary<string, ArticleEntry> Articles,
    string SharedStamp)
{
    /// <summary>The diagnostics of the articles that have any, by file: an edit need not go over every article for them.</summary>
    public ImmutableDictionary<string, IReadOnlyList<Diagnostic>> ArticleDiagnostics { get; init; } = ImmutableDictionary.Create<string, IReadOnlyList<Diagnostic>>(StringComparer.Ordinal);
}

/// <summary>
/// One article file as the step read and rendered it: its stamp then, the digest of what its rendering
/// depended on, the result (null for a draft or a file with errors) and the problems found.
/// </summary>
internal sealed record ArticleEntry(FileStamp Stamp, string Dependencies, RenderedDocument? Rendered, IReadOnlyList<Diagnostic> Diagnostics);
