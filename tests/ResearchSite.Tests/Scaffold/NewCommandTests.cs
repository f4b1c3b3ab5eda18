using ResearchSite.Build;
using ResearchSite.Scaffold;

namespace ResearchSite.Tests.Scaffold;

public class NewCommandTests
{
    [Theory]
    [InlineData("انسحاب التحالف الدولي من العراق", "anshab-althalf-aldwly-mn-alaraq")]
    [InlineData("The Coalition's Withdrawal: What Next?", "the-coalition-s-withdrawal-what-next")]
    public void Titles_become_latin_slugs(string title, string slug) =>
        Assert.Equal(slug, Transliteration.SlugFor(title));

    [Fact]
    public void A_new_study_and_its_translation_build_cleanly()
    {
        using var site = Some.Site();
        var (code, output, errors) = Some.Cli("new", "article", "--input", site.Input, "--lang", "ar", "--author", "إلهام النجار", "--category", "reports", "--category", "الطاقة", "دراسة جديدة عن الطاقة");
        Assert.True(code == 0, errors);
        Assert.Contains("articles/ar/drasa-jdyda-an-altaqa.md", output.Replace('\\', '/'));
        var text = File.ReadAllText(Path.Combine(site.Input, "articles", "ar", "drasa-jdyda-an-altaqa.md"));
        Assert.Contains("author: ilham-elnaggar", text);
        Assert.Contains("category: [reports, energy]", text);
        Assert.Contains($"date: {DateTime.Now:yyyy-MM-dd}", text);

        (code, _, errors) = Some.Cli("new", "article", "--input", site.Input, "--lang", "en", "--translation-of", "drasa-jdyda-an-altaqa", "A New Study on Energy");
        Assert.True(code == 0, errors);
        var english = File.ReadAllText(Path.Combine(site.Input, "articles", "en", "drasa-jdyda-an-altaqa.md"));
        Assert.Contains("category: [reports, energy]", english);

        var result = BuildPipeline.Run(new BuildOptions(site.Input, Some.Theme, site.Output, IncludeDrafts: true, null));
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        Assert.Empty(result.Diagnostics);
        Assert.Equal("/en/articles/drasa-jdyda-an-altaqa/", site.Page("ar/articles/drasa-jdyda-an-altaqa/index.html").QuerySelector("a.language-switch")!.GetAttribute("href"));
    }

    [Fact]
    public void An_unknown_author_is_refused_with_suggestions_and_nothing_is_overwritten()
    {
        using var site = Some.Site().Article("ar", "taken", Some.FrontMatter());
        var (code, _, errors) = Some.Cli("new", "article", "--input", site.Input, "--lang", "ar", "--author", "الهام النجار", "--category", "reports", "--slug", "taken", "عنوان");
        Assert.Equal(1, code);
        Assert.Contains("did you mean 'إلهام النجار'", errors);
        Assert.Contains("exists already", errors);
        Assert.Equal(Some.FrontMatter() + "\n## مقدمة\n\nنص.\n", File.ReadAllText(Path.Combine(site.Input, "articles", "ar", "taken.md")));
    }

    [Fact]
    public void Registry_entries_are_added_and_usable_but_never_replaced()
    {
        using var site = Some.Site();
        Assert.Equal(0, Some.Cli("new", "unit", "--input", site.Input, "media", "--name-ar", "وحدة الإعلام", "--name-en", "Media Unit").Code);
        Assert.Equal(0, Some.Cli("new", "category", "--input", site.Input, "media-studies", "--name-ar", "دراسات إعلامية").Code);
        Assert.Equal(0, Some.Cli("new", "author", "--input", site.Input, "nour-ali", "--name-ar", "نور علي", "--name-en", "Nour Ali", "--role-en", "Fellow", "--unit", "media").Code);
        Assert.Equal(1, Some.Cli("new", "unit", "--input", site.Input, "media", "--name-ar", "x").Code);
        site.Article("ar", "m", Some.FrontMatter(author: "نور علي", category: "دراسات إعلامية"));
        var result = site.Build();
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        Assert.Equal("/ar/units/media/", site.Page("ar/articles/m/index.html").QuerySelector(".article-meta dd a[href*='units']")!.GetAttribute("href"));
    }
}

public class FrontMatterSchemaTests
{
    [Fact]
    public void The_shipped_schema_is_current_and_lists_every_registry_entry()
    {
        var bag = new ResearchSite.Diagnostics.DiagnosticBag();
        var content = ResearchSite.Content.ContentLoader.Load(Path.Combine(Some.RepoRoot, "input"), bag)!;
        var generated = FrontMatterSchema.Generate(content.Registries);
        Assert.Equal(generated, File.ReadAllText(Path.Combine(Some.RepoRoot, "schema", "front-matter.schema.json")));
        var schema = System.Text.Json.JsonDocument.Parse(generated).RootElement;
        Assert.Equal(["title", "author", "category", "date"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        var authors = schema.GetProperty("properties").GetProperty("author").GetProperty("anyOf")[0].GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(["ilham-elnaggar", "إلهام النجار", "Ilham El-Naggar"], authors);
        Assert.Equal(ResearchSite.Content.FrontMatterParser.KnownFields.Order(), schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
    }
}
