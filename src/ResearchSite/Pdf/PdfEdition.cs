using System.Collections.Concurrent;
using ResearchSite.Build;
using ResearchSite.Content;
using ResearchSite.Diagnostics;
using ResearchSite.Markdown;
using ResearchSite.Pages;
using ResearchSite.Site;

namespace ResearchSite.Pdf;

/// <summary>
/// The PDF edition of a site: which studies have their PDF, typeset (or taken from the cache) before the
/// pages that link them are written (`build`), or typeset when one is asked for (`serve`). The pages ask
/// it for the link (with the size when it is known), the PDF companion for the bytes.
/// </summary>
public sealed class PdfEdition(PdfMode mode, Lazy<(Typesetter? Typesetter, string? Problem)> typesetter)
{
    private readonly ConcurrentDictionary<string, TypesetPdf> typeset = new(StringComparer.Ordinal);

    public PdfMode Mode => mode;

    /// <summary>The PDF typeset for the study page at <paramref name="path"/>; null when it has none (yet).</summary>
    public TypesetPdf? For(string path) => typeset.TryGetValue(path, out var pdf) && pdf.File is not null ? pdf : null;

    /// <summary>Whether pages link a PDF at all: always on request; for a build, once it was typeset.</summary>
    public bool Links(string path) => mode == PdfMode.OnRequest || (mode == PdfMode.Typeset && For(path) is not null);

    /// <summary>
    /// Typesets the PDFs of <paramref name="articles"/> (those whose pages are written now), in parallel,
    /// each from the cache when its hash is there. A study that fails is an error at its file; the others
    /// are typeset all the same. Returns one line for the build's summary.
    /// </summary>
    public string? TypesetAll(IReadOnlyList<Article> articles, PreparedSite prepared, DiagnosticBag diagnostics, bool everyStudy)
    {
        if (mode != PdfMode.Typeset || articles.Count == 0)
        {
            return null;
        }

        var (setter, problem) = typesetter.Value;
        if (setter is null)
        {
            return problem;
        }

        setter.Refresh();
        if (!TemplateTypesets(setter, diagnostics))
        {
            return "PDFs: none, the template has an error.";
        }

        var files = Files(prepared);
        var jobs = articles.AsParallel().AsOrdered()
            .Select(a => StudyPrint.Job(a, prepared.Site.Config, prepared.Planner.Strings, prepared.Planner.Routes, files, setter.TemplateDigest))
            .ToList();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var results = setter.TypesetAll(jobs);
        var failed = 0;
        for (var i = 0; i < jobs.Count; i++)
        {
            typeset[jobs[i].Path] = results[i];
            if (results[i].Error is { } error)
            {
                failed++;
                diagnostics.Error(jobs[i].File, 1, 1, $"its PDF cannot be typeset: {error}. Simplify what the message names, or report it with this study attached.");
            }
        }

        if (everyStudy && failed == 0)
        {
            setter.Prune(results.Select(r => r.File!).Concat(setter.SampleFiles));
        }

        var cached = results.Count(r => r.FromCache);
        var made = jobs.Count - failed - cached;
        var each = made > 0 ? $" ({started.Elapsed.TotalMilliseconds / made:0} ms each)" : string.Empty;
        return $"PDFs: {jobs.Count - failed} of {jobs.Count} studies, {made} typeset{each}, {cached} from the cache.";
    }

    /// <summary>
    /// Whether the template typesets its sample study (<see cref="Typesetter.CheckTemplate"/>); its error
    /// otherwise, once, at its line: `build` and `check` report it alike.
    /// </summary>
    public static bool TemplateTypesets(Typesetter setter, DiagnosticBag diagnostics)
    {
        if (setter.CheckTemplate() is not { } broken)
        {
            return true;
        }

        var at = broken.At ?? new TemplatePlace(setter.TemplatePath, 1, 1);
        diagnostics.Error(at.File, at.Line, at.Column, $"the PDF template cannot typeset a study: {broken.Error}. Fix it in the theme's {Typesetter.TemplateFolder}/ folder (or build with --no-pdf).");
        return false;
    }

    /// <summary>The PDF at <paramref name="file"/> (a site path), typeset now if it is not yet (`serve`); the error otherwise; neither when no study has its PDF there.</summary>
    public (byte[]? Pdf, string? Error) OnRequest(PreparedSite prepared, string file)
    {
        if (mode != PdfMode.OnRequest || !file.EndsWith(".pdf", StringComparison.Ordinal))
        {
            return (null, null);
        }

        var article = prepared.Site.Articles.FirstOrDefault(a => Routes.Beside(a.Path, Routes.Pdf) == file);
        if (article is null)
        {
            return (null, null);
        }

        var (setter, problem) = typesetter.Value;
        if (setter is null)
        {
            return (null, problem);
        }

        setter.Refresh();
        if (setter.CheckTemplate() is { } broken)
        {
            var at = broken.At ?? new TemplatePlace(setter.TemplatePath, 1, 1);
            return (null, $"{at.File}({at.Line},{at.Column}): error: the PDF template cannot typeset a study: {broken.Error}");
        }

        if (article.Rendered.PrintJson is null && ForPrint(prepared, article) is { } printed)
        {
            article = article with { Rendered = article.Rendered with { PrintJson = printed } };
        }

        var job = StudyPrint.Job(article, prepared.Site.Config, prepared.Planner.Strings, prepared.Planner.Routes, Files(prepared), setter.TemplateDigest);
        var pdf = setter.Typeset(job);
        return pdf.File is { } made ? (File.ReadAllBytes(made), null) : (null, $"{article.File}: error: its PDF cannot be typeset: {pdf.Error}");
    }

    /// <summary>
    /// The study's body rendered for print, from its file: `serve` does not keep it for every study (it took a
    /// third of serve's memory at 10,000 studies), and a PDF is asked for now and then. Null when the file
    /// cannot be read or rendered now (the watcher's next step reports why).
    /// </summary>
    private static byte[]? ForPrint(PreparedSite prepared, Article article)
    {
        var file = prepared.Content.Articles.FirstOrDefault(f => f.Slug == article.Slug && f.Language == article.Language.Code);
        if (file is null || ContentLoader.ReadArticle(file).Source is not { } source || !prepared.Render.Contexts.TryGetValue(article.Language.Code, out var context))
        {
            return null;
        }

        var contexts = new Dictionary<string, ArticleRenderContext>(StringComparer.Ordinal) { [article.Language.Code] = context with { Print = true } };
        return RenderStep.Render(source, contexts, includeDrafts: true, new DiagnosticBag())?.Rendered.PrintJson;
    }

    /// <summary>The site paths of the input's assets (files/…) and their files: the images a PDF may show.</summary>
    private static Dictionary<string, string> Files(PreparedSite prepared) =>
        prepared.Content.Assets.Where(a => !a.IsDirectory).ToDictionary(a => Routes.InputFile(a.Name), a => a.RealPath, StringComparer.Ordinal);
}
