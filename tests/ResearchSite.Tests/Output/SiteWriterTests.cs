using ResearchSite.Output;

namespace ResearchSite.Tests.Output;

/// <summary>Rebuilds reuse the folder of the site before last; what they leave must equal a build from scratch.</summary>
public class SiteWriterTests
{
    private static FixtureSite TwoStudies() =>
        Some.Site()
            .Article("ar", "first", Some.FrontMatter(title: "الأولى"))
            .Article("ar", "second", Some.FrontMatter(title: "الثانية"))
            .Article("en", "second", Some.FrontMatter(title: "The Second", author: "Ilham El-Naggar", category: "reports"))
            .File("assets/maps/iraq.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
            .File("assets/report", "a file that will become a folder");

    private static void AssertSameAsFromScratch(FixtureSite site)
    {
        var scratch = Path.Combine(site.Root, "scratch");
        Assert.True(site.Build(output: scratch).Succeeded);
        Assert.Equal(site.Snapshot(scratch).OrderBy(f => f.Key), site.Snapshot().OrderBy(f => f.Key));
        Directory.Delete(scratch, recursive: true);
    }

    [Fact]
    public void A_rebuild_leaves_exactly_what_a_build_from_scratch_writes()
    {
        using var site = TwoStudies();
        Assert.True(site.Build().Succeeded);
        Assert.True(site.Build().Succeeded);
        Assert.True(Directory.Exists(SiteWriter.PreviousOf(site.Output)), "the replaced site is kept for the next build");

        // A study deleted, one renamed, an asset moved, a file turned into a folder and a folder into a file.
        File.Delete(Path.Combine(site.Input, "articles/ar/second.md"));
        File.Delete(Path.Combine(site.Input, "articles/en/second.md"));
        File.Move(Path.Combine(site.Input, "articles/ar/first.md"), Path.Combine(site.Input, "articles/ar/renamed.md"));
        File.Delete(Path.Combine(site.Input, "assets/report"));
        site.File("assets/report/summary.txt", "now a folder");
        Directory.Delete(Path.Combine(site.Input, "assets/maps"), recursive: true);
        site.File("assets/maps", "now a file");

        // An edit that keeps every file's length: only the bytes tell the old page from the new.
        Assert.True(site.Build().Succeeded);
        site.Article("en", "third", Some.FrontMatter(title: "The Third", author: "Ilham El-Naggar", category: "reports"), "## Start\n\nText A.\n");
        Assert.True(site.Build().Succeeded);
        Assert.True(site.Build().Succeeded);
        site.Article("en", "third", Some.FrontMatter(title: "The Third", author: "Ilham El-Naggar", category: "reports"), "## Start\n\nText B.\n");
        Assert.True(site.Build().Succeeded);
        Assert.Contains("Text B.", File.ReadAllText(site.OutputFile("en/articles/third/index.html")));

        Assert.False(Directory.Exists(site.OutputFile("ar/articles/second")));
        Assert.False(Directory.Exists(site.OutputFile("ar/articles/first")));
        Assert.True(File.Exists(site.OutputFile("ar/articles/renamed/index.html")));
        Assert.Equal("now a folder", File.ReadAllText(site.OutputFile("files/report/summary.txt")));
        AssertSameAsFromScratch(site);
    }

    [Fact]
    public void Every_build_in_a_row_gives_the_same_site()
    {
        using var site = TwoStudies();
        Assert.True(site.Build().Succeeded);
        var first = site.Snapshot();
        for (var i = 0; i < 3; i++)
        {
            Assert.True(site.Build().Succeeded);
            Assert.Equal(first.OrderBy(f => f.Key), site.Snapshot().OrderBy(f => f.Key));
        }

        // Only output/ and the one folder kept for the next build: nothing piles up beside them.
        Assert.Equal([".output.previous", "output"], Directory.EnumerateDirectories(site.Root, "*output*").Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_failed_rebuild_leaves_output_as_it_was_and_the_next_build_recovers()
    {
        using var site = TwoStudies();
        Assert.True(site.Build().Succeeded);
        Assert.True(site.Build().Succeeded);
        var before = site.Snapshot();

        site.Article("ar", "broken", Some.FrontMatter(author: "مؤلف مجهول"));
        Assert.False(site.Build().Succeeded);
        Assert.Equal(before, site.Snapshot());

        File.Delete(Path.Combine(site.Input, "articles/ar/broken.md"));
        site.Article("ar", "third", Some.FrontMatter(title: "الثالثة"));
        Assert.True(site.Build().Succeeded);
        AssertSameAsFromScratch(site);
    }

    [Fact]
    public void Links_planted_in_the_reused_folder_are_removed_never_written_through()
    {
        using var site = TwoStudies();
        Assert.True(site.Build().Succeeded);
        Assert.True(site.Build().Succeeded);
        var previous = SiteWriter.PreviousOf(site.Output);
        Assert.True(File.Exists(Path.Combine(previous, SiteWriter.MarkerFile)));

        var victims = Path.Combine(site.Root, "victims");
        var victimFile = Path.Combine(victims, "bashrc");
        var victimFolder = Path.Combine(victims, "home");
        var victimFolder2 = Path.Combine(victims, "photos");
        Directory.CreateDirectory(victimFolder);
        Directory.CreateDirectory(victimFolder2);
        File.WriteAllText(victimFile, "precious");
        File.WriteAllText(Path.Combine(victimFolder, "index.html"), "mine");
        File.WriteAllText(Path.Combine(victimFolder2, "photo.jpg"), "mine too");

        // Where the build writes a file (robots.txt) and a folder (en/), and a folder it no longer writes, so deletes.
        File.Delete(Path.Combine(previous, "robots.txt"));
        File.CreateSymbolicLink(Path.Combine(previous, "robots.txt"), victimFile);
        Directory.Delete(Path.Combine(previous, "en"), recursive: true);
        Directory.CreateSymbolicLink(Path.Combine(previous, "en"), victimFolder);
        Directory.CreateSymbolicLink(Path.Combine(previous, "old-study"), victimFolder2);

        var result = site.Build();
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        Assert.Equal("precious", File.ReadAllText(victimFile));
        Assert.Equal(["index.html"], Directory.EnumerateFileSystemEntries(victimFolder).Select(Path.GetFileName));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(victimFolder, "index.html")));
        Assert.Equal(["photo.jpg"], Directory.EnumerateFileSystemEntries(victimFolder2).Select(Path.GetFileName));
        Assert.Equal("mine too", File.ReadAllText(Path.Combine(victimFolder2, "photo.jpg")));
        Assert.DoesNotContain(new DirectoryInfo(site.Output).EnumerateFileSystemInfos("*", SearchOption.AllDirectories), f => f.LinkTarget is not null);
        AssertSameAsFromScratch(site);
    }

    [Fact]
    public void Files_hard_linked_elsewhere_are_replaced_never_written_into()
    {
        using var site = TwoStudies();
        Assert.True(site.Build().Succeeded);
        Assert.True(site.Build().Succeeded);
        var previous = SiteWriter.PreviousOf(site.Output);

        // A planted hard link to a file outside, and a hard-link backup of the site (cp -al, rsync --link-dest).
        var victim = Path.Combine(site.Root, "victim.txt");
        File.WriteAllText(victim, "precious");
        File.Delete(Path.Combine(previous, "sitemap.xml"));
        HardLink(victim, Path.Combine(previous, "sitemap.xml"));
        var backup = Path.Combine(site.Root, "backup");
        var copy = System.Diagnostics.Process.Start("cp", ["-al", site.Output, backup])!;
        copy.WaitForExit();
        Assert.Equal(0, copy.ExitCode);
        var page = Path.Combine("en", "articles", "second", "index.html");
        var backedUp = File.ReadAllText(Path.Combine(backup, page));

        // Two builds: the second reuses the folder the backup shares its files with.
        site.Article("en", "second", Some.FrontMatter(title: "The Second, edited", author: "Ilham El-Naggar", category: "reports"));
        Assert.True(site.Build().Succeeded);
        site.Article("en", "second", Some.FrontMatter(title: "The Second, edited again", author: "Ilham El-Naggar", category: "reports"));
        Assert.True(site.Build().Succeeded);

        Assert.Equal("precious", File.ReadAllText(victim));
        Assert.Equal(backedUp, File.ReadAllText(Path.Combine(backup, page)));
        Assert.Contains("edited again", File.ReadAllText(site.OutputFile(page)));
        AssertSameAsFromScratch(site);
    }

    private static void HardLink(string target, string link)
    {
        var ln = System.Diagnostics.Process.Start("ln", [target, link])!;
        ln.WaitForExit();
        Assert.Equal(0, ln.ExitCode);
    }

    [Fact]
    public void A_named_pipe_planted_in_the_reused_folder_is_removed_and_never_hangs_the_build()
    {
        using var site = TwoStudies();
        Assert.True(site.Build().Succeeded);
        Assert.True(site.Build().Succeeded);
        var pipe = Path.Combine(SiteWriter.PreviousOf(site.Output), "sitemap.xml");
        File.Delete(pipe);
        SpecialFiles.Fifo(pipe);

        var result = SpecialFiles.Within(() => site.Build(), pipe);
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        Assert.Equal("urlset", System.Xml.Linq.XDocument.Load(site.OutputFile("sitemap.xml")).Root!.Name.LocalName);
        AssertSameAsFromScratch(site);
    }

    [Fact]
    public void A_previous_folder_the_build_did_not_write_is_never_reused_nor_deleted()
    {
        using var site = TwoStudies();
        var previous = SiteWriter.PreviousOf(site.Output);
        Directory.CreateDirectory(previous);
        File.WriteAllText(Path.Combine(previous, "thesis.docx"), "precious");
        var (code, output, errors) = Some.Cli("build", "--input", site.Input, "--theme", Some.Theme, "--output", site.Output, "--no-search");
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Matches(@"^error: .*\.output\.previous is in the way: .*\n$", errors);
        Assert.Equal("precious", File.ReadAllText(Path.Combine(previous, "thesis.docx")));
        Assert.False(Directory.Exists(site.Output));
    }

    [Fact]
    public void A_previous_folder_that_is_a_link_is_never_reused_even_with_the_marker()
    {
        using var site = TwoStudies();
        var victim = Path.Combine(site.Root, "victim");
        Directory.CreateDirectory(victim);
        File.WriteAllText(Path.Combine(victim, SiteWriter.MarkerFile), "planted");
        File.WriteAllText(Path.Combine(victim, "notes.txt"), "precious");
        Directory.CreateSymbolicLink(SiteWriter.PreviousOf(site.Output), victim);
        Assert.Equal(2, Some.Cli("build", "--input", site.Input, "--theme", Some.Theme, "--output", site.Output, "--no-search").Code);
        Assert.Equal([SiteWriter.MarkerFile, "notes.txt"], Directory.EnumerateFiles(victim).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("precious", File.ReadAllText(Path.Combine(victim, "notes.txt")));
    }

    [Fact]
    public void Output_inside_the_input_or_the_theme_is_refused_before_any_work()
    {
        using var site = TwoStudies();
        var theme = site.CopyOfTheme();

        // Also through a link: the folder named is outside, the folder written is not.
        Directory.CreateSymbolicLink(Path.Combine(site.Root, "sneaky"), Path.Combine(site.Input, "assets"));
        foreach (var output in new[] { Path.Combine(site.Input, "assets", "site"), Path.Combine(theme, "assets", "out"), Path.Combine(site.Root, "sneaky", "site") })
        {
            var before = Directory.EnumerateFileSystemEntries(site.Root, "*", SearchOption.AllDirectories).Count();
            var (code, stdout, errors) = Some.Cli("build", "--input", site.Input, "--theme", theme, "--output", output, "--no-search");
            Assert.Equal(2, code);
            Assert.Empty(stdout);
            Assert.Matches(@"^error: --output may not be inside .*\n$", errors);
            Assert.Equal(before, Directory.EnumerateFileSystemEntries(site.Root, "*", SearchOption.AllDirectories).Count());
        }
    }

    [Fact]
    public async Task The_cli_with_its_own_runtime_settings_stops_a_build_into_an_output_folder_another_build_is_writing()
    {
        using var site = TwoStudies();
        Assert.True(site.Build().Succeeded);
        var before = site.Snapshot();
        site.File("articles/ar/third.md", Some.FrontMatter(title: "الثالثة") + "نص.\n");

        // The CLI as a process of its own, with its runtimeconfig (System.IO.DisableFileLocking among its settings):
        // the in-process builds of the other tests run with this test host's settings instead.
        using (var other = SiteWriter.Lock(site.Output, out _))
        {
            Assert.NotNull(other);
            var start = new System.Diagnostics.ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "ResearchSite.dll"), "build", "--input", site.Input, "--theme", Some.Theme, "--output", site.Output, "--no-search", "--no-pdf"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var cli = System.Diagnostics.Process.Start(start)!;
            var errors = cli.StandardError.ReadToEndAsync();
            await cli.StandardOutput.ReadToEndAsync();
            await cli.WaitForExitAsync();

            Assert.Equal(1, cli.ExitCode);
            Assert.Contains("another build is writing", await errors, StringComparison.Ordinal);
            Assert.Equal(before.OrderBy(f => f.Key), site.Snapshot().OrderBy(f => f.Key));
        }
    }

    [Fact]
    public void A_build_into_an_output_folder_another_build_is_writing_stops_with_one_line_and_touches_nothing()
    {
        using var site = TwoStudies();
        Assert.True(site.Build().Succeeded);
        site.File("articles/ar/third.md", Some.FrontMatter(title: "الثالثة") + "نص.\n");
        var before = site.Snapshot();
        var staging = Path.Combine(Path.GetDirectoryName(site.Output)!, $".{Path.GetFileName(site.Output)}.staging-1-running");
        Directory.CreateDirectory(staging);

        // Another build holds the lock, and its staging folder is beside output/ (empty, as a build just starting has it).
        using (var other = SiteWriter.Lock(site.Output, out var none))
        {
            Assert.NotNull(other);
            Assert.Null(none);
            var (code, _, errors) = Some.Cli("build", "--input", site.Input, "--theme", Some.Theme, "--output", site.Output, "--no-search");

            Assert.Equal(1, code);
            Assert.Contains("another build is writing", errors, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
            Assert.True(Directory.Exists(staging), "the running build's staging folder was taken for a leftover");
            Assert.Equal(before.OrderBy(f => f.Key), site.Snapshot().OrderBy(f => f.Key));
        }

        Directory.Delete(staging);
        Assert.Equal(0, Some.Cli("build", "--input", site.Input, "--theme", Some.Theme, "--output", site.Output, "--no-search").Code);
        Assert.True(File.Exists(Path.Combine(site.Output, "ar/articles/third/index.html")));
    }
}
