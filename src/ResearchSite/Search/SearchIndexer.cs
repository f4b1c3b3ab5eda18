using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using ResearchSite.Markdown;
using ResearchSite.Site;
using ResearchSite.Text;

namespace ResearchSite.Search;

/// <summary>The outcome of indexing: done, skipped (and why, in one line), or failed.</summary>
public sealed record SearchOutcome(bool Indexed, string Message)
{
    /// <summary>Where Pagefind spent its time, when it ran.</summary>
    public string? Timing { get; init; }
}

/// <summary>
/// One study version as search needs it, made in one pass (<see cref="RecordText"/>): the page Pagefind indexes
/// and what the search page shows of it. Nothing else is kept: no string of any of its texts.
/// </summary>
/// <param name="Url">The study's URL path (what Pagefind returns).</param>
/// <param name="TextPath">Where <paramref name="Shown"/> is published for the search page (<see cref="Pages.Routes.SearchText"/>).</param>
/// <param name="Shown">What the search page shows of a hit, as UTF-8 JSON: the title, date and authors, and every word of the study as written, in reading order (title, summary, body, notes), one space apart.</param>
/// <param name="Indexed">The page Pagefind indexes, as UTF-8: the same words normalized for matching (<see cref="SearchNormalizer"/>), word for word, each part weighted, the filters and the date to sort by. Nothing is shown from it: the hits' word positions point into the words as written.</param>
public sealed record SearchRecord(string Url, string TextPath, byte[] Shown, byte[] Indexed)
{
    // Pagefind's weights: a hit in the title counts most, then the summary, the body, and the notes least.
    internal const string TitleWeight = "10";
    internal const string SummaryWeight = "5";
    internal const string NotesWeight = "0.5";

    /// <summary>Every word of the study in reading order, as written: the n-th is the n-th word Pagefind indexes.</summary>
    public IEnumerable<string> Words => JsonDocument.Parse(Shown).RootElement.GetProperty("words").GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The page Pagefind indexes, as text.</summary>
    public string PagefindHtml() => Encoding.UTF8.GetString(Indexed);

    /// <summary>What the search page shows of a hit (<see cref="Shown"/>).</summary>
    public byte[] TextJson() => Shown;

    /// <summary>Arabic as UTF-8, not as \u escapes three times its size.</summary>
    internal static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };
}

/// <summary>
/// Runs Pagefind (the binary of the npm package pinned in package.json, spoken to directly:
/// <see cref="PagefindService"/>) over one record per study version: each study version's page to index goes to
/// it as soon as the version is rendered (<see cref="SearchRun"/> watches the render phase), so Pagefind indexes
/// while the build renders, cross-links and writes the pages; it writes its files when told where. One index per
/// language.
/// </summary>
public static class SearchIndexer
{
    /// <summary>One record per study version, in the order of their paths; built in parallel.</summary>
    public static IReadOnlyList<SearchRecord> Records(SiteModel site, Pages.PagePlanner planner) =>
        site.Articles.OrderBy(a => a.Path, StringComparer.Ordinal)
            .AsParallel()
            .AsOrdered()
            .Select(article => Record(article, planner.Href(article.Path), site.Config.Digits, planner.Strings.Get(article.Language, "list_separator"), shown: true, indexed: true))
            .ToList();

    /// <summary>The page Pagefind indexes of <paramref name="article"/> (<see cref="SearchRecord.Indexed"/>).</summary>
    internal static byte[] IndexedPage(Article article, DigitStyle digits) => Record(article, string.Empty, digits, string.Empty, shown: false, indexed: true).Indexed;

    /// <summary>The study texts the search page shows, one per study version: (where, UTF-8 JSON); made in parallel.</summary>
    internal static ParallelQuery<(string Path, byte[] Json)> Texts(SiteModel site, Pages.PagePlanner planner) =>
        site.Articles.AsParallel().Select(article =>
            (Pages.Routes.SearchText(article.Path), Record(article, string.Empty, site.Config.Digits, planner.Strings.Get(article.Language, "list_separator"), shown: true, indexed: false).Shown));

    // Either half may be left out (its bytes are then empty): they are made at different times (SearchRun).
    private static SearchRecord Record(Article article, string url, DigitStyle digits, string listSeparator, bool shown, bool indexed)
    {
        var lang = article.Language.Code;
        var localizer = new Localizer(article.Language, digits);
        var text = RecordText.Current;
        text.Begin(lang, written: shown, indexed: indexed);
        var title = Words(article.Title);
        text.PlainPart("h1", SearchRecord.TitleWeight, title);
        // The key points weigh as the summary does: both are the study in brief.
        text.PlainPart("p", SearchRecord.SummaryWeight, string.Join(' ', [article.Summary ?? string.Empty, .. article.KeyPoints]));
        text.HtmlParts(article.Rendered.HtmlUtf8, SearchRecord.NotesWeight);
        var page = indexed
            ? text.Indexed(
                article.Categories.Select(c => ("category", c.Name.Get(lang)))
                    .Concat(article.Authors.Select(a => ("author", a.Name.Get(lang))))
                    .Append(("unit", article.Unit.Name.Get(lang)))
                    .Append(("year", localizer.Number(article.Date.Year.ToString(CultureInfo.InvariantCulture))))
                    .ToList(),
                article.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            : [];
        var words = shown ? text.Shown(title, localizer.Date(article.Date), string.Join(listSeparator, article.Authors.Select(a => a.Name.Get(lang)))) : [];
        return new SearchRecord(url, Pages.Routes.SearchText(article.Path), words, page);
    }

    // Front matter may hold line breaks or runs of spaces: words are what a reader sees between them.
    private static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>
    /// Starts Pagefind, to be fed as the articles are rendered (the run is the build's <see cref="Build.Incremental.IRenderWatcher"/>):
    /// it starts before the build reads anything. Null, with the reason in <paramref name="skipped"/>, when search cannot run here.
    /// </summary>
    public static SearchRun? Launch(out SearchOutcome? skipped)
    {
        var tooling = Build.NodeTooling.FindPackage("pagefind");
        skipped = null;
        if (tooling is null)
        {
            skipped = new(false, "search skipped: no package.json that depends on pagefind was found above the program or the current folder.");
            return null;
        }

        // Node.js only installs the package; the build then speaks to Pagefind's binary itself.
        if (PagefindService.Binary(tooling) is null)
        {
            if (!Build.NodeTooling.CanRun("node", "--version"))
            {
                skipped = new(false, "search skipped: Node.js is not installed; install Node.js 20 or later (the build then installs Pagefind itself), or pass --no-search.");
                return null;
            }

            var (code, output) = Build.NodeTooling.Run("npm", ["ci", "--no-audit", "--no-fund"], tooling);
            if (code != 0)
            {
                skipped = new(false, $"search skipped: 'npm ci' failed in {tooling}: {Build.NodeTooling.Last(output)}");
                return null;
            }
        }

        if (PagefindService.Binary(tooling) is not { } binary)
        {
            skipped = new(false, $"search skipped: the pagefind package in {tooling} has no binary for this machine ({System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}).");
            return null;
        }

        try
        {
            return new SearchRun(binary);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            skipped = new(false, $"search skipped: Pagefind's binary {binary} could not be started ({e.Message}); run 'npm ci' in {tooling}, or pass --no-search.");
            return null;
        }
    }
}

/// <summary>
/// Pagefind at work in its own process (<see cref="PagefindService"/>). As the build's render watcher it hands
/// Pagefind each study version's page as soon as the version is rendered, in the order of the article files
/// (whatever order they render in: the index's bytes depend on the order its pages came in); once the site is
/// known to build, <see cref="PublishTexts"/> writes the study texts beside the pages; <see cref="Finish"/> tells
/// Pagefind where to write the index (only once the pages are written, so that the output folder's cleanup cannot
/// meet its files) and waits for it. Disposing it before then stops it.
/// </summary>
public sealed class SearchRun : IDisposable, Build.Incremental.IRenderWatcher
{
    private readonly PagefindService pagefind;
    private readonly CancellationTokenSource stopping = new();
    private readonly object slots = new();
    private RenderedDocument?[] rendered = [];
    private bool[] done = [];
    private Task<int> feeding = Task.FromResult(0);
    private Task texts = Task.CompletedTask;
    private bool disposed;

    internal SearchRun(string binary) =>
        // The benchmark keeps what the build sent, to time Pagefind alone on exactly that.
        pagefind = new PagefindService(binary, Environment.GetEnvironmentVariable("SEARCH_INDEX_SAVE") is { Length: > 0 } save ? save : null);

    void Build.Incremental.IRenderWatcher.Rendering(Content.LoadedContent content, int count)
    {
        lock (slots)
        {
            rendered = new RenderedDocument?[count];
            done = new bool[count];
        }

        // It waits for the renders most of its life: a thread of its own, not one the render workers could use.
        feeding = Task.Factory.StartNew(() => Feed(content, count), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    void Build.Incremental.IRenderWatcher.Rendered(int place, RenderedDocument? document)
    {
        lock (slots)
        {
            rendered[place] = document;
            done[place] = true;
            Monitor.PulseAll(slots);
        }
    }

    // One thread, in the articles' order: each page is made once its article is rendered and Pagefind has room
    // for it (PagefindService's window), so that no more than a few pages wait in memory however far ahead the
    // render phase is.
    private int Feed(Content.LoadedContent content, int count)
    {
        var added = 0;
        try
        {
            for (var place = 0; place < count; place++)
            {
                RenderedDocument? document;
                lock (slots)
                {
                    while (!done[place] && !stopping.IsCancellationRequested)
                    {
                        Monitor.Wait(slots);
                    }

                    if (stopping.IsCancellationRequested)
                    {
                        break;
                    }

                    document = rendered[place];
                    rendered[place] = null;
                }

                // Resolved as the site model resolves it; one that does not resolve fails the build anyway.
                if (document is null || SiteModelBuilder.Resolve(document.Source, content.Site.Languages, content.Registries, document.Rendered, new Diagnostics.DiagnosticBag()) is not { } article)
                {
                    continue;
                }

                // The page's URL path, as Routes.Href makes it (the planner is not made yet).
                pagefind.AddFile(content.Site.BaseUrl.AbsolutePath + article.Path, SearchIndexer.IndexedPage(article, content.Site.Digits));
                added++;
            }
        }
        catch (PagefindException)
        {
            // Pagefind failed or stopped; Finish reports what it said.
        }

        return added;
    }

    /// <summary>Starts writing the study texts of <paramref name="site"/> (through <paramref name="write"/>: path, bytes) on a background thread.</summary>
    public void PublishTexts(SiteModel site, Pages.PagePlanner planner, Action<string, byte[]> write) =>
        texts = Task.Run(() => SearchIndexer.Texts(site, planner).WithCancellation(stopping.Token).ForAll(text => write(text.Path, text.Json)));

    /// <summary>Waits until every study text is written.</summary>
    public void Fed() => texts.GetAwaiter().GetResult();

    /// <summary>Has the index written into <paramref name="bundleDir"/> once every record is in, and waits for Pagefind.</summary>
    public SearchOutcome Finish(string bundleDir)
    {
        var count = feeding.GetAwaiter().GetResult();
        try
        {
            var adding = pagefind.Cpu();
            var writing = pagefind.Clock.Elapsed;
            pagefind.WriteFiles(Path.GetFullPath(bundleDir));
            var written = pagefind.Clock.Elapsed - writing;
            var done = pagefind.Cpu();
            pagefind.Close();
            var cpu = adding is { } a && done is { } d
                ? string.Create(CultureInfo.InvariantCulture, $"; CPU of Pagefind's binary: adding {a.TotalSeconds:0.00} s, writing {(d - a).TotalSeconds:0.00} s")
                : string.Empty;
            return new(true, $"search: indexed {count} page{(count == 1 ? string.Empty : "s")}")
            {
                Timing = string.Create(CultureInfo.InvariantCulture, $"search: every record added {pagefind.LastAdded.TotalSeconds:0.00} s after Pagefind started, index written in {written.TotalSeconds:0.00} s{cpu}"),
            };
        }
        catch (PagefindException e)
        {
            return new(false, $"search failed: {e.Message}");
        }
    }

    /// <summary>
    /// Stops Pagefind and waits until no record or study text is being made, so that nothing is written after
    /// this returns (a failed build moves its staging folder away next).
    /// </summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        stopping.Cancel();
        lock (slots)
        {
            Monitor.PulseAll(slots);
        }

        pagefind.Stop();
        foreach (var task in new Task[] { feeding, texts })
        {
            try
            {
                task.Wait();
            }
            catch (AggregateException)
            {
                // Stopped, or a record failed to be made; the build reports its own error.
            }
        }

        pagefind.Dispose();
        stopping.Dispose();
    }
}
