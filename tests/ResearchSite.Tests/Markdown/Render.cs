using AngleSharp.Dom;
using ResearchSite.Content;
using ResearchSite.Diagnostics;
using ResearchSite.Markdown;
using ResearchSite.Markdown.Notes;

namespace ResearchSite.Tests.Markdown;

/// <summary>Renders a Markdown body as the build does and parses the result.</summary>
internal static class Render
{
    private static readonly ArticleRenderer Renderer = new();

    /// <summary>Ids the real theme gives every article page (a test checks the theme still uses them).</summary>
    public static IReadOnlySet<string> PageIds { get; } = new HashSet<string> { "main", "article-title", "toc-title", "cite-title", "note-popover" };

    public static (RenderedArticle Article, IDocument Html, IReadOnlyList<Diagnostic> Diagnostics) Body(string body, string language = "ar", bool print = false)
    {
        var front = new FrontMatter("t", [], null, [], new DateOnly(2024, 1, 1), null, [], false);
        var source = new SourceDocument("a.md", language, "a", front, body, BodyStartLine: 10);
        var bag = new DiagnosticBag();
        var labels = language == "ar" ? new NoteLabels("الهوامش", "الحاشية", "العودة", null) : new NoteLabels("Notes", "Note", "Back to reference", null);
        var targets = new ResearchSite.Markdown.Links.LinkTargets("/", new HashSet<(string, string)> { ("ar", "a"), ("en", "a"), ("en", "other") });
        var context = new ArticleRenderContext(labels, n => n.ToString(System.Globalization.CultureInfo.InvariantCulture), targets) { PageIds = PageIds, Scripts = language == "ar" ? new(true, "en", "ltr") : new(false, "ar", "rtl"), Print = print };
        var article = Renderer.Render(source, context, bag);
        return (article, Some.Html(article.Html), bag.Sorted());
    }
}
