using ResearchSite.Diagnostics;
using ResearchSite.Templates;
using Scriban;

namespace ResearchSite.Tests.Templates;

public class BuiltinsTests
{
    [Fact]
    public void Every_builtin_object_scriban_has_is_among_the_names_that_make_a_theme_use_the_builtins()
    {
        var builtins = TemplateContext.GetDefaultBuiltinObject();

        Assert.NotEmpty(builtins.Keys);
        Assert.All(builtins.Keys, name => Assert.Contains(name, TemplateSet.BuiltinNames));
    }

    [Fact]
    public void The_theme_names_no_builtin_so_its_pages_render_without_them()
    {
        var templates = TemplateSet.Load(Some.Theme, new DiagnosticBag());

        Assert.NotNull(templates);
        Assert.False(templates.UsesBuiltins);
    }

    [Fact]
    public void A_theme_that_calls_a_builtin_function_gets_it_and_a_member_of_the_same_name_is_no_call()
    {
        using var site = Some.Site().Article("en", "first", Some.FrontMatter(title: "First study"));
        var theme = site.CopyOfTheme();
        var article = Path.Combine(theme, "layouts", "article.html");
        File.WriteAllText(article, File.ReadAllText(article) + "\n<p class=\"shout\">{{ page.title | string.upcase }}</p>\n");
        var bare = site.CopyOfTheme("bare");
        Assert.True(TemplateSet.Load(theme, new DiagnosticBag())!.UsesBuiltins);
        // The article layout reads `a.date` and `study.date`: members, not the builtin `date`.
        Assert.Contains(".date }}", File.ReadAllText(Path.Combine(bare, "layouts", "article.html")), StringComparison.Ordinal);
        Assert.False(TemplateSet.Load(bare, new DiagnosticBag())!.UsesBuiltins);

        var result = site.Build(theme);

        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        Assert.Equal("FIRST STUDY", site.Page("en/articles/first/index.html").QuerySelector("p.shout")!.TextContent);
    }
}
