using ResearchSite.Build;
using ResearchSite.Build.Incremental;

namespace ResearchSite.Tests.Build;

/// <summary>`build` keeps the rendered bodies in a temporary file until their pages are written, not in memory.</summary>
public class SpillFileTests
{
    [Fact]
    public void Bodies_spilled_from_many_threads_take_no_memory_and_are_given_back_whole()
    {
        var folder = Directory.CreateTempSubdirectory("researchsite-spill-").FullName;
        try
        {
            using var spill = SpillFile.Open(folder);
            Assert.NotNull(spill);
            var bodies = Enumerable.Range(0, 64).Select(i => Enumerable.Range(0, 1000 + (i * 1777)).Select(j => (byte)((i * 31) + j)).ToArray()).ToList();
            var held = new ResearchSite.Markdown.HeldBody[bodies.Count];
            Parallel.For(0, bodies.Count, i => held[i] = spill.Hold(bodies[i]));

            Assert.All(held, h => Assert.Equal(0, h.InMemory));
            Parallel.For(0, bodies.Count, i => Assert.Equal(bodies[i], held[i].Read()));
            Assert.Empty(spill.Hold([]).Read());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_spill_file_has_no_name_in_its_folder_while_it_is_open_nor_after()
    {
        var folder = Directory.CreateTempSubdirectory("researchsite-spill-").FullName;
        try
        {
            using (var spill = SpillFile.Open(folder))
            {
                Assert.NotNull(spill);
                spill.Hold("<p>نص</p>"u8);
                Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
            }

            Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_folder_that_cannot_be_written_gives_no_spill_file()
    {
        Assert.Null(SpillFile.Open(Path.Combine(Path.GetTempPath(), "researchsite-missing-" + Guid.NewGuid().ToString("N"), "nested")));
    }

    [Fact]
    public void A_build_that_spills_its_bodies_holds_none_in_memory_and_makes_the_same_files_as_one_that_holds_them()
    {
        using var site = Some.Site()
            .Article("ar", "one", Some.FrontMatter(title: "الأولى"), "## النتائج\n\n" + string.Join("\n\n", Enumerable.Repeat("نص طويل في الدراسة[^a].", 40)) + "\n\n[^a]: حاشية.\n")
            .Article("en", "one", Some.FrontMatter(title: "One"), "## Findings\n\nText.\n")
            .Article("en", "two", Some.FrontMatter(title: "Two", date: "2023-01-02"), "## Start\n\nSee [the findings](one.md#findings).\n");
        var options = new BuildOptions(site.Input, Some.Theme, site.Output, false, null);
        using var held = new IncrementalBuild(options);
        using var spilled = new IncrementalBuild(options) { SpillsBodies = true };

        var inMemory = held.Next(null, IncrementalBuild.Everything);
        var step = spilled.Prepare(null, IncrementalBuild.Everything);
        var articles = step.Prepared!.Site.Articles.ToList();
        Assert.Equal(3, articles.Count);
        Assert.All(articles, a => Assert.Equal(0, a.Rendered.HeldBytes));
        Assert.All(inMemory.Prepared!.Site.Articles, a => Assert.True(a.Rendered.HeldBytes > 0));
        var written = spilled.Write(step, sink: null);

        Assert.True(written.Succeeded, string.Join('\n', written.Result.Diagnostics));
        Assert.Equal(inMemory.Files.Keys.Order(StringComparer.Ordinal), written.Files.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, bytes) in inMemory.Files)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(written.Files[path]), path);
        }

        Assert.Contains("نص طويل في الدراسة", System.Text.Encoding.UTF8.GetString(written.Files["ar/articles/one/index.html"]));
    }
}
