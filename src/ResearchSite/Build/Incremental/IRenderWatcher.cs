using ResearchSite.Content;
using ResearchSite.Markdown;

namespace ResearchSite.Build.Incremental;

/// <summary>
/// Told of the articles as they are rendered, while the build goes on (search indexes each as soon as it is
/// rendered, not once the whole site is): first the content they are read with, the theme's strings and how many are to render, then
/// each one by its place among them (null when it renders to nothing: a draft, an error), from the rendering
/// threads and in no order.
/// </summary>
public interface IRenderWatcher
{
    void Rendering(LoadedContent content, Templates.UiStrings strings, int count);

    void Rendered(int place, RenderedDocument? document);
}
