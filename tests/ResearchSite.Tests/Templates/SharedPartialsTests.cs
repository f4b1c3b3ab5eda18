using ResearchSite.Diagnostics;
using ResearchSite.Templates;
using Scriban;

namespace ResearchSite.Tests.Templates;

public class SharedPartialsTests
{
    [Theory]
    [InlineData("<p>{{ page.site_title }} {{ t.feed }} {{ assets['site.css'] }}</p>", true)]
    [InlineData("{{ for link in page.nav }}{{ if !for.first }}, {{ end }}{{ link.href }}{{ end }}", true)]
    [InlineData("{{ x = arg.text }}<i>{{ x }}</i>{{ partial 'site' }}", true)]
    [InlineData("<title>{{ page.title }}</title>", false)]
    [InlineData("{{ page.body.title }}", false)]
    [InlineData("{{ for x in page.language_switches }}{{ x.href }}{{ end }}", false)]
    [InlineData("{{ a.title }}", false)]
    [InlineData("{{ for x in arg }}{{ end }}{{ x }}", false)]
    [InlineData("{{ x }}{{ x = 1 }}", false)]
    [InlineData("{{ for.index }}", false)]
    [InlineData("{{ arg.text | string.upcase }}", false)]
    [InlineData("{{ if arg.a == arg.b }}same{{ end }}", false)]
    [InlineData("{{ capture c }}{{ arg }}{{ end }}{{ c }}", false)]
    [InlineData("{{ partial 'own-title' }}", false)]
    [InlineData("{{ partial 'tested' arg }}", false)]
    public void A_partial_is_shared_only_when_it_reads_nothing_of_the_page_but_its_site_wide_members(string text, bool shared)
    {
        var templates = new Dictionary<string, Template>(StringComparer.Ordinal)
        {
            ["partials/tested"] = Template.Parse(text, "tested.html"),
            ["partials/site"] = Template.Parse("<footer>{{ page.home_href }}</footer>", "site.html"),
            ["partials/own-title"] = Template.Parse("{{ page.title }}", "own-title.html"),
        };

        var found = SharedPartials.Find(templates);

        Assert.Equal(shared, found.ContainsKey("tested"));
        Assert.True(found.ContainsKey("site"));
        Assert.False(found.ContainsKey("own-title"));
    }

    [Fact]
    public void The_theme_shares_its_footer_and_listed_studies_and_renders_its_head_and_header_for_each_page()
    {
        var templates = TemplateSet.Load(Some.Theme, new DiagnosticBag());

        Assert.NotNull(templates);
        var shared = templates.SharedPartialNames;
        Assert.Contains("footer", shared);
        Assert.Contains("study-item", shared);
        Assert.Contains("text-link", shared);
        Assert.DoesNotContain("head", shared);
        Assert.DoesNotContain("header", shared);
    }

    [Fact]
    public void Shared_partials_write_the_same_pages_as_partials_rendered_at_every_call()
    {
        using var site = Some.Site()
            .Article("ar", "one", Some.FrontMatter(title: "الأولى", date: "2024-01-10"))
            .Article("ar", "two", Some.FrontMatter(title: "الثانية", author: "omar-saleh", category: "reports", date: "2024-02-10"))
            .Article("en", "two", Some.FrontMatter(title: "Two", author: "omar-saleh", category: "reports", date: "2024-02-10"))
            .Article("ar", "three", Some.FrontMatter(title: "الثالثة", category: "energy", date: "2023-03-10"))
            .Article("ar", "four", Some.FrontMatter(title: "الرابعة", date: "2023-04-10"))
            .Article("en", "five", Some.FrontMatter(title: "Five", date: "2022-05-10"));
        var shared = CopyTheme(site, "shared", _ => string.Empty);
        // The same theme, each partial first reading the page's own title (and printing nothing): none can be shared.
        var unshared = CopyTheme(site, "unshared", _ => "{{ unshared = page.title }}");
        Assert.NotEmpty(TemplateSet.Load(shared, new DiagnosticBag())!.SharedPartialNames);
        Assert.Empty(TemplateSet.Load(unshared, new DiagnosticBag())!.SharedPartialNames);

        var withSharing = site.Build(shared, output: Path.Combine(site.Root, "out-shared"));
        var without = site.Build(unshared, output: Path.Combine(site.Root, "out-unshared"));

        Assert.True(withSharing.Succeeded, string.Join('\n', withSharing.Diagnostics));
        Assert.True(without.Succeeded, string.Join('\n', without.Diagnostics));
        var pages = Directory.EnumerateFiles(Path.Combine(site.Root, "out-shared"), "*.html", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Path.Combine(site.Root, "out-shared"), f))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Contains(pages, p => p.Contains("categories", StringComparison.Ordinal));
        Assert.Equal(pages, Directory.EnumerateFiles(Path.Combine(site.Root, "out-unshared"), "*.html", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Path.Combine(site.Root, "out-unshared"), f))
            .Order(StringComparer.Ordinal));
        Assert.All(pages, page => Assert.Equal(
            File.ReadAllBytes(Path.Combine(site.Root, "out-unshared", page)),
            File.ReadAllBytes(Path.Combine(site.Root, "out-shared", page))));
    }

    [Fact]
    public void A_partial_that_reads_the_page_or_its_callers_variables_is_rendered_for_each_page()
    {
        using var site = Some.Site()
            .Article("en", "first", Some.FrontMatter(title: "First"))
            .Article("en", "second", Some.FrontMatter(title: "Second"));
        var theme = CopyTheme(site, "theme", _ => string.Empty);
        var partials = Path.Combine(theme, "layouts", "partials");
        File.WriteAllText(Path.Combine(partials, "own-title.html"), "<p class=\"own-title\">{{ page.title }}</p>");
        File.WriteAllText(Path.Combine(partials, "callers.html"), "<p class=\"callers\">{{ a.title.text }}</p>");
        File.AppendAllText(Path.Combine(partials, "footer.html"), "\n{{ partial 'own-title' }}\n");
        var article = Path.Combine(theme, "layouts", "article.html");
        File.WriteAllText(article, File.ReadAllText(article) + "\n{{ partial 'callers' }}\n");

        var result = site.Build(theme);

        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        var shared = TemplateSet.Load(theme, new DiagnosticBag())!.SharedPartialNames;
        Assert.DoesNotContain("own-title", shared);
        Assert.DoesNotContain("callers", shared);
        Assert.DoesNotContain("footer", shared);
        foreach (var (slug, title) in new[] { ("first", "First"), ("second", "Second") })
        {
            var page = site.Page($"en/articles/{slug}/index.html");
            Assert.Equal(title, page.QuerySelector("p.own-title")!.TextContent);
            Assert.Equal(title, page.QuerySelector("p.callers")!.TextContent);
        }
    }

    [Fact]
    public void A_layout_that_writes_into_the_assets_fails_the_build_instead_of_leaking_one_page_s_title_into_a_shared_partial()
    {
        using var site = Some.Site()
            .Article("en", "first", Some.FrontMatter(title: "First"))
            .Article("en", "second", Some.FrontMatter(title: "Second"));
        var theme = CopyTheme(site, "theme", _ => string.Empty);
        File.WriteAllText(Path.Combine(theme, "layouts", "partials", "from-assets.html"), "<p class=\"from-assets\">{{ assets.stolen }}</p>");
        var article = Path.Combine(theme, "layouts", "article.html");
        File.WriteAllText(article, "{{ assets.stolen = page.title }}{{ partial 'from-assets' }}\n" + File.ReadAllText(article));
        Assert.Contains("from-assets", TemplateSet.Load(theme, new DiagnosticBag())!.SharedPartialNames);

        var result = site.Build(theme);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Diagnostics, d => d.IsError && d.File.EndsWith("article.html", StringComparison.Ordinal));
    }

    // A copy of the theme under the site's folder, each partial starting with the given text.
    private static string CopyTheme(FixtureSite site, string name, Func<string, string> prefix)
    {
        var theme = Path.Combine(site.Root, name);
        foreach (var file in Directory.EnumerateFiles(Some.Theme, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(theme, Path.GetRelativePath(Some.Theme, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (Path.GetRelativePath(Some.Theme, file).StartsWith(Path.Combine("layouts", "partials"), StringComparison.Ordinal))
            {
                File.WriteAllText(target, prefix(file) + File.ReadAllText(file));
            }
            else
            {
                File.Copy(file, target);
            }
        }

        return theme;
    }
}
