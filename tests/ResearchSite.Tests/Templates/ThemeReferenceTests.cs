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
    public void The_theme_reference_command_writes_the_reference()
    {
        var path = Path.Combine(Path.GetTempPath(), "researchsite-tests", Guid.NewGuid().ToString("N"), "reference.md");
        var (code, stdout, stderr) = Some.Cli("theme-reference", "--output", path);
        Assert.True(code == 0, stderr);
        Assert.Contains(path, stdout);
        Assert.Equal(File.ReadAllText(Path.Combine(Some.RepoRoot, ThemeReference.DefaultPath)), File.ReadAllText(path));
        Directory.Delete(Path.GetDirectoryName(path)!, true);
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

    [Fact]
    public void Every_view_model_a_template_can_reach_has_its_properties_kept_for_the_native_program()
    {
        // The native CLI keeps a type's properties only where the code names the type (ViewTypes): one missing there
        // would leave its fields unknown to every template of the published site, though this build reads them.
        Assert.Equal(
            ThemeReference.Reachable().Select(t => t.FullName).Order(StringComparer.Ordinal),
            ViewTypes.All.Select(t => t.FullName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_field_names_the_reference_gives_are_the_ones_templates_read()
    {
        var reference = ThemeReference.Generate();
        using var site = Some.Site()
            .Article("ar", "study", Some.FrontMatter(title: "دراسة"))
            .Article("en", "study", Some.FrontMatter(title: "A Study"));
        var theme = site.CopyOfTheme();

        // Each layout reads every field the reference lists for page and for its page.body; a name Scriban
        // does not know is an error at its line, so the build fails on any the reference gets wrong.
        foreach (var (layout, _, body) in ThemeReference.Layouts)
        {
            var reads = Names(reference, nameof(ResearchSite.Pages.PageView)).Select(n => $"{{{{ probe = page.{n} }}}}")
                .Concat(Names(reference, body.Name).Select(n => $"{{{{ probe = page.body.{n} }}}}"));
            File.AppendAllText(Path.Combine(theme, "layouts", layout + ".html"), "\n" + string.Join("\n", reads) + "\n");
        }

        var result = site.Build(theme);

        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
    }

    private static IReadOnlyList<string> Names(string reference, string type)
    {
        var section = reference[(reference.IndexOf($"\n### {type}\n", StringComparison.Ordinal) + 1)..];
        var end = section.IndexOf("\n### ", StringComparison.Ordinal);
        var names = (end < 0 ? section : section[..end]).Split('\n')
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .Select(l => l.Split('`')[1])
            .ToList();
        Assert.NotEmpty(names);
        return names;
    }
}
