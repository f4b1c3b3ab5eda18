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
/// <param name="TextPath">Where <paramref name="Shown"/> is published for the search page (<see cref="Pages.Routes.SearchText"/>).</param>
/// <param name="Shown">What the search page shows of a hit, as UTF-8 JSON: the title, date and authors, and every word of the study as written, in reading order (title, summary, body, notes), one space apart.</param>
/// <param name="Indexed">The page Pagefind indexes, as UTF-8: the same words normalized for matching (<see cref="SearchNormalizer"/>), word for word, each part weighted, the filters and the date to sort by. Nothing is shown from it: the hits' word positions point into the words as written.</param>
internal sealed record SearchRecord(string TextPath, byte[] Shown, byte[] Indexed)
{
    // Pagefind's weights: a hit in the title counts most, then the summary, the body, and the notes least.
    internal const string TitleWeight = "10";
    internal const string SummaryWeight = "5";
    internal const string NotesWeight = "0.5";

    /// <summary>Arabic as UTF-8, not as \u escapes three times its size.</summary>
    internal static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };
}

/// <summary>
/// Runs Pagefind (the binary of the npm package pinned in package.json, spoken to directly:
/// <see cref="PagefindService"/>) over one record per study version: each study version's record is made as soon
/// as the version is rendered (<see cref="SearchRun"/> watches the render phase), its page goes to Pagefind and its
/// text to the output folder, so Pagefind indexes while the build renders, cross-links and writes the pages; it
/// writes its files when told where. One index per language.
/// </summary>
public static class SearchIndexer
{
    /// <summary>The record of <paramref name="article"/>: both its texts, made in one pass over it.</summary>
    internal static SearchRecord Record(Article article, Templates.UiStrings strings, DigitStyle digits)
    {
        var lang = article.Language.Code;
        var localizer = new Localizer(article.Language, digits);
        var text = RecordText.Current;
        text.Begin(lang);
        var title = Words(article.Title);
        text.PlainPart("h1", SearchRecord.TitleWeight, title);
        // The key points weigh as the summary does: both are the study in brief.
        text.PlainPart("p", SearchRecord.SummaryWeight, string.Join(' ', [article.Summary ?? string.Empty, .. article.KeyPoints]));
        text.HtmlParts(article.Rendered.HtmlUtf8, SearchRecord.NotesWeight);
        var page = text.Indexed(
            article.Categories.Select(c => ("category", c.Name.Get(lang)))
                .Concat(article.Authors.Select(a => ("author", a.Name.Get(lang))))
                .Append(("unit", article.Unit.Name.Get(lang)))
                .Append(("year", localizer.Number(article.Date.Year.ToString(CultureInfo.InvariantCulture))))
                .ToList(),
            article.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var words = text.Shown(title, localizer.Date(article.Date), string.Join(strings.Get(article.Language, "list_separator"), article.Authors.Select(a => a.Name.Get(lang))));
        return new SearchRecord(Pages.Routes.SearchText(article.Path), words, page);
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
/// Pagefind at work in its own process (<see cref="PagefindService"/>). As the build's render watcher it makes each
/// study version's record as soon as the version is rendered, in the order of the article files (whatever order
/// they render in: the index's bytes depend on the order its pages came in), hands Pagefind its page and publishes
/// its text: through <see cref="PublishTexts"/>'s writer once the site is known to build, held until then;
/// <see cref="Finish"/> tells Pagefind where to write the index (only once the pages are written, so that the output
/// folder's cleanup cannot meet its files) and waits for it. Disposing it before then stops it.
/// </summary>
public sealed class SearchRun : IDisposable, Build.Incremental.IRenderWatcher
{
    private readonly PagefindService pagefind;
    private readonly CancellationTokenSource stopping = new();
    private readonly object slots = new();
    private readonly object texts = new();
    private RenderedDocument?[] rendered = [];
    private bool[] done = [];
    private Task<int> feeding = Task.FromResult(0);
    private Action<string, byte[]>? publish;
    private List<(string Path, byte[] Json)> held = [];
    private Task heldWritten = Task.CompletedTask;
    private bool disposed;

    internal SearchRun(string binary) =>
        // The benchmark keeps what the build sent, to time Pagefind alone on exactly that.
        pagefind = new PagefindService(binary, Environment.GetEnvironmentVariable("SEARCH_INDEX_SAVE") is { Length: > 0 } save ? save : null);

    void Build.Incremental.IRenderWatcher.Rendering(Content.LoadedContent content, Templates.UiStrings strings, int count)
    {
        lock (slots)
        {
            rendered = new RenderedDocument?[count];
            done = new bool[count];
        }

        // It waits for the renders most of its life: a thread of its own, not one the render workers could use.
        feeding = Task.Factory.StartNew(() => Feed(content, strings, count), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
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

    // One thread, in the articles' order: each record is made once its article is rendered and Pagefind has room
    // for it (PagefindService's window), so that no more than a few pages wait in memory however far ahead the
    // render phase is. Both texts come from one pass over the article (the text shown was a second pass, over the
    // body read back, once the site was known to build).
    private int Feed(Content.LoadedContent content, Templates.UiStrings strings, int count)
    {
        var added = 0;
        var indexing = true;
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

            var record = SearchIndexer.Record(article, strings, content.Site.Digits);
            if (indexing)
            {
                try
                {
                    // The page's URL path, as Routes.Href makes it (the planner is not made yet).
                    pagefind.AddFile(content.Site.BaseUrl.AbsolutePath + article.Path, record.Indexed);
                    added++;
                }
                catch (PagefindException)
                {
                    // Pagefind failed or stopped; Finish reports what it said. The texts are published all the same.
                    indexing = false;
                }
            }

            Publish(record.TextPath, record.Shown);
        }

        return added;
    }

    // Written at once when the output folder is open, else held until it is (PublishTexts): Pagefind takes the
    // pages slower than the site renders, so only the records made before the folder opens wait in memory.
    private void Publish(string path, byte[] json)
    {
        Action<string, byte[]>? write;
        lock (texts)
        {
            write = publish;
            if (write is null)
            {
                held.Add((path, json));
                return;
            }
        }

        write(path, json);
    }

    /// <summary>
    /// Has the study texts written through <paramref name="write"/> (path, bytes), from now on as their records are
    /// made; those made already are written on a background thread.
    /// </summary>
    public void PublishTexts(Action<string, byte[]> write)
    {
        List<(string Path, byte[] Json)> earlier;
        lock (texts)
        {
            publish = write;
            earlier = held;
            held = [];
        }

        heldWritten = Task.Run(() =>
        {
            foreach (var (path, json) in earlier)
            {
                if (stopping.IsCancellationRequested)
                {
                    return;
                }

                write(path, json);
            }
        });
    }

    /// <summary>Waits until every record is made and every study text is written.</summary>
    public void Fed()
    {
        feeding.GetAwaiter().GetResult();
        heldWritten.GetAwaiter().GetResult();
    }

    /// <summary>Has the index written into <paramref name="bundleDir"/> once every record is in, and waits for Pagefind.</summary>
    public SearchOutcome Finish(string bundleDir)
    {
        var count = feeding.GetAwaiter().GetResult();
        try
        {
            var adding = pagefind.Cpu();
            var writing = pagefind.Clock.Elapsed;
            // Pagefind waits from its last page until now for the build to write its pages (none when the pages were done first).
            pagefind.WriteFiles(Path.GetFullPath(bundleDir));
            var written = pagefind.Clock.Elapsed - writing;
            var done = pagefind.Cpu();
            pagefind.Close();
            var cpu = adding is { } a && done is { } d
                ? string.Create(CultureInfo.InvariantCulture, $"; CPU of Pagefind's binary: adding {a.TotalSeconds:0.00} s, writing {(d - a).TotalSeconds:0.00} s")
                : string.Empty;
            return new(true, $"search: indexed {count} page{(count == 1 ? string.Empty : "s")}")
            {
                Timing = string.Create(CultureInfo.InvariantCulture, $"search: every record added {pagefind.LastAdded.TotalSeconds:0.00} s after Pagefind started (the first sent at {pagefind.FirstSent.TotalSeconds:0.00} s; none to index for {pagefind.Starved.TotalSeconds:0.00} s between), told to write {Math.Max(0, (writing - pagefind.LastAdded).TotalSeconds):0.00} s later, index written in {written.TotalSeconds:0.00} s{cpu}"),
            };
        }
        catch (PagefindException e)
        {
            return new(false, $"search failed: {e.Message}");
        }
    }

    /// <summary>
    /// Stops Pagefind and waits until no record or study text is being made or written, so that nothing is written after
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
        foreach (var task in new Task[] { feeding, heldWritten })
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
