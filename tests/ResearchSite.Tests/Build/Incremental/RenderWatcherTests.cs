using System.Collections.Concurrent;
using ResearchSite.Build;
using ResearchSite.Build.Incremental;
using ResearchSite.Content;
using ResearchSite.Markdown;

namespace ResearchSite.Tests.Build.Incremental;

public class RenderWatcherTests
{
    private sealed class Recorder : IRenderWatcher
    {
        public LoadedContent? Content { get; private set; }

        public int Count { get; private set; } = -1;

        public ConcurrentDictionary<int, RenderedDocument?> Places { get; } = new();

        public void Rendering(LoadedContent content, ResearchSite.Templates.UiStrings strings, int count) => (Content, Count) = (content, count);

        public ConcurrentDictionary<int, int> Threads { get; } = new();

        public void Rendered(int place, RenderedDocument? document)
        {
            Assert.True(Places.TryAdd(place, document), $"place {place} told twice");
            Threads.TryAdd(Environment.CurrentManagedThreadId, 0);
        }
    }

    [Fact]
    public void The_watcher_is_told_of_each_article_by_its_place_among_the_files_before_the_site_is_cross_linked()
    {
        var site = Some.Site();
        for (var i = 0; i < 40; i++)
        {
            site.Article(i % 2 == 0 ? "ar" : "en", $"study-{i:00}", Some.FrontMatter(title: $"Study {i}"), $"Text {i}.\n");
        }

        site.Article("en", "draft", Some.FrontMatter(title: "Draft", extra: "draft: true\n"));
        using (site)
        {
            var recorder = new Recorder();
            using var build = new IncrementalBuild(new BuildOptions(site.Input, Some.Theme, site.Output, false, null)) { Watcher = recorder };

            // Prepare stops before the pages are planned from the site: everything was told by then.
            var step = build.Prepare(null, IncrementalBuild.Everything);

            Assert.Null(step.Done);
            var files = recorder.Content!.Articles;
            Assert.Equal(41, recorder.Count);
            Assert.Equal(Enumerable.Range(0, 41), recorder.Places.Keys.Order());
            foreach (var (place, document) in recorder.Places)
            {
                if (document is null)
                {
                    Assert.EndsWith("draft.md", files[place].Path);
                }
                else
                {
                    Assert.Equal(files[place].Path, document.Source.File);
                }
            }

            Assert.Single(recorder.Places.Values, d => d is null);
        }
    }

    [Fact]
    public void With_one_worker_every_article_renders_on_one_thread()
    {
        // A build beside Pagefind leaves it a core (BuildPipeline): the bound holds for the render phase.
        var site = Some.Site();
        for (var i = 0; i < 40; i++)
        {
            site.Article("en", $"study-{i:00}", Some.FrontMatter(title: $"Study {i}"), string.Concat(Enumerable.Repeat($"Text {i}. ", 200)) + "\n");
        }

        using (site)
        {
            var recorder = new Recorder();
            using var build = new IncrementalBuild(new BuildOptions(site.Input, Some.Theme, site.Output, false, null)) { Watcher = recorder, Workers = 1 };

            Assert.Null(build.Prepare(null, IncrementalBuild.Everything).Done);
            Assert.Equal(40, recorder.Places.Count);
            Assert.Single(recorder.Threads);
        }
    }
}
