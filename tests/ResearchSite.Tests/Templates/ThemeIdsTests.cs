using ResearchSite.Diagnostics;
using ResearchSite.Templates;

namespace ResearchSite.Tests.Templates;

public class ThemeIdsTests
{
    [Fact]
    public void The_ids_articles_must_avoid_are_read_from_the_themes_layouts_and_script()
    {
        var templates = TemplateSet.Load(Some.Theme, new DiagnosticBag())!;
        Assert.Subset(templates.PageIds.ToHashSet(), ResearchSite.Tests.Markdown.Render.PageIds.Append("cite-bibtex").ToHashSet());
        Assert.DoesNotContain(templates.PageIds, id => id.Contains('{'));
    }
}
