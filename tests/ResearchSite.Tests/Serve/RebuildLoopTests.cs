using ResearchSite.Build;
using ResearchSite.Build.Incremental;
using ResearchSite.Serve;

namespace ResearchSite.Tests.Serve;

/// <summary>The rebuild loop driven by hand, without a watcher or timers: what it tells the tabs after each build.</summary>
public class RebuildLoopTests
{
    [Fact]
    public async Task A_save_read_half_written_is_not_told_as_an_error_when_the_rest_of_it_follows()
    {
        using var site = Some.Site().Article("en", "live", Some.FrontMatter(title: "Live"), "## Start\n\nFirst text.\n");
        using var build = new IncrementalBuild(new BuildOptions(site.Input, Some.Theme, site.Output, false, null) { AtRoot = true });
        var told = new List<string>();
        var loop = new RebuildLoop(build, TextWriter.Null, TextWriter.Null, (kind, _) => told.Add(kind));
        await loop.RebuildAsync("start", () => IncrementalBuild.Everything);
        Assert.Equal(["reload"], told);

        // The watcher said the folders were quiet, but the editor had written only the start of the file.
        var path = Path.Combine(site.Input, "articles", "en", "live.md");
        var whole = Some.FrontMatter(title: "Live") + "\n## Start\n\nSecond text.\n";
        await File.WriteAllTextAsync(path, whole[..12]);
        await loop.RebuildAsync("change", () => [path], more: () =>
        {
            // ... and the rest arrives while that build runs.
            File.WriteAllText(path, whole);
            return true;
        });
        Assert.Equal(["reload"], told);
        Assert.Equal(1, loop.Served.Version);

        await loop.RebuildAsync("change", () => [path], more: () => false);
        Assert.Equal(["reload", "reload"], told);
        Assert.True(loop.Served.Latest!.Succeeded);
        var page = Some.Html(System.Text.Encoding.UTF8.GetString(loop.Served.Latest.Files["en/articles/live/index.html"]));
        Assert.Equal("Second text.", page.QuerySelector(".article-body > p")!.TextContent);

        // An error that stays once the folders are quiet is told.
        await File.WriteAllTextAsync(path, whole[..12]);
        await loop.RebuildAsync("change", () => [path], more: () => false);
        Assert.Equal(["reload", "reload", "build-error"], told);
    }
}
