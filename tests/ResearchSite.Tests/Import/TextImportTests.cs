using ResearchSite.Cli;
using ResearchSite.Content;
using ResearchSite.Diagnostics;
using ResearchSite.Import;

namespace ResearchSite.Tests.Import;

/// <summary>`import text`: plain-text copies of study pages in the seed's shape.</summary>
public sealed class TextImportTests
{
    [Fact]
    public void The_seed_imported_as_text_is_the_coalition_study_of_the_default_site()
    {
        using var site = Some.Site();
        foreach (var registry in new[] { "authors", "units", "categories" })
        {
            site.File($"data/{registry}.yml", File.ReadAllText(Path.Combine(Some.RepoRoot, "input", "data", registry + ".yml")));
        }

        var (code, output, error) = Samples.Import(site, "import", "text", Samples.Seed);
        Assert.True(code == Program.Success, error);
        Assert.Contains("1 published, 0 draft(s)", output, StringComparison.Ordinal);
        var imported = Directory.GetFiles(Path.Combine(site.Input, "articles", "ar"), "*.md").Single();

        // Same metadata, resolved against the same registries.
        var diagnostics = new DiagnosticBag();
        var ours = FrontMatterParser.Parse(File.ReadAllText(imported), imported, diagnostics)!;
        var expected = FrontMatterParser.Parse(File.ReadAllText(Path.Combine(Some.RepoRoot, "input", "articles", "ar", "coalition-withdrawal-iraq.md")), "expected", diagnostics)!;
        Assert.Empty(diagnostics.Sorted());
        var content = ContentLoader.Load(site.Input, diagnostics)!;
        var registries = content.Registries;
        Assert.Equal(expected.FrontMatter.Title, ours.FrontMatter.Title);
        Assert.Equal(expected.FrontMatter.Date, ours.FrontMatter.Date);
        Assert.Equal(expected.FrontMatter.Authors.Select(a => registries.Authors.Find(a.Value)!.Key), ours.FrontMatter.Authors.Select(a => registries.Authors.Find(a.Value)!.Key));
        Assert.Equal(registries.Units.Find(expected.FrontMatter.Unit!.Value.Value)!.Key, registries.Units.Find(ours.FrontMatter.Unit!.Value.Value)!.Key);
        Assert.Equal(expected.FrontMatter.Categories.Select(c => registries.Categories.Find(c.Value)!.Key), ours.FrontMatter.Categories.Select(c => registries.Categories.Find(c.Value)!.Key));
        // Same sections, lists, paragraphs and sources: the body is the one the editors wrote by hand.
        Assert.Equal(expected.Body.Trim(), ours.Body.Trim());

        var result = site.Build();
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        var page = site.Page($"ar/articles/{Path.GetFileNameWithoutExtension(imported)}/index.html");
        Assert.Equal(11, page.QuerySelectorAll("section.notes > ol > li").Length);
        Assert.Equal(8, page.QuerySelectorAll(".article-body h2:not(#notes_title):not(#cite-title):not(#share-title):not(#related-title)").Length);
        Assert.Equal(12, page.QuerySelectorAll(".article-body ul:not(.share-links):not(.related-list) > li").Length);
        Assert.Contains("'Posted by: hossam ahmed' names who uploaded the page, not its author", Samples.Report(site), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("أكتوبر 15, 2024", "2024-10-15")]
    [InlineData("15 أكتوبر 2024", "2024-10-15")]
    [InlineData("إبريل 3, 2023", "2023-04-03")]
    [InlineData("تشرين الأول 1, 2022", "2022-10-01")]
    public void Dates_are_read_with_arabic_month_names_in_either_order(string text, string iso)
    {
        Assert.Equal(DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture), TextImporter.ParseDate(text));
    }

    [Fact]
    public void Categories_run_together_are_split_by_the_registry_names_and_the_rest_is_reported()
    {
        using var site = Some.Site();
        var file = Path.Combine(site.Root, "copy.txt");
        File.WriteAllText(file, "المقالات\nدراسة قصيرة\n- مارس 2, 2024\n- Posted by: someone\n- Category: تقارير وملفات الطاقه ملفات خاصة\nإعداد: عمر صالح\nنص الدراسة.[1]\nالمصادر:\n[1] مصدر.\n");
        var (code, _, _) = Samples.Import(site, "import", "text", file);
        Assert.Equal(Program.Success, code);
        var markdown = File.ReadAllText(Directory.GetFiles(Path.Combine(site.Input, "articles", "ar"), "*.md").Single());
        // 'الطاقه' is the registry's الطاقة (ة/ه); the unit is the author's.
        Assert.Contains("category: [reports, energy]\n", markdown, StringComparison.Ordinal);
        Assert.Contains("author: omar-saleh\n", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("draft:", markdown, StringComparison.Ordinal);
        Assert.Contains("'ملفات خاصة' matches no category", Samples.Report(site), StringComparison.Ordinal);
        Assert.True(site.Build().Succeeded);
    }

    [Fact]
    public void A_copy_without_author_or_category_comes_in_as_a_draft_and_the_site_still_builds()
    {
        using var site = Some.Site();
        var file = Path.Combine(site.Root, "copy.txt");
        File.WriteAllText(file, "عنوان\n- مايو 5, 2021\nنص.\n");
        Samples.Import(site, "import", "text", file);
        var markdown = File.ReadAllText(Directory.GetFiles(Path.Combine(site.Input, "articles", "ar"), "*.md").Single());
        Assert.Contains("draft: true\n", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("author:", markdown, StringComparison.Ordinal);
        var report = Samples.Report(site);
        Assert.Contains("no line 'إعداد: <author>' was found", report, StringComparison.Ordinal);
        Assert.Contains("no category of the series was named", report, StringComparison.Ordinal);
        Assert.True(site.Build().Succeeded);
        Assert.Equal(Program.Success, Samples.Import(site, "import", "text", file).Code);
    }

    [Fact]
    public void A_text_that_is_not_a_study_page_is_skipped_and_reported()
    {
        using var site = Some.Site();
        var file = Path.Combine(site.Root, "notes.txt");
        File.WriteAllText(file, "just some notes\nwithout a date\n");
        var (code, output, _) = Samples.Import(site, "import", "text", file);
        Assert.Equal(Program.Success, code);
        Assert.Contains("1 item(s) skipped", output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(site.Input, "articles", "ar")));
    }
}
