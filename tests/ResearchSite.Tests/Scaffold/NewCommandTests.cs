using ResearchSite.Build;
using ResearchSite.Scaffold;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

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
        Assert.Equal(2, code);
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
        Assert.Equal(2, Some.Cli("new", "unit", "--input", site.Input, "media", "--name-ar", "x").Code);
        site.Article("ar", "m", Some.FrontMatter(author: "نور علي", category: "دراسات إعلامية"));
        var result = site.Build();
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        Assert.Equal("/ar/units/media/", site.Page("ar/articles/m/index.html").QuerySelector(".article-meta dd a[href*='units']")!.GetAttribute("href"));
    }

    [Fact]
    public void An_emoji_only_title_asks_for_a_slug_and_emoji_titles_build()
    {
        using var site = Some.Site();
        string[] start = ["new", "article", "--input", site.Input, "--lang", "en", "--author", "ilham-elnaggar", "--category", "reports"];
        var (code, _, errors) = Some.Cli([.. start, "🎉🎉"]);
        Assert.Equal(2, code);
        Assert.Contains("--slug", errors);
        Assert.DoesNotContain("   at ", errors);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(site.Input, "articles", "en")));

        (code, var output, errors) = Some.Cli([.. start, "Results 🎉 of 2024"]);
        Assert.True(code == 0, errors);
        Assert.Contains("articles/en/results-of-2024.md", output.Replace('\\', '/'));
        (code, _, errors) = Some.Cli([.. start, "--slug", "party", "🎉🎉"]);
        Assert.True(code == 0, errors);

        var result = BuildPipeline.Run(new BuildOptions(site.Input, Some.Theme, site.Output, IncludeDrafts: true, null));
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        Assert.Equal("🎉🎉", site.Page("en/articles/party/index.html").QuerySelector("h1#article-title")!.TextContent);
        Assert.Equal("Results 🎉 of 2024", site.Page("en/articles/results-of-2024/index.html").QuerySelector("h1#article-title")!.TextContent);
    }

    [Fact]
    public void A_title_of_several_lines_is_refused_before_it_can_end_the_front_matter()
    {
        using var site = Some.Site();
        var (code, _, errors) = Some.Cli("new", "article", "--input", site.Input, "--lang", "en", "--author", "ilham-elnaggar", "--category", "reports", "--slug", "t", "Title\n---\ndraft: false");
        Assert.Equal(2, code);
        Assert.Contains("the title must be one line", errors);
        Assert.False(File.Exists(Path.Combine(site.Input, "articles", "en", "t.md")));
    }

    [Fact]
    public void A_name_alike_to_an_existing_entrys_is_written_with_the_builds_warning()
    {
        using var site = Some.Site();
        var (code, output, errors) = Some.Cli("new", "category", "--input", site.Input, "energy-2", "--name-ar", "الطاقه");
        Assert.True(code == 0, errors);
        Assert.Contains("warning: 'energy-2' has the same Arabic name as 'energy'", output);
        site.Article("ar", "a", Some.FrontMatter());
        var result = site.Build();
        Assert.True(result.Succeeded);
        Assert.Contains(result.Diagnostics, d => !d.IsError && d.Message.StartsWith("category 'energy-2' has the same Arabic name as 'energy'", StringComparison.Ordinal));
    }

    private static IReadOnlyDictionary<string, string> Registries(FixtureSite site) =>
        Directory.EnumerateFiles(Path.Combine(site.Input, "data")).ToDictionary(f => Path.GetFileName(f), f => File.ReadAllText(f));

    [Theory]
    [InlineData("one line", "author", "guy2", "--name-en", "X\n  malicious: true\nevil-key:")]
    [InlineData("one line", "author", "guy2", "--name-ar", "سطر\u000Bآخر")]
    [InlineData("one line", "author", "guy2", "--name-en", "Guy", "--bio-en", "a\rb")]
    [InlineData("unit 'nonexistent' is not in data/units.yml", "author", "guy2", "--name-en", "Guy", "--unit", "nonexistent")]
    [InlineData("needs a name", "author", "guy2", "--role-en", "Fellow")]
    [InlineData("--name-en is empty", "author", "guy2", "--name-en", "   ")]
    [InlineData("needs a name", "unit", "u1")]
    [InlineData("needs a name", "category", "c1")]
    [InlineData("key 'bad key'", "category", "bad key", "--name-en", "Bad")]
    [InlineData("'energy' is in data/categories.yml already", "category", "energy", "--name-en", "Energy again")]
    [InlineData("bidi embedding, override or isolate", "category", "ok-2", "--name-en", "A\u202EB")]
    public void Bad_values_for_a_registry_entry_exit_two_with_a_message_and_write_nothing(string message, string kind, params string[] args)
    {
        using var site = Some.Site();
        var before = Registries(site);
        var (code, _, errors) = Some.Cli(["new", kind, "--input", site.Input, .. args]);
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", errors);
        Assert.Contains(message, errors);
        Assert.DoesNotContain("   at ", errors);
        Assert.Equal(before, Registries(site));
    }

    [Fact]
    public void Registry_entries_read_back_exactly_as_given_and_the_file_keeps_its_entries_order_and_comments()
    {
        using var site = Some.Site();
        var path = Path.Combine(site.Input, "data", "authors.yml");
        File.WriteAllText(path, "# The series' authors.\n" + File.ReadAllText(path) + "  # economy, for now");
        var before = File.ReadAllText(path);
        var values = new Dictionary<string, string>
        {
            ["name-ar"] = "نور: علي # الأول",
            ["name-en"] = "Nour \"the\" Ali: #1, {x} [y] & *z",
            ["role-en"] = "- lead | > 'fellow'",
            ["bio-ar"] = "---",
            ["bio-en"] = "`tick` %pc @at !tag yes: no",
        };
        string[] args = ["new", "author", "--input", site.Input, "nour-ali", "--unit", "Regional Studies Unit", .. values.SelectMany(v => new[] { "--" + v.Key, v.Value })];
        var (code, _, errors) = Some.Cli(args);
        Assert.True(code == 0, errors);

        var after = File.ReadAllText(path);
        Assert.StartsWith(before, after);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(after));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        Assert.Equal(["ilham-elnaggar", "omar-saleh", "sara-adel", "nour-ali"], root.Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        var entry = (YamlMappingNode)root["nour-ali"];
        foreach (var (option, value) in values)
        {
            var (field, lang) = (option[..option.IndexOf('-')], option[(option.IndexOf('-') + 1)..]);
            Assert.Equal(value, ((YamlScalarNode)((YamlMappingNode)entry[field])[lang]).Value);
        }

        Assert.Equal("regional", ((YamlScalarNode)entry["unit"]).Value);

        (code, _, errors) = Some.Cli("new", "category", "--input", site.Input, "media", "--name-en", "Media: #1 \"news\", {views}");
        Assert.True(code == 0, errors);
        (code, _, errors) = Some.Cli("new", "category", "--input", site.Input, "2024", "--name-ar", "null", "--name-en", "2024-10-15");
        Assert.True(code == 0, errors);
        var categories = new YamlStream();
        categories.Load(new StringReader(File.ReadAllText(Path.Combine(site.Input, "data", "categories.yml"))));
        var typed = (YamlMappingNode)((YamlMappingNode)categories.Documents[0].RootNode)["2024"];
        Assert.All(typed.Children.Values.Cast<YamlScalarNode>().Append((YamlScalarNode)((YamlMappingNode)categories.Documents[0].RootNode).Children.Keys.Last()), v => Assert.NotEqual(ScalarStyle.Plain, v.Style));
        site.Article("en", "m", Some.FrontMatter(author: "nour-ali", category: "media"));
        var result = site.Build();
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        var page = site.Page("en/articles/m/index.html");
        Assert.Equal(values["name-en"], page.QuerySelector(".authors a")!.TextContent);
        Assert.Equal("Media: #1 \"news\", {views}", page.QuerySelector(".categories a")!.TextContent);
        Assert.Equal("/en/units/regional/", page.QuerySelector(".article-meta dd a[href*='units']")!.GetAttribute("href"));
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
        Assert.Equal(["title", "date"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        // Only a draft may lack its author and category.
        Assert.Equal(["author", "category"], schema.GetProperty("else").GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        var authors = schema.GetProperty("properties").GetProperty("author").GetProperty("anyOf")[0].GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(["ilham-elnaggar", "إلهام النجار", "Ilham El-Naggar"], authors);
        Assert.Equal(ResearchSite.Content.FrontMatterParser.KnownFields.Order(), schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public void A_new_study_takes_its_number_and_key_points_and_its_translation_keeps_the_number()
    {
        using var site = Some.Site();
        var (code, _, errors) = Some.Cli("new", "article", "--input", site.Input, "--lang", "ar", "--author", "ilham-elnaggar", "--category", "reports", "--slug", "numbered",
            "--number", "12", "--key-point", "النقطة الأولى: \"مقتبسة\".", "--key-point", "الثانية.", "--key-point", "الثالثة.", "دراسة مرقمة");
        Assert.True(code == 0, errors);
        (code, _, errors) = Some.Cli("new", "article", "--input", site.Input, "--lang", "en", "--translation-of", "numbered", "A Numbered Study");
        Assert.True(code == 0, errors);

        var result = BuildPipeline.Run(new BuildOptions(site.Input, Some.Theme, site.Output, IncludeDrafts: true, null));
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        Assert.Empty(result.Diagnostics);
        var arabic = site.Page("ar/articles/numbered/index.html");
        Assert.Equal(["النقطة الأولى: \"مقتبسة\".", "الثانية.", "الثالثة."], arabic.QuerySelectorAll(".key-points li").Select(li => li.TextContent));
        Assert.Equal("العدد 12", arabic.QuerySelector(".article-number")!.TextContent);
        Assert.Equal("No. 12", site.Page("en/articles/numbered/index.html").QuerySelector(".article-number")!.TextContent);
        Assert.Null(site.Page("en/articles/numbered/index.html").QuerySelector(".key-points"));
    }

    [Fact]
    public void A_number_below_one_is_refused_and_nothing_is_written()
    {
        using var site = Some.Site();
        var (code, _, errors) = Some.Cli("new", "article", "--input", site.Input, "--lang", "ar", "--author", "ilham-elnaggar", "--category", "reports", "--slug", "zero", "--number", "0", "عنوان");
        Assert.Equal(2, code);
        Assert.Contains("--number 0", errors);
        Assert.False(File.Exists(Path.Combine(site.Input, "articles", "ar", "zero.md")));
    }
}
