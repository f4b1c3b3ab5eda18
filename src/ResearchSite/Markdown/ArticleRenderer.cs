using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Renderers.Html.Inlines;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using ResearchSite.Content;
using ResearchSite.Diagnostics;
using ResearchSite.Markdown.Figures;
using ResearchSite.Markdown.Headings;
using ResearchSite.Markdown.Links;
using ResearchSite.Markdown.Notes;
using ResearchSite.Markdown.Safety;
using ResearchSite.Markdown.Tables;
using ResearchSite.Markdown.Scripts;

namespace ResearchSite.Markdown;

/// <summary>
/// A note as the page's ids need it: its number, the URLs it cites, and how often it is cited (each place has an id).
/// Not its text: the page shows it from the HTML, and the text of every note was held for the whole build.
/// </summary>
public sealed record RenderedNote(int Number, IReadOnlyList<string> Urls, int Citations);

/// <summary>An article source (its Markdown body dropped) with what rendering made of it.</summary>
public sealed record RenderedDocument(SourceDocument Source, RenderedArticle Rendered);

/// <summary>What rendering one article needs besides its source: words, digits and link targets.</summary>
public sealed record ArticleRenderContext(NoteLabels Labels, Func<int, string> FormatNumber, LinkTargets Links)
{
    /// <summary>The ids the theme gives elements of the page around the article: headings and raw HTML take others.</summary>
    public IReadOnlySet<string> PageIds { get; init; } = new HashSet<string>();

    /// <summary>How runs of the other script are marked on the article's page.</summary>
    public required Scripts.ScriptIsolation Scripts { get; init; }

    /// <summary>The word before a figure's number ("Figure", "شكل").</summary>
    public string FigureWord { get; init; } = "Figure";

    /// <summary>Whether the study is also rendered for print (the PDF edition's data, <see cref="Print.PrintRenderer"/>).</summary>
    public bool Print { get; init; }

    /// <summary>The image cache's index, by which an image already checked is not read again (none: each is read).</summary>
    public Images.ImageIndex? ImageIndex { get; init; }

    /// <summary>Where the rendered body and print data wait for their page.</summary>
    public BodyStore Bodies { get; init; } = BodyStore.Memory;
}

/// <summary>An article body after Markdown: HTML, headings with ids, table of contents, notes, the ids its raw HTML kept.</summary>
public sealed record RenderedArticle(
    byte[] HtmlUtf8,
    IReadOnlyList<InternalLink> InternalLinks,
    IReadOnlyList<Heading> Headings,
    IReadOnlyList<TocEntry> Toc,
    IReadOnlyList<RenderedNote> Notes,
    string FirstParagraph)
{
    // Every study's HTML is held from its rendering until its page is written (and for as long as `serve`
    // runs), and it was most of the build's memory: 10,000 studies held about 400 MB of it. Deflated at
    // the fastest level it takes about a quarter of that, for a few per cent of the build's CPU time;
    // `build` keeps it out of memory (see BodyStore).
    private readonly HeldBody body = BodyStore.Memory.Hold(HtmlUtf8);

    /// <summary>The body's HTML as UTF-8: a new array at each call, which the caller may keep or drop.</summary>
    public byte[] HtmlUtf8
    {
        get => body.Read();
        init => body = BodyStore.Memory.Hold(value);
    }

    /// <summary>The body as a <see cref="BodyStore"/> holds it (the renderer's store, instead of <see cref="HtmlUtf8"/>'s).</summary>
    internal HeldBody Body
    {
        get => body;
        init => body = value;
    }

    public string Html => System.Text.Encoding.UTF8.GetString(HtmlUtf8);

    /// <summary>The bytes the body takes in memory while it is held.</summary>
    internal int HeldBytes => body.InMemory;

    /// <summary>The ids the author gave elements in raw HTML, as the page carries them.</summary>
    public IReadOnlyCollection<string> RawHtmlIds { get; init; } = [];

    /// <summary>Its figures (images alone in their paragraphs), in order.</summary>
    public IReadOnlyList<Figures.RenderedFigure> Figures { get; init; } = [];

    /// <summary>The study as data for the PDF template (<see cref="Print.PrintRenderer"/>), when it is rendered for print.</summary>
    public byte[]? PrintJson
    {
        get => printJson?.Read();
        init => printJson = value is null ? null : BodyStore.Memory.Hold(value);
    }

    /// <summary>The print data as a <see cref="BodyStore"/> holds it.</summary>
    internal HeldBody? PrintData
    {
        get => printJson;
        init => printJson = value;
    }

    private readonly HeldBody? printJson;

    /// <summary>The words of its text (notes included), for the reading time.</summary>
    public int WordCount { get; init; }
}

/// <summary>
/// The process phase for one article. The pipelines are built once and shared: Markdig pipelines
/// are thread-safe, so articles render in parallel.
/// </summary>
public sealed class ArticleRenderer
{
    private readonly MarkdownPipeline pipeline;
    private readonly MarkdownPipeline noteContentPipeline;

    public ArticleRenderer()
    {
        // A source of the archive's list may cite another source ("see [3]"), as the text does.
        var noteContent = Common();
        noteContent.Extensions.Add(new NotesExtension(definitions: false));
        noteContentPipeline = noteContent.Build();
        pipeline = Common().Use<NotesExtension>().Use<FiguresExtension>().Build();
    }

    // Lists nested 100 deep (200 levels of blocks) are legitimate if odd; the stack backstop still guards us.
    private const int MaximumNestingDepth = 256;

    private static MarkdownPipelineBuilder Common()
    {
        var builder = new MarkdownPipelineBuilder { MaximumNestingDepth = MaximumNestingDepth }
            .UsePreciseSourceLocation()
            .UsePipeTables()
            .UseEmphasisExtras()
            .UseFigures()
            .UseAutoLinks();
        builder.BlockParsers.Insert(0, new NestingGuard());
        return builder;
    }

    public RenderedArticle Render(SourceDocument source, ArticleRenderContext context, DiagnosticBag diagnostics)
    {
        var document = Markdig.Markdown.Parse(source.Body, pipeline);
        var notesContext = new NotesContext(source.File, source.BodyStartLine, context.Labels, context.FormatNumber, noteContentPipeline, diagnostics);
        var notes = NotesProcessor.Process(document, source.Body, notesContext);
        var nodes = DocumentNodes.Collect(document);
        var figures = FiguresExtension.Of(document);

        // Figures' ids are the page's: raw HTML and headings take others.
        var pageIds = figures.Count == 0 ? context.PageIds : context.PageIds.Concat(figures.Select(f => f.Id)).ToHashSet(StringComparer.Ordinal);
        var rawHtml = new RawHtmlSanitizer(source.File, source.BodyStartLine, pageIds, diagnostics);
        var hasRawHtml = rawHtml.Inspect(nodes);
        var headings = HeadingIdAssigner.Assign(nodes.Headings, pageIds, rawHtml.Ids);
        TableAlignment.ToClasses(nodes.Tables);
        var links = LinkSafety.Check(nodes, source.File, source.BodyStartLine, diagnostics);
        var internalLinks = InternalLinkRewriter.Process(links, source, context.Links, diagnostics);
        IReadOnlyList<RenderedFigure> renderedFigures = [];
        if (figures.Count > 0)
        {
            var (resolved, reported) = FigureResolver.Resolve(figures, source, context, diagnostics);
            renderedFigures = resolved;
            internalLinks = internalLinks.Where(l => !reported.Contains((l.Line, l.Column))).ToList();
        }

        MarkLinks(links);

        // One writer per thread, reused: its buffer stays as large as the longest article so far.
        var writer = htmlWriter ??= new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        var builder = writer.GetStringBuilder().Clear();
        var rawSpans = new List<RawHtmlSpan>();
        HtmlRenderer renderer;
        if (hasRawHtml)
        {
            // The recorders note this article's spans: a renderer of its own.
            renderer = NewRenderer(writer, context.Scripts);
            renderer.ObjectRenderers.Replace<HtmlBlockRenderer>(new RawHtmlBlockRecorder(rawSpans, builder, source.BodyStartLine));
            renderer.ObjectRenderers.Replace<HtmlInlineRenderer>(new RawHtmlInlineRecorder(rawSpans, builder, source.BodyStartLine));
        }
        else
        {
            // Otherwise one per thread and script setting, reused: a new renderer sets up some thirty object
            // renderers and learns again, type by type, which one writes each node.
            renderer = Reused(writer, context.Scripts);
        }

        renderer.Render(document);
        writer.Flush();

        // Markdown-made HTML is safe by construction; only articles with raw HTML pay for sanitizing.
        var html = hasRawHtml ? System.Text.Encoding.UTF8.GetBytes(rawHtml.Clean(builder.ToString(), rawSpans)) : Utf8(builder);
        return new RenderedArticle(
            [],
            internalLinks,
            headings,
            TableOfContents.Build(headings),
            notes.Select(ToRenderedNote).ToList(),
            FirstParagraph(document))
        {
            Body = context.Bodies.Hold(html),
            RawHtmlIds = rawHtml.KeptIds,
            Figures = renderedFigures,
            PrintData = context.Print ? context.Bodies.Hold(Print.PrintRenderer.Render(document)) : null,
            WordCount = nodes.Words,
        };
    }

    [ThreadStatic]
    private static StringWriter? htmlWriter;

    [ThreadStatic]
    private static Dictionary<(ArticleRenderer, Scripts.ScriptIsolation), ReusableHtmlRenderer>? renderers;

    private ReusableHtmlRenderer NewRenderer(StringWriter writer, Scripts.ScriptIsolation scripts)
    {
        var renderer = new ReusableHtmlRenderer(writer);
        pipeline.Setup(renderer);
        renderer.ObjectRenderers.Replace<LiteralInlineRenderer>(new ScriptRunRenderer(scripts));
        return renderer;
    }

    private ReusableHtmlRenderer Reused(StringWriter writer, Scripts.ScriptIsolation scripts)
    {
        var cache = renderers ??= [];
        if (!cache.TryGetValue((this, scripts), out var renderer) || !ReferenceEquals(renderer.Writer, writer))
        {
            renderer = NewRenderer(writer, scripts);
            cache[(this, scripts)] = renderer;
        }

        // Whatever a failed render left (indents, depth) goes; the writer was cleared above.
        renderer.Clear();
        return renderer;
    }

    /// <summary>Markdig's HTML renderer, made ready for the next document (as Markdig's own cache of renderers does).</summary>
    private sealed class ReusableHtmlRenderer(TextWriter writer) : HtmlRenderer(writer)
    {
        public void Clear() => Reset();
    }

    /// <summary>Writes raw HTML blocks as Markdig does, noting where each landed in the output.</summary>
    private sealed class RawHtmlBlockRecorder(List<RawHtmlSpan> spans, System.Text.StringBuilder output, int firstBodyLine) : HtmlBlockRenderer
    {
        protected override void Write(HtmlRenderer renderer, HtmlBlock block)
        {
            var start = output.Length;
            base.Write(renderer, block);
            spans.Add(new RawHtmlSpan(start, output.Length, firstBodyLine + block.Line));
        }
    }

    /// <summary>Writes raw HTML tags as Markdig does, noting where each landed in the output.</summary>
    private sealed class RawHtmlInlineRecorder(List<RawHtmlSpan> spans, System.Text.StringBuilder output, int firstBodyLine) : HtmlInlineRenderer
    {
        protected override void Write(HtmlRenderer renderer, HtmlInline inline)
        {
            var start = output.Length;
            base.Write(renderer, inline);
            spans.Add(new RawHtmlSpan(start, output.Length, firstBodyLine + inline.Line));
        }
    }

    /// <summary>The builder's text as UTF-8, encoded chunk by chunk: no string of the whole article in between.</summary>
    private static byte[] Utf8(System.Text.StringBuilder builder)
    {
        var count = 0;
        foreach (var chunk in builder.GetChunks())
        {
            count += System.Text.Encoding.UTF8.GetByteCount(chunk.Span);
        }

        var bytes = new byte[count];
        var encoder = System.Text.Encoding.UTF8.GetEncoder();
        var at = 0;
        foreach (var chunk in builder.GetChunks())
        {
            at += encoder.GetBytes(chunk.Span, bytes.AsSpan(at), flush: false);
        }

        at += encoder.GetBytes([], bytes.AsSpan(at), flush: true);
        return at == count ? bytes : bytes[..at];
    }

    /// <summary>
    /// External links open no window handle to us (noopener); a bare URL is isolated left-to-right
    /// so that in Arabic text its slashes and dots do not jump around.
    /// </summary>
    private static void MarkLinks(IEnumerable<LinkInline> links)
    {
        foreach (var link in links)
        {
            if (link.Url is { } url && (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
            {
                var attributes = link.GetAttributes();
                attributes.AddPropertyIfNotExist("rel", "noopener");
                if (link.IsAutoLink || HeadingIdAssigner.PlainText(link).StartsWith("http", StringComparison.OrdinalIgnoreCase))
                {
                    attributes.AddPropertyIfNotExist("dir", "ltr");
                    attributes.AddClass("url");
                }
            }
        }
    }

    private static RenderedNote ToRenderedNote(NoteBlock note)
    {
        List<string>? urls = null;
        SyntaxWalk.Visit(note, null, inline =>
        {
            if (inline is LinkInline { Url: { } url } && !(urls ??= []).Contains(url))
            {
                urls.Add(url);
            }
        });
        return new RenderedNote(note.Number, (IReadOnlyList<string>?)urls ?? [], note.Citations.Count);
    }

    private static string FirstParagraph(MarkdownDocument document)
    {
        var paragraph = document.OfType<ParagraphBlock>().FirstOrDefault();
        return paragraph is null ? string.Empty : HeadingIdAssigner.PlainText(paragraph.Inline).Trim();
    }
}
