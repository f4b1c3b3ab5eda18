using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
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
/// One study version as search sees it: its words as the study writes them, in reading order (title,
/// summary, body, notes), and what the search page shows and filters by.
/// </summary>
/// <param name="Url">The study's URL path (what Pagefind returns).</param>
/// <param name="Language">Its language code: one index per language.</param>
/// <param name="TextPath">Where its words are published for the search page (<see cref="Pages.Routes.SearchText"/>).</param>
/// <param name="Title">Its title, words separated by one space.</param>
/// <param name="Summary">Its summary (may be empty).</param>
/// <param name="Body">The text of its body (<see cref="HtmlText"/>).</param>
/// <param name="Notes">The text of its notes (may be empty).</param>
/// <param name="Date">Its date as the page shows it.</param>
/// <param name="Authors">Its authors' names as the page lists them.</param>
/// <param name="Filters">Each filter group with a value of it (a group may have several).</param>
/// <param name="SortDate">Its date as yyyy-MM-dd, for sorting.</param>
public sealed record SearchRecord(
    string Url,
    string Language,
    string TextPath,
    string Title,
    string Summary,
    string Body,
    string Notes,
    string Date,
    string Authors,
    IReadOnlyList<(string Group, string Value)> Filters,
    string SortDate)
{
    // Pagefind's weights: a hit in the title counts most, then the summary, the body, and the notes least.
    private const string TitleWeight = "10";
    private const string SummaryWeight = "5";
    private const string NotesWeight = "0.5";

    /// <summary>Every word of the study in reading order, as written: the n-th is the n-th word Pagefind indexes.</summary>
    public IEnumerable<string> Words => Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    // The parts hold their words one space apart already.
    private string Text => string.Join(' ', new[] { Title, Summary, Body, Notes }.Where(part => part.Length > 0));

    /// <summary>
    /// The page Pagefind indexes: the words normalized for matching (<see cref="SearchNormalizer"/>), word for word,
    /// each part weighted, the filters and the date to sort by. Nothing is shown from it: the search page shows
    /// the words as written (<see cref="TextJson"/>), which the hits' word positions point into.
    /// </summary>
    public string PagefindHtml()
    {
        var html = new StringBuilder(Title.Length + Summary.Length + Body.Length + Notes.Length + 512);
        html.Append("<html lang=\"").Append(Language).Append("\"><body><div data-pagefind-body>");
        Part(html, "h1", TitleWeight, Title);
        Part(html, "p", SummaryWeight, Summary);
        Part(html, "div", null, Body);
        Part(html, "div", NotesWeight, Notes);
        html.Append("</div>");
        foreach (var (group, value) in Filters)
        {
            html.Append("<p data-pagefind-filter=\"").Append(group).Append("\">").Append(WebUtility.HtmlEncode(value)).Append("</p>");
        }

        html.Append("<p data-pagefind-sort=\"date\">").Append(SortDate).Append("</p></body></html>");
        return html.ToString();
    }

    private static void Part(StringBuilder html, string element, string? weight, string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        html.Append('<').Append(element);
        if (weight is not null)
        {
            html.Append(" data-pagefind-weight=\"").Append(weight).Append('"');
        }

        html.Append('>');
        Span<char> buffer = stackalloc char[128];
        var first = true;
        foreach (var range in text.AsSpan().Split(' '))
        {
            var word = text.AsSpan()[range];
            if (word.IsEmpty)
            {
                continue;
            }

            if (!first)
            {
                html.Append(' ');
            }

            first = false;
            AppendIndexable(html, word, word.Length <= buffer.Length ? buffer : new char[word.Length]);
        }

        html.Append("</").Append(element).Append('>');
    }

    // Pagefind drops a word that is nothing but zero-width spaces, and so would one emptied by normalizing
    // (a lone tatweel): either would shift every position after it. A dash holds the place and matches nothing.
    private static void AppendIndexable(StringBuilder html, ReadOnlySpan<char> word, Span<char> buffer)
    {
        var start = html.Length;
        foreach (var c in SearchNormalizer.Word(word, buffer))
        {
            switch (c)
            {
                case '\u200B':
                    break;
                case '<':
                    html.Append("&lt;");
                    break;
                case '>':
                    html.Append("&gt;");
                    break;
                case '&':
                    html.Append("&amp;");
                    break;
                default:
                    html.Append(c);
                    break;
            }
        }

        if (html.Length == start)
        {
            html.Append('-');
        }
    }

    /// <summary>What the search page shows of a hit: the title, date and authors, and the words as written, space-separated.</summary>
    public byte[] TextJson() => JsonSerializer.SerializeToUtf8Bytes(new TextFile(Title, Date, Authors, Text), Json);

    /// <summary>Arabic as UTF-8, not as \u escapes three times its size.</summary>
    internal static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    private sealed record TextFile(
        [property: System.Text.Json.Serialization.JsonPropertyName("title")] string Title,
        [property: System.Text.Json.Serialization.JsonPropertyName("date")] string Date,
        [property: System.Text.Json.Serialization.JsonPropertyName("authors")] string Authors,
        [property: System.Text.Json.Serialization.JsonPropertyName("words")] string Words);
}

/// <summary>
/// Runs Pagefind (the npm package pinned in package.json, whose Linux binary comes with it) over one
/// record per study version, through tools/search-index.mjs: the records are streamed to it as they are
/// made, so Pagefind indexes while the build writes the pages, and it writes its files when told where.
/// One index per language.
/// </summary>
public static class SearchIndexer
{
    /// <summary>One record per study version, in the order of their paths; built in parallel (reading the text out of the HTML is most of the work).</summary>
    public static IReadOnlyList<SearchRecord> Records(SiteModel site, Pages.PagePlanner planner) => Stream(site, planner).ToList();

    private static IEnumerable<SearchRecord> Stream(SiteModel site, Pages.PagePlanner planner) =>
        site.Articles.OrderBy(a => a.Path, StringComparer.Ordinal)
            .AsParallel()
            .AsOrdered()
            .Select(article => Record(article, site.Config.Digits, planner.Href, planner.Strings.Get(article.Language, "list_separator")));

    private static SearchRecord Record(Article article, DigitStyle digits, Func<string, string> href, string listSeparator)
    {
        var lang = article.Language.Code;
        var (body, notes) = HtmlText.Parts(article.Rendered.HtmlUtf8);
        var localizer = new Localizer(article.Language, digits);
        var filters = article.Categories.Select(c => ("category", c.Name.Get(lang)))
            .Concat(article.Authors.Select(a => ("author", a.Name.Get(lang))))
            .Append(("unit", article.Unit.Name.Get(lang)))
            .Append(("year", localizer.Number(article.Date.Year.ToString(CultureInfo.InvariantCulture))))
            .ToList();
        return new SearchRecord(
            href(article.Path),
            lang,
            Pages.Routes.SearchText(article.Path),
            Words(article.Title),
            // The key points weigh as the summary does: both are the study in brief.
            Words(string.Join(' ', [article.Summary ?? string.Empty, .. article.KeyPoints])),
            body,
            notes,
            localizer.Date(article.Date),
            string.Join(listSeparator, article.Authors.Select(a => a.Name.Get(lang))),
            filters,
            article.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    // Front matter may hold line breaks or runs of spaces: words are what a reader sees between them.
    private static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>
    /// Starts indexing: Pagefind is started and fed the records on a background thread as they are made;
    /// <paramref name="each"/> is called with each record there too (to publish its words). Null, with the
    /// reason in <paramref name="skipped"/>, when search cannot run here.
    /// </summary>
    public static SearchRun? Start(SiteModel site, Pages.PagePlanner planner, Action<SearchRecord> each, out SearchOutcome? skipped)
    {
        var tooling = Build.NodeTooling.Find("search-index.mjs");
        skipped = null;
        if (tooling is null)
        {
            skipped = new(false, "search skipped: tools/search-index.mjs and package.json were not found above the program or the current folder.");
            return null;
        }

        if (!Build.NodeTooling.CanRun("node", "--version"))
        {
            skipped = new(false, "search skipped: Node.js is not installed; install Node.js 20 or later (the build then installs Pagefind itself), or pass --no-search.");
            return null;
        }

        if (!File.Exists(Path.Combine(tooling, "node_modules", "pagefind", "package.json")))
        {
            var (code, output) = Build.NodeTooling.Run("npm", ["ci", "--no-audit", "--no-fund"], tooling);
            if (code != 0)
            {
                skipped = new(false, $"search skipped: 'npm ci' failed in {tooling}: {Build.NodeTooling.Last(output)}");
                return null;
            }
        }

        return new SearchRun(tooling, Stream(site, planner), each);
    }
}

/// <summary>
/// Pagefind at work in its own process: records go to it as one JSON line each; <see cref="Finish"/>
/// tells it where to write the index (only once the pages are written, so that the output folder's
/// cleanup cannot meet its files) and waits for it. Disposing it before then stops it.
/// </summary>
public sealed class SearchRun : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Process process;
    private readonly Task<string> stdout;
    private readonly Task<string> stderr;
    private readonly Task<int> feeding;
    private readonly CancellationTokenSource stopping = new();
    private bool disposed;

    internal SearchRun(string tooling, IEnumerable<SearchRecord> records, Action<SearchRecord> each)
    {
        process = Process.Start(new ProcessStartInfo("node", [Path.Combine(tooling, "tools", "search-index.mjs")])
        {
            WorkingDirectory = tooling,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = Utf8,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
            UseShellExecute = false,
        })!;
        stdout = process.StandardOutput.ReadToEndAsync();
        stderr = process.StandardError.ReadToEndAsync();
        feeding = Task.Run(() => Feed(records, each));
    }

    private int Feed(IEnumerable<SearchRecord> records, Action<SearchRecord> each)
    {
        var count = 0;
        // Straight into the pipe as UTF-8: no second copy of each record as a JSON string.
        var input = process.StandardInput.BaseStream;
        using var json = new Utf8JsonWriter(input, new JsonWriterOptions { Encoder = SearchRecord.Json.Encoder });
        try
        {
            foreach (var record in records)
            {
                if (stopping.IsCancellationRequested)
                {
                    break;
                }

                each(record);
                json.WriteStartObject();
                json.WriteString("url", record.Url);
                json.WriteString("content", record.PagefindHtml());
                json.WriteEndObject();
                json.Flush();
                json.Reset();
                input.WriteByte((byte)'\n');
                count++;
            }
        }
        catch (IOException)
        {
            // Pagefind stopped early; Finish reports what it said.
        }

        return count;
    }

    /// <summary>Waits until every record was made and handed to Pagefind (and to the callback).</summary>
    public void Fed() => feeding.GetAwaiter().GetResult();

    /// <summary>Has the index written into <paramref name="bundleDir"/> once every record is in, and waits for Pagefind.</summary>
    public SearchOutcome Finish(string bundleDir)
    {
        Fed();
        try
        {
            var input = process.StandardInput.BaseStream;
            input.Write(JsonSerializer.SerializeToUtf8Bytes(new WriteLine(Path.GetFullPath(bundleDir)), SearchRecord.Json));
            input.WriteByte((byte)'\n');
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Pagefind stopped early; its own words say why.
        }

        process.WaitForExit();
        var output = (stdout.Result + stderr.Result).Trim();
        var lines = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return process.ExitCode == 0
            ? new(true, Build.NodeTooling.Last(stdout.Result)) { Timing = lines.Length > 1 ? lines[^2] : null }
            : new(false, $"search failed: {Build.NodeTooling.Last(output)}");
    }

    /// <summary>
    /// Stops Pagefind and waits until no record is being made, so that nothing is written after this returns
    /// (a failed build moves its staging folder away next).
    /// </summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        stopping.Cancel();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        try
        {
            feeding.Wait();
        }
        catch (AggregateException)
        {
            // A record failed to be made; the build reports its own error.
        }

        process.Dispose();
        stopping.Dispose();
    }

    private sealed record WriteLine([property: System.Text.Json.Serialization.JsonPropertyName("write")] string Write);
}
