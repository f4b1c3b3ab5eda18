using System.Text.Json;
using ResearchSite.Build;

namespace ResearchSite.Tests.Search;

public class SearchIndexerTests
{
    private static BuildResult Build(FixtureSite site, bool search) =>
        BuildPipeline.Run(new BuildOptions(site.Input, Some.Theme, site.Output, false, null) { Search = search });

    [Fact]
    public void Without_search_no_study_text_is_published()
    {
        using var site = Some.Site().Article("ar", "study", Some.FrontMatter());
        Assert.True(Build(site, search: false).Succeeded);

        Assert.False(Directory.Exists(site.OutputFile("search-text")));
        Assert.False(Directory.Exists(site.OutputFile("pagefind")));
    }

    [Fact]
    [Trait("Speed", "Slow")]
    public void Each_study_text_is_published_beside_the_index_and_a_deleted_study_loses_its_own()
    {
        using var site = Some.Site()
            .Article("ar", "kept", Some.FrontMatter(title: "الدراسةُ الباقية"), "نصّ «التحالف» الأول.\n")
            .Article("ar", "gone", Some.FrontMatter(title: "دراسة تحذف"));
        var first = Build(site, search: true);
        Assert.True(first.Succeeded, string.Join('\n', first.Diagnostics));
        Assert.Equal("search: indexed 2 pages", first.SearchMessage);
        Assert.StartsWith("search: every record added ", first.SearchTiming);
        var kept = JsonDocument.Parse(File.ReadAllBytes(site.OutputFile("search-text/ar/articles/kept.json"))).RootElement;
        Assert.Equal("الدراسةُ الباقية", kept.GetProperty("title").GetString());
        Assert.Equal("الدراسةُ الباقية نصّ «التحالف» الأول.", kept.GetProperty("words").GetString());
        Assert.True(File.Exists(site.OutputFile("search-text/ar/articles/gone.json")));

        File.Delete(Path.Combine(site.Input, "articles", "ar", "gone.md"));
        var second = Build(site, search: true);
        Assert.True(second.Succeeded, string.Join('\n', second.Diagnostics));
        Assert.Equal("search: indexed 1 page", second.SearchMessage);
        Assert.False(File.Exists(site.OutputFile("search-text/ar/articles/gone.json")));
        Assert.True(File.Exists(site.OutputFile("search-text/ar/articles/kept.json")));
        var entry = JsonDocument.Parse(File.ReadAllText(site.OutputFile("pagefind/pagefind-entry.json"))).RootElement;
        Assert.Equal(1, entry.GetProperty("languages").GetProperty("ar").GetProperty("page_count").GetInt32());
    }
}
