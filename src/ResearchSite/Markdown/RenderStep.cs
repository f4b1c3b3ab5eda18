using ResearchSite.Content;
using ResearchSite.Diagnostics;

namespace ResearchSite.Markdown;

/// <summary>
/// The render step for one article read: drafts are left out unless asked for, and whatever Markdig
/// refuses becomes a diagnostic at the article. The Markdown body is dropped from the result, so that
/// it can be collected as soon as the article is rendered.
/// </summary>
public static class RenderStep
{
    private static readonly ArticleRenderer Renderer = new();

    public static RenderedDocument? Render(SourceDocument source, IReadOnlyDictionary<string, ArticleRenderContext> contexts, bool includeDrafts, DiagnosticBag diagnostics)
    {
        if (source.FrontMatter.Draft && !includeDrafts)
        {
            return null;
        }

        if (!contexts.TryGetValue(source.Language, out var context))
        {
            diagnostics.Error(source.File, 1, 1, $"the language '{source.Language}' is not in 'languages' of site.yml; add it there or move the article.");
            return null;
        }

        try
        {
            return new RenderedDocument(source with { Body = string.Empty }, Renderer.Render(source, context, diagnostics));
        }
        catch (NestingTooDeepException e)
        {
            diagnostics.Error(source.File, source.BodyStartLine + e.Line, e.Column + 1, e.Message);
            return null;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IndexOutOfRangeException or NullReferenceException or FormatException)
        {
            // Markdig refuses pathological input (e.g. thousands of nested quotes) by throwing.
            diagnostics.Error(source.File, source.BodyStartLine, 1, $"the Markdown of this article cannot be rendered: {e.Message} Simplify the nesting of emphasis (*, _), brackets, quotes and lists.");
            return null;
        }
    }
}
