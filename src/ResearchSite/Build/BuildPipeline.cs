using ResearchSite.Build.Incremental;
using ResearchSite.Diagnostics;
using ResearchSite.Output;
using ResearchSite.Search;

namespace ResearchSite.Build;

/// <summary>
/// The commands' builds, put together from the one build (<see cref="IncrementalBuild"/>: read, render,
/// cross-link, write) and where it writes: <see cref="Run"/> into a staging folder that then replaces
/// output/ (with the search index), <see cref="Check"/> nowhere, <see cref="BuildInMemory"/> into memory.
/// </summary>
public static partial class BuildPipeline
{
    public static BuildResult Run(BuildOptions options, BuildReporting? reporting = null)
    {
        if (CheckFolders(options, writes: true) is { } problem)
        {
            var diagnostics = new DiagnosticBag();
            diagnostics.Error(CommandLine, 1, 1, problem);
            return new BuildResult(false, diagnostics.Sorted(), new Dictionary<string, int>(), TimeSpan.Zero, []);
        }

        using var outputLock = SiteWriter.Lock(options.OutputDir, out var busy);
        if (busy is not null)
        {
            var diagnostics = new DiagnosticBag();
            diagnostics.Error(CommandLine, 1, 1, busy);
            return new BuildResult(false, diagnostics.Sorted(), new Dictionary<string, int>(), TimeSpan.Zero, []);
        }

        // Stamped before anything is read: a file written while the build reads it differs next time.
        var started = System.Diagnostics.Stopwatch.StartNew();
        var record = BuildRecord.Take(options);
        if (record?.Unchanged(started) is { } unchanged)
        {
            return unchanged;
        }

        // Pagefind's binary starts before the site is read, and indexes each study version as soon as it is rendered.
        SearchOutcome? search = null;
        var indexing = options.Search ? SearchIndexer.Launch(out search) : null;
        if (indexing is not null && options.YieldsToSearch)
        {
            SearchPrecedence.YieldToChildren();
        }

        // Pagefind's indexing, on one core, is the longest part of the build with search, and the build's pages are
        // done long before it: a build that took that core too would only slow it down, so it leaves Pagefind one.
        using var build = new IncrementalBuild(options, reporting) { SpillsBodies = true, Watcher = indexing, Workers = indexing is null ? -1 : Math.Max(1, Environment.ProcessorCount - 1) };

        // Declared after the build, so disposed before it on every path: the feeder reads bodies from the build's spill file.
        using var stopsSearchFirst = indexing;
        var step = build.Prepare(null, IncrementalBuild.Everything);
        if (step.Done is { } failed)
        {
            return failed.Result;
        }

        // Opened once the site is known to build: a failed build does not touch the folders beside output/.
        SiteWriter.CleanLeftovers(options.OutputDir);
        var writer = SiteWriter.Open(options.OutputDir, [options.InputDir, options.ThemeDir], step.Diagnostics);
        if (writer is null)
        {
            return new BuildResult(false, step.Diagnostics.Sorted(), new Dictionary<string, int>(), step.Clock.Elapsed, step.Clock.Phases.ToList());
        }

        try
        {
            // The study texts the search page shows are written beside the pages.
            indexing?.PublishTexts((path, json) => writer.WriteBytes(path, json));

            var site = build.Write(step, writer);
            if (!site.Succeeded)
            {
                indexing?.Dispose();
                writer.Abandon();
                return site.Result;
            }

            // The study texts are written as the records are made: the cleanup must come after the last of them.
            indexing?.Fed();
            writer.RemoveUnwritten();

            // Indexed in the staging folder, so that the swap brings the site and its index together.
            if (indexing is not null)
            {
                search = indexing.Finish(Path.Combine(writer.Staging, ResearchSite.Pages.Routes.SearchIndex));
                step.Clock.Phase("search");
            }

            writer.Commit();
            step.Clock.Phase("swap");

            // A build that left out what a missing tool makes is not recorded: the next one tries again.
            record?.Save(site.Result, complete: (!options.Search || search is { Indexed: true }) && site.Result.PdfMessage?.StartsWith("PDFs skipped", StringComparison.Ordinal) != true);
            return site.Result with { Elapsed = step.Clock.Elapsed, Phases = step.Clock.Phases.ToList(), SearchMessage = search?.Message, ImagesEncoded = build.ImagesEncoded, SearchTiming = search?.Timing };
        }
        catch
        {
            indexing?.Dispose();
            writer.Abandon();
            throw;
        }
    }

    /// <summary>Why the cache folder cannot be used, or null: inside the output folder it would be replaced with it, inside the input or theme published or watched.</summary>
    public static string? CheckCache(BuildOptions options)
    {
        if (options.CacheDir is not { } cache)
        {
            return null;
        }

        if (cache.Length == 0)
        {
            return "--cache is empty: name a folder for the image cache (the default is .researchsite-cache).";
        }

        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(cache));
        foreach (var (folder, what) in new[] { (options.OutputDir, "the output folder"), (options.InputDir, "the input folder"), (options.ThemeDir, "the theme") })
        {
            var other = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
            if (full == other || full.StartsWith(other + Path.DirectorySeparatorChar, StringComparison.Ordinal) || other.StartsWith(full + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                return $"--cache '{cache}' overlaps {what} ('{folder}'); keep the image cache in a folder of its own beside them (the default is .researchsite-cache).";
            }
        }

        return File.Exists(full) ? $"--cache '{cache}' is a file; name a folder." : null;
    }

    /// <summary>Every validation of the build, templates rendered in memory, nothing written.</summary>
    public static BuildResult Check(BuildOptions options)
    {
        using var build = new IncrementalBuild(options) { SpillsBodies = true };
        var step = build.Prepare(null, IncrementalBuild.Everything);
        if (step.Done is null && options.CacheDir is not null)
        {
            // The PDF template as well, on its sample study (typeset once per template, then from the cache).
            build.CheckPdfTemplate(step.Diagnostics);
        }

        return build.Write(step, new DiscardSink(), "templates").Result;
    }

    /// <summary>The whole build into memory: nothing on disk changes.</summary>
    public static BuiltSite BuildInMemory(BuildOptions options)
    {
        using var build = new IncrementalBuild(options);
        return build.Next(null, IncrementalBuild.Everything);
    }
}
