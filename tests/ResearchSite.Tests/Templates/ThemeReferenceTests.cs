using ResearchSite.Build;
using ResearchSite.Templates;

namespace ResearchSite.Tests.Templates;

public class ThemeReferenceTests
{
    [Fact]
    public void The_committed_theme_reference_is_current()
    {
        var committed = File.ReadAllText(Path.Combine(Some.RepoRoot, ThemeReference.DefaultPath));
        Assert.True(
            committed == ThemeReference.Generate(),
            $"{ThemeReference.DefaultPath} is stale: run `dotnet run --project src/ResearchSite -- theme-reference` and commit it.");
    }

    [Fact]
    public void Every_page_has_the_kind_and_body_the_reference_gives_its_layout()
    {
        using var site = Some.Site()
            .Article("ar", "study", Some.FrontMatter(title: "دراسة"))
            .Article("en", "study", Some.FrontMatter(title: "A Study"));
        var built = BuildPipeline.BuildInMemory(new BuildOptions(site.Input, Some.Theme, site.Output, false, null));
        Assert.True(built.Result.Succeeded, string.Join('\n', built.Result.Diagnostics));

        var layouts = ThemeReference.Layouts.ToDictionary(l => l.Layout);
        Assert.Equal(TemplateSet.RequiredTemplates.Where(t => t != TemplateSet.BaseLayout).Order(), layouts.Keys.Order());
        foreach (var page in built.Prepared!.Pages)
        {
            var view = page.CreateView();
            Assert.True(layouts.TryGetValue(page.Template, out var layout), $"{page.OutputPath}: layout {page.Template} is not in the reference");
            Assert.IsType(layout.Body, view.Body);
            Assert.Contains(view.Kind, layout.Kinds);
        }

        // Every kind the reference names is one a page of the fixture has.
        Assert.Equal(
            ThemeReference.Layouts.SelectMany(l => l.Kinds).Order(),
            built.Prepared.Pages.Select(p => p.CreateView().Kind).Distinct().Order());
    }

    [Fact]
    public void Every_field_a_template_can_reach_is_described_under_the_name_the_template_uses()
    {
        var reference = ThemeReference.Generate();
        var types = ThemeReference.Reachable();
        Assert.Contains(typeof(ResearchSite.Pages.PageView), types);
        Assert.Contains(typeof(ResearchSite.Pages.CiteView), types);
        foreach (var type in types)
        {
            var section = reference[reference.IndexOf($"\n### {type.Name}\n", StringComparison.Ordinal)..];
            var end = section.IndexOf("\n### ", 5, StringComparison.Ordinal);
            var rows = (end < 0 ? section : section[..end]).Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)).ToList();
            Assert.Equal(ThemeReference.Fields(type).Count(), rows.Count);
            foreach (var row in rows)
            {
                var cells = row.Split(" | ");
                Assert.Matches("^\\| `[a-z][a-z0-9_]*`$", cells[0]);
                Assert.False(string.IsNullOrWhiteSpace(cells[^1].TrimEnd('|')), $"{type.Name}: {cells[0]} has no description; give its record a <param> doc comment.");
            }
        }
    }
}
