namespace ResearchSite.Tests.Templates;

/// <summary>
/// The write phase shares view objects between pages (a study's entry in every listing, a language's navigation):
/// a template that set a member of one would change what other pages show. The views are records, whose members
/// Scriban takes for read-only: setting one is an error, which these tests hold to.
/// </summary>
public class ReadOnlyViewsTests
{
    [Theory]
    [InlineData("list.html", "{{ page.nav[0].href = 'https://elsewhere.example/' }}")]
    [InlineData("article.html", "{{ page.title = 'Changed' }}")]
    public void A_template_that_sets_a_member_of_a_shared_view_fails_the_build_naming_the_template(string layout, string assignment)
    {
        using var site = Some.Site()
            .Article("en", "first", Some.FrontMatter(title: "First"))
            .Article("en", "second", Some.FrontMatter(title: "Second"));
        var result = site.Build(ThemeWith(site, layout, assignment));

        Assert.False(result.Succeeded);
        Assert.All(result.Diagnostics, d => Assert.True(d.IsError && d.File.EndsWith(layout, StringComparison.Ordinal) && d.Message.Contains("readonly member", StringComparison.Ordinal), d.ToString()));
        Assert.NotEmpty(result.Diagnostics);
    }

    [Theory]
    [InlineData("{{ if page.body.years.size > 0; page.body.years[0].items[0].categories[0] = page.body.years[0].items[0].unit; end }}")]
    [InlineData("{{ if page.body.years.size > 0; page.body.years[0].items[0].authors[0] = page.body.years[0].items[0].unit; end }}")]
    public void A_template_that_sets_an_element_of_a_shared_study_item_s_list_fails_the_build_naming_the_template(string assignment)
    {
        using var site = Some.Site()
            .Article("en", "first", Some.FrontMatter(title: "First"))
            .Article("en", "second", Some.FrontMatter(title: "Second"));
        var result = site.Build(ThemeWith(site, "list.html", assignment));

        Assert.False(result.Succeeded);
        Assert.All(result.Diagnostics, d => Assert.True(d.IsError && d.File.EndsWith("list.html", StringComparison.Ordinal), d.ToString()));
        Assert.NotEmpty(result.Diagnostics);
    }

    // A copy of the theme whose layout starts with the given line.
    private static string ThemeWith(FixtureSite site, string layout, string line)
    {
        var theme = site.CopyOfTheme();

        var path = Path.Combine(theme, "layouts", layout);
        File.WriteAllText(path, line + "\n" + File.ReadAllText(path));
        return theme;
    }
}
