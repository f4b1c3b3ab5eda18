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

    [Fact]
    [Trait("Speed", "Slow")]
    public void The_index_and_the_study_texts_are_the_same_bytes_in_every_build_whatever_order_the_studies_render_in()
    {
        // Pagefind numbers its pages in the order they come, and the studies render in parallel.
        using var site = Some.Site();
        for (var i = 0; i < 60; i++)
        {
            site.Article(i % 3 == 0 ? "en" : "ar", $"study-{i:00}", Some.FrontMatter(title: $"التحالف {i}"), string.Concat(Enumerable.Repeat($"نص الدراسة {i} عن الانسحاب والتحالف. ", 1 + i % 7)) + "\n");
        }

        var builds = new[] { "first", "second" }.Select(name =>
        {
            var output = Path.Combine(site.Root, name);
            var result = BuildPipeline.Run(new BuildOptions(site.Input, Some.Theme, output, false, null) { Search = true });
            Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
            Assert.Equal("search: indexed 60 pages", result.SearchMessage);
            // The study texts are made with the pages Pagefind gets, as the studies render: those made before the
            // output folder opens wait for it, the others are written at once; every one is there either way.
            Assert.Equal(60, Directory.EnumerateFiles(Path.Combine(output, "search-text"), "*.json", SearchOption.AllDirectories).Count());
            return new[] { "pagefind", "search-text" }.SelectMany(folder => Directory.EnumerateFiles(Path.Combine(output, folder), "*", SearchOption.AllDirectories))
                .ToDictionary(f => Path.GetRelativePath(output, f), File.ReadAllBytes);
        }).ToList();

        Assert.Equal(builds[0].Keys.Order(), builds[1].Keys.Order());
        Assert.All(builds[0], file => Assert.Equal(file.Value, builds[1][file.Key]));
    }
}
