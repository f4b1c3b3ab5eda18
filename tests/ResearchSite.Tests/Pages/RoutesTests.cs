using System.Text;
using System.Xml.Linq;
using ResearchSite.Build;
using ResearchSite.Pages;

namespace ResearchSite.Tests.Pages;

public class RoutesTests
{
    private static ResearchSite.Build.Incremental.BuiltSite Built(FixtureSite site)
    {
        var built = BuildPipeline.BuildInMemory(new BuildOptions(site.Input, Some.Theme, site.Output, false, null));
        Assert.True(built.Result.Succeeded, string.Join('\n', built.Result.Diagnostics));
        return built;
    }

    private static FixtureSite Series() => Some.Site()
        .Article("ar", "study", Some.FrontMatter(title: "دراسة"), "## مقدمة\n\nنص[^a].\n\n[^a]: حاشية.\n")
        .Article("en", "study", Some.FrontMatter(title: "A Study"))
        .Article("ar", "other", Some.FrontMatter(title: "أخرى", author: "omar-saleh", category: "energy"))
        .File("assets/report.pdf", "%PDF");

    [Fact]
    public void Every_file_the_build_writes_is_one_the_routes_name()
    {
        using var site = Series();
        var built = Built(site);
        var routes = built.Prepared!.Planner.Routes;
        var named = built.Prepared.Pages.SelectMany(Routes.FilesOf)
            .Concat(routes.SiteFiles())
            .Append(Routes.InputFile("report.pdf"))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal([], built.Files.Keys.Where(f => !named.Contains(f) && !Routes.IsThemeAsset(f)).ToArray());
        // A page may be without its optional companions (the PDF, built without PDFs here), never the others.
        var required = built.Prepared.Pages.SelectMany(Routes.RequiredFilesOf).Concat(routes.SiteFiles());
        Assert.Equal([], required.Where(f => !built.Files.ContainsKey(f)).ToArray());
        Assert.Contains("en/articles/study/cite.bib", named);
        Assert.Contains("en/articles/study/study.pdf", named);
    }

    [Fact]
    public void The_bibtex_link_of_a_study_leads_to_the_file_written_beside_its_page()
    {
        using var site = Series();
        var built = Built(site);
        foreach (var page in new[] { "ar/articles/study/index.html", "en/articles/study/index.html", "ar/articles/other/index.html" })
        {
            var html = Some.Html(Encoding.UTF8.GetString(built.Files[page]));
            var href = html.QuerySelector(".cite a[download]")!.GetAttribute("href")!;
            var file = href.TrimStart('/');
            Assert.True(built.Files.ContainsKey(file), $"{page}: {href}");
            Assert.StartsWith("@techreport{", Encoding.UTF8.GetString(built.Files[file]));
        }
    }

    [Fact]
    public void Every_page_links_the_feed_of_its_own_language_in_its_head_and_footer()
    {
        using var site = Series();
        var built = Built(site);
        var atom = XNamespace.Get("http://www.w3.org/2005/Atom");
        var xml = XNamespace.Xml;
        foreach (var page in built.Prepared!.Pages)
        {
            var html = Some.Html(Encoding.UTF8.GetString(built.Files[page.OutputPath]));
            var hrefs = html.QuerySelectorAll("link[type='application/atom+xml'], footer a[href$='.xml']").Select(e => e.GetAttribute("href")!).ToList();
            Assert.Equal(2, hrefs.Count);
            Assert.Single(hrefs.Distinct());
            var feed = XDocument.Parse(Encoding.UTF8.GetString(built.Files[hrefs[0].TrimStart('/')]));
            Assert.Equal(atom + "feed", feed.Root!.Name);
            Assert.Equal(html.DocumentElement.GetAttribute("lang"), feed.Root.Attribute(xml + "lang")!.Value);
        }
    }

    [Fact]
    public void A_study_page_carries_the_ids_of_its_own_layout_and_of_every_page_but_not_those_of_other_kinds()
    {
        using var site = Series();
        var built = Built(site);
        var article = built.Prepared!.Site.Articles.Single(a => a.Slug == "study" && a.Language.Code == "ar");
        var ids = built.Prepared.Planner.Routes.IdsOf(article);
        var page = Some.Html(Encoding.UTF8.GetString(built.Files["ar/articles/study/index.html"]));

        // Every id of the written page is one the routes know; the popover is added by the script.
        Assert.Equal([], page.QuerySelectorAll("[id]").Select(e => e.Id!).Where(id => !ids.Contains(id)).ToArray());
        Assert.Contains("note-popover", ids);
        Assert.DoesNotContain("listing-title", ids);
        Assert.DoesNotContain("search-title", ids);
        Assert.Contains("listing-title", built.Prepared.Templates.PageIds);
    }
}
