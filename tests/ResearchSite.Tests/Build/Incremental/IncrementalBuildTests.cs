using ResearchSite.Build;
using ResearchSite.Build.Incremental;
using ResearchSite.Output;

namespace ResearchSite.Tests.Build.Incremental;

/// <summary>
/// The incremental build taken step by step, as `serve` takes it on every save, but without a watcher or
/// a timer: each kind of edit is made on disk, the changed paths are handed over, and the site that comes
/// back must be, file for file and byte for byte, the one a whole build of the same files makes.
/// </summary>
public class IncrementalBuildTests
{
    /// <summary>A site of five studies (translations, links with fragments, notes, an attached file, pages of listings) with its own copy of the theme.</summary>
    private sealed class Workbench : IDisposable
    {
        public Workbench()
        {
            Site = Some.Site()
                .Article("ar", "one", Some.FrontMatter(title: "الأولى", category: "energy"), "## النتائج\n\nنص[^a].\n\n[^a]: حاشية.\n")
                .Article("en", "one", Some.FrontMatter(title: "One", category: "energy"), "## Findings\n\nOld text.\n")
                .Article("en", "two", Some.FrontMatter(title: "Two", category: "reports", author: "omar-saleh"), "## Start\n\nSee [the findings](one.md#findings).\n")
                .Article("ar", "three", Some.FrontMatter(title: "الثالثة", date: "2023-05-01"), "## مقدمة\n\nنص.\n")
                .Article("ar", "four", Some.FrontMatter(title: "الرابعة", date: "2022-01-09", author: "sara-adel"), "## مقدمة\n\nنص.\n")
                .Article("en", "five", Some.FrontMatter(title: "Five", date: "2021-03-02"), "## Start\n\nSee [the data](/files/data.json).\n")
                .File("assets/data.json", "{\"n\": 1}");
            Theme = Site.CopyOfTheme();

            Options = new BuildOptions(Site.Input, Theme, Site.Output, false, null);
            Engine = new IncrementalBuild(Options);
            Current = Engine.Next(null, IncrementalBuild.Everything);
            Assert.True(Current.Succeeded, string.Join('\n', Current.Result.Diagnostics));
        }

        public FixtureSite Site { get; }

        public string Theme { get; }

        public BuildOptions Options { get; }

        public IncrementalBuild Engine { get; }

        public BuiltSite Current { get; private set; }

        public string Input(string relative) => Path.Combine(Site.Input, relative);

        public string Article(string language, string slug) => Input($"articles/{language}/{slug}.md");

        /// <summary>Writes a file of the input or (with a path under the theme) the theme, and returns its full path.</summary>
        public string Save(string path, string content)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
            return path;
        }

        public string Replace(string path, string from, string to)
        {
            var text = File.ReadAllText(path);
            Assert.Contains(from, text);
            return Save(path, text.Replace(from, to, StringComparison.Ordinal));
        }

        /// <summary>One step, told which paths changed (as the watcher tells `serve`).</summary>
        public BuiltSite Step(params string[] changed)
        {
            Current = Engine.Next(Current, changed);
            return Current;
        }

        /// <summary>One step where nobody said what changed (the watcher lost events).</summary>
        public BuiltSite StepUntold()
        {
            Current = Engine.Next(Current, IncrementalBuild.Everything);
            return Current;
        }

        public void AssertSameAsWholeBuild()
        {
            Assert.True(Current.Succeeded, string.Join('\n', Current.Result.Diagnostics));
            var whole = BuildPipeline.BuildInMemory(Options);
            Assert.True(whole.Succeeded, string.Join('\n', whole.Result.Diagnostics));
            Assert.Equal(whole.Result.Diagnostics, Current.Result.Diagnostics);
            Assert.Equal(whole.Result.PagesPerLanguage, Current.Result.PagesPerLanguage);
            Assert.Equal(whole.Files.Keys.Order(StringComparer.Ordinal), Current.Files.Keys.Order(StringComparer.Ordinal));
            Assert.All(whole.Files, f => Assert.True(f.Value.AsSpan().SequenceEqual(Current.Files[f.Key]), $"{f.Key} differs from a whole build's"));

            // Pages are kept as digests and rendered again when read: a page kept when it should have been made
            // again would still read right, but keep the old digest (and no tab would reload).
            var (wholeFiles, currentFiles) = ((SiteFiles)whole.Files, (SiteFiles)Current.Files);
            Assert.All(wholeFiles.Keys, k => Assert.True(wholeFiles.Fingerprint(k) == currentFiles.Fingerprint(k), $"{k} is recorded unlike a whole build's"));
            Assert.All(currentFiles.Pages, p => Assert.Equal(SiteFiles.DigestOf(currentFiles[p.Key]), p.Value));
        }

        public void Dispose() => Site.Dispose();
    }

    /// <summary>Each kind of edit: what it does on disk (returning the paths a watcher reports), and a file that must change.</summary>
    private static (string[] Paths, string? Shows) Apply(Workbench bench, string edit)
    {
        var one = bench.Article("en", "one");
        switch (edit)
        {
            case "body":
                return ([bench.Replace(one, "Old text.", "New text[^n].\n\n[^n]: A new note.")], "en/articles/one/index.html");
            case "title":
                return ([bench.Replace(one, "title: \"One\"", "title: \"One, renamed\"")], "en/categories/energy/index.html");
            case "summary":
                return ([bench.Replace(one, "\nauthor: ", "\nsummary: A short abstract.\nauthor: ")], "en/index.html");
            case "tags":
                // Tags are shown on no page, and no other study has one, so no related list changes: nothing may change, and nothing may break.
                return ([bench.Replace(one, "\nauthor: ", "\ntags: [iraq, energy]\nauthor: ")], null);
            case "date":
                return ([bench.Replace(one, "date: 2024-10-15", "date: 2020-02-02")], "en/index.html");
            case "author":
                return ([bench.Replace(one, "author: ilham-elnaggar", "author: omar-saleh")], "en/authors/omar-saleh/index.html");
            case "unit":
                return ([bench.Replace(one, "\nauthor: ", "\nunit: economy\nauthor: ")], "en/units/economy/index.html");
            case "category":
                return ([bench.Replace(one, "category: energy", "category: reports")], "en/categories/reports/index.html");
            case "new study":
                return ([bench.Save(bench.Article("en", "six"), Some.FrontMatter(title: "Six", date: "2025-01-01") + "\n## Start\n\nText.\n")], "en/articles/six/index.html");
            case "deleted study":
                File.Delete(bench.Article("en", "five"));
                return ([bench.Article("en", "five")], "en/articles/five/index.html");
            case "renamed study":
                File.Move(bench.Article("ar", "four"), bench.Article("ar", "fourth"));
                return ([bench.Article("ar", "four"), bench.Article("ar", "fourth")], "ar/articles/fourth/index.html");
            case "registry name":
                return ([bench.Replace(bench.Input("data/authors.yml"), "Omar Saleh", "Omar S. Saleh")], "en/articles/two/index.html");
            case "site.yml":
                return ([bench.Replace(bench.Input("site.yml"), "en: Test Series", "en: The Test Series")], "en/articles/five/index.html");
            case "theme template":
                return ([bench.Replace(Path.Combine(bench.Theme, "layouts", "terms.html"), "<section class=\"terms\"", "<section data-edited=\"yes\" class=\"terms\"")], "en/categories/index.html");
            case "theme asset":
                var css = Path.Combine(bench.Theme, "assets", "site.css");
                return ([bench.Save(css, File.ReadAllText(css) + "\n.edited { color: red; }\n")], "en/articles/one/index.html");
            case "card colour":
                // The cards take the theme's colours from site.css: serve draws them again, as a new build would.
                return ([bench.Replace(Path.Combine(bench.Theme, "assets", "site.css"), "--accent: #7a2e1f;", "--accent: #1f4e7a;")], "en/articles/one/card.png");
            case "strings":
                return ([bench.Replace(Path.Combine(bench.Theme, "strings.yml"), "series: Series contents", "series: The series contents")], "en/index.html");
            case "attached file":
                return ([bench.Save(bench.Input("assets/data.json"), "{\"n\": 2}")], "files/data.json");
            case "draft":
                return ([bench.Replace(bench.Article("en", "two"), "\nauthor: ", "\ndraft: true\nauthor: ")], "en/articles/two/index.html");
            default:
                throw new ArgumentOutOfRangeException(nameof(edit), edit, null);
        }
    }

    public static TheoryData<string> Edits =>
    [
        "body", "title", "summary", "tags", "date", "author", "unit", "category", "new study", "deleted study", "renamed study",
        "registry name", "site.yml", "theme template", "theme asset", "card colour", "strings", "attached file", "draft",
    ];

    [Theory]
    [MemberData(nameof(Edits))]
    public void Each_kind_of_edit_gives_what_a_whole_build_gives(string edit)
    {
        using var bench = new Workbench();
        // Read before the edit: some files (pages, cards) are made again when read, from what is on disk then.
        var before = bench.Current.Files.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        var (paths, shows) = Apply(bench, edit);
        var next = bench.Step(paths);
        bench.AssertSameAsWholeBuild();
        if (shows is null)
        {
            Assert.Empty(next.Changed);
        }
        else
        {
            Assert.Contains(shows, next.Changed);
            Assert.True(!next.Files.ContainsKey(shows) || !before.TryGetValue(shows, out var old) || !old.AsSpan().SequenceEqual(next.Files[shows]), $"{shows} is said to change but is the same");
        }

        // The changed files are exactly those that differ from the site before.
        var differ = next.Files.Keys.Concat(before.Keys).Distinct()
            .Where(k => !before.TryGetValue(k, out var a) || !next.Files.TryGetValue(k, out var b) || !a.AsSpan().SequenceEqual(b))
            .Order(StringComparer.Ordinal);
        Assert.Equal(differ, next.Changed);
    }

    private static IReadOnlyList<string> RelatedOf(BuiltSite site, string page) =>
        Some.Html(System.Text.Encoding.UTF8.GetString(site.Files[page])).QuerySelectorAll(".related-list a").Select(a => a.GetAttribute("href")!).ToList();

    [Fact]
    public void An_edit_to_one_study_s_category_changes_the_related_studies_of_the_others()
    {
        using var bench = new Workbench();
        const string two = "en/articles/two/index.html";
        Assert.DoesNotContain("/en/articles/one/", RelatedOf(bench.Current, two));

        bench.Step(bench.Replace(bench.Article("en", "one"), "category: energy", "category: reports"));
        bench.AssertSameAsWholeBuild();
        Assert.Contains(two, bench.Current.Changed);
        Assert.Contains("/en/articles/one/", RelatedOf(bench.Current, two));
    }

    [Fact]
    public void A_tag_shared_by_an_edit_puts_the_study_among_the_related_studies_of_the_other()
    {
        using var bench = new Workbench();
        const string two = "en/articles/two/index.html";
        bench.Step(bench.Replace(bench.Article("en", "two"), "\nauthor: ", "\ntags: [Iraq]\nauthor: "));
        bench.AssertSameAsWholeBuild();
        Assert.DoesNotContain("/en/articles/one/", RelatedOf(bench.Current, two));

        // Only the front matter's tags changed: a patch of the last site would keep two's page as it was.
        bench.Step(bench.Replace(bench.Article("en", "one"), "\nauthor: ", "\ntags: [iraq]\nauthor: "));
        bench.AssertSameAsWholeBuild();
        Assert.Contains(two, bench.Current.Changed);
        Assert.Contains("/en/articles/one/", RelatedOf(bench.Current, two));
    }

    [Fact]
    public void Every_kind_of_edit_one_after_another_stays_what_a_whole_build_gives()
    {
        using var bench = new Workbench();
        foreach (var edit in Edits)
        {
            var (paths, _) = Apply(bench, edit);
            bench.Step(paths);
            bench.AssertSameAsWholeBuild();
        }
    }

    [Fact]
    public void A_body_edit_reads_and_renders_only_that_study_and_writes_only_its_pages()
    {
        using var bench = new Workbench();
        var (paths, _) = Apply(bench, "body");
        var next = bench.Step(paths);
        Assert.True(next.Patched);
        Assert.Equal([bench.Article("en", "one")], next.Rendered);
        // The study's pages (both versions: each shows the other's title) and the feeds; no listing.
        Assert.Equal(
            ["ar/articles/one/cite.bib", "ar/articles/one/index.html", "ar/feed.xml", "en/articles/one/cite.bib", "en/articles/one/index.html", "en/feed.xml"],
            next.Written.Order(StringComparer.Ordinal));
        Assert.Equal("A new note.", Some.Html(System.Text.Encoding.UTF8.GetString(next.Files["en/articles/one/index.html"])).QuerySelector("#note_1_body")!.TextContent.Trim());
        bench.AssertSameAsWholeBuild();
    }

    [Fact]
    public void A_new_title_writes_the_listings_that_show_the_study_and_no_other_page()
    {
        using var bench = new Workbench();
        var (paths, _) = Apply(bench, "title");
        var next = bench.Step(paths);
        Assert.True(next.Patched);
        Assert.Equal([bench.Article("en", "one")], next.Rendered);
        Assert.Contains("en/categories/energy/index.html", next.Written);
        Assert.Contains("ar/index.html", next.Written);
        Assert.DoesNotContain("en/articles/two/index.html", next.Written);
        Assert.DoesNotContain("en/categories/reports/index.html", next.Written);
        bench.AssertSameAsWholeBuild();
    }

    [Fact]
    public void A_new_title_makes_again_the_page_at_the_study_s_old_address_which_shows_it()
    {
        using var bench = new Workbench();
        bench.Step(bench.Replace(bench.Article("en", "one"), "\nauthor: ", "\naliases: [\"/old/one/\"]\nauthor: "));
        Assert.Equal("One | Test Series", Some.Html(System.Text.Encoding.UTF8.GetString(bench.Current.Files["old/one/index.html"])).Title);

        var (paths, _) = Apply(bench, "title");
        var next = bench.Step(paths);
        Assert.True(next.Patched);
        Assert.Contains("old/one/index.html", next.Changed);
        Assert.Equal("One, renamed | Test Series", Some.Html(System.Text.Encoding.UTF8.GetString(next.Files["old/one/index.html"])).Title);
        bench.AssertSameAsWholeBuild();
    }

    [Fact]
    public void The_pages_planned_for_a_new_title_are_every_page_that_shows_the_study()
    {
        using var bench = new Workbench();
        bench.Step(bench.Replace(bench.Article("en", "one"), "\nauthor: ", "\naliases: [\"/old/one/\"]\nauthor: "));
        var planner = bench.Current.Prepared!.Planner;
        foreach (var slug in new[] { "one", "two", "five" })
        {
            var showing = planner.Plan().Where(p => p.Studies.Contains(slug)).Select(p => p.OutputPath).Order(StringComparer.Ordinal).ToList();
            Assert.NotEmpty(showing);
            Assert.Equal(showing, planner.PlanShowing(new HashSet<string> { slug }).Select(p => p.OutputPath).Order(StringComparer.Ordinal));
        }

        Assert.Contains("old/one/index.html", planner.PlanShowing(new HashSet<string> { "one" }).Select(p => p.OutputPath));
    }

    [Fact]
    public void A_study_that_moves_in_the_listings_is_cross_linked_again_but_read_alone()
    {
        using var bench = new Workbench();
        var (paths, _) = Apply(bench, "date");
        var next = bench.Step(paths);
        Assert.False(next.Patched);
        Assert.Equal([bench.Article("en", "one")], next.Rendered);
        Assert.DoesNotContain("ar/articles/four/index.html", next.Written);
        bench.AssertSameAsWholeBuild();
    }

    [Fact]
    public void A_broken_save_keeps_the_last_good_site_and_its_fix_catches_up_with_every_edit_since()
    {
        using var bench = new Workbench();
        var good = bench.Current;
        var one = bench.Article("en", "one");
        var broken = bench.Step(bench.Replace(one, "date: 2024-10-15", "date: someday"));
        Assert.False(broken.Succeeded);
        var error = Assert.Single(broken.Result.Diagnostics, d => d.IsError);
        Assert.EndsWith(Path.Combine("en", "one.md"), error.File);
        Assert.Equal(5, error.Line);
        Assert.Empty(broken.Files);

        // Another study edited while the first is still broken: still failing, and not forgotten.
        var two = bench.Article("en", "two");
        Assert.False(bench.Step(bench.Replace(two, "See [the findings]", "Read [the findings]")).Succeeded);

        var fixedSite = bench.Step(bench.Replace(one, "date: someday", "date: 2024-10-15"));
        Assert.True(fixedSite.Succeeded, string.Join('\n', fixedSite.Result.Diagnostics));
        Assert.Contains("en/articles/two/index.html", fixedSite.Changed);
        Assert.Contains("Read", System.Text.Encoding.UTF8.GetString(fixedSite.Files["en/articles/two/index.html"]));
        Assert.DoesNotContain("en/articles/one/index.html", fixedSite.Changed);
        Assert.NotSame(good, fixedSite);
        bench.AssertSameAsWholeBuild();
    }

    [Fact]
    public void Renaming_a_heading_that_another_study_links_to_fails_at_that_link_until_it_is_fixed()
    {
        using var bench = new Workbench();
        var one = bench.Article("en", "one");
        var broken = bench.Step(bench.Replace(one, "## Findings", "## Results"));
        Assert.False(broken.Succeeded);
        var error = Assert.Single(broken.Result.Diagnostics, d => d.IsError);
        Assert.EndsWith(Path.Combine("en", "two.md"), error.File);
        Assert.Contains("'#findings'", error.Message);

        bench.Step(bench.Replace(bench.Article("en", "two"), "one.md#findings", "one.md#results"));
        bench.AssertSameAsWholeBuild();
    }

    [Fact]
    public void Patched_edits_that_add_move_and_remove_links_with_fragments_keep_what_a_whole_link_check_keeps()
    {
        using var bench = new Workbench();
        var two = bench.Article("en", "two");
        var five = bench.Article("en", "five");
        Assert.True(bench.Step(bench.Replace(five, "See [the data]", "See [the start](two.md#start) and [the data]")).Patched);
        AssertSameLinks(bench);

        var broken = bench.Step(bench.Replace(two, "## Start", "## Opening"));
        Assert.False(broken.Succeeded);
        Assert.Contains(broken.Result.Diagnostics, d => d.IsError && d.File.EndsWith(Path.Combine("en", "five.md"), StringComparison.Ordinal) && d.Message.Contains("'#start'", StringComparison.Ordinal));

        bench.Step(bench.Replace(five, "two.md#start", "two.md#opening"));
        bench.AssertSameAsWholeBuild();
        AssertSameLinks(bench);

        Assert.True(bench.Step(bench.Replace(five, "[the start](two.md#opening) and ", string.Empty)).Patched);
        AssertSameLinks(bench);

        // Five no longer links into two: a link it dropped, if kept, would fail this.
        Assert.True(bench.Step(bench.Replace(two, "## Opening", "## Start")).Succeeded);
        bench.AssertSameAsWholeBuild();
        AssertSameLinks(bench);
    }

    /// <summary>The links with fragments the current site's check keeps for the next edit are those a whole build's check finds.</summary>
    private static void AssertSameLinks(Workbench bench)
    {
        static IEnumerable<string> Of(BuiltSite site) =>
            site.Prepared!.Links.Fragments.Select(f => $"{f.SourceFile} {f.Link.Line}:{f.Link.Column} {f.TargetHref}#{f.Fragment}").Order(StringComparer.Ordinal);
        Assert.Equal(Of(BuildPipeline.BuildInMemory(bench.Options)), Of(bench.Current));
    }

    [Fact]
    public void Editors_temporary_files_change_nothing_and_cost_nothing()
    {
        using var bench = new Workbench();
        var before = bench.Current;
        var swap = bench.Save(bench.Input("articles/en/.one.md.swp"), "swap");
        var backup = bench.Save(bench.Input("articles/en/one.md~"), "backup");
        Assert.Same(before, bench.Step(swap, backup));

        // A temporary file the walk must look at (no editor's name), gone by the time the build runs.
        var temporary = bench.Input("articles/en/4913");
        Assert.Same(before, bench.Step(temporary));
        var hidden = bench.Save(bench.Input("articles/en/.one.md.tmp"), "hidden");
        Assert.Same(before, bench.Step(hidden));
    }

    [Fact]
    public void A_step_told_nothing_finds_every_edit_by_the_files_stamps()
    {
        using var bench = new Workbench();
        Apply(bench, "body");
        Apply(bench, "registry name");
        Apply(bench, "new study");
        var next = bench.StepUntold();
        Assert.Contains("en/articles/six/index.html", next.Changed);
        Assert.Contains("en/articles/one/index.html", next.Changed);
        bench.AssertSameAsWholeBuild();

        // Nothing changed since: every page is kept.
        var again = bench.StepUntold();
        Assert.Empty(again.Changed);
        Assert.DoesNotContain(again.Written, f => f.EndsWith(".html", StringComparison.Ordinal));
    }

    [Fact]
    public void More_articles_than_a_batch_are_each_read_and_rendered_once()
    {
        using var site = Some.Site();
        for (var i = 0; i < 520; i++)
        {
            site.Article("en", $"s{i:000}", Some.FrontMatter(title: $"Study {i}"), $"## Start\n\nText {i}.\n");
        }

        var built = BuildPipeline.BuildInMemory(new BuildOptions(site.Input, Some.Theme, site.Output, false, null));
        Assert.True(built.Succeeded, string.Join('\n', built.Result.Diagnostics));
        Assert.Equal(520, built.Rendered.Distinct().Count());
        for (var i = 0; i < 520; i++)
        {
            var page = Some.Html(System.Text.Encoding.UTF8.GetString(built.Files[$"en/articles/s{i:000}/index.html"]));
            Assert.Equal($"Text {i}.", page.QuerySelector(".article-body > p")!.TextContent);
        }
    }
}
