using AngleSharp.Dom;

namespace ResearchSite.Tests.Text;

/// <summary>
/// A site gains a language through its files alone: site.yml's languages, a section of strings.yml and a
/// folder articles/&lt;code&gt;/. Nothing here touches the code.
/// </summary>
public sealed class ThirdLanguageTests : IDisposable
{
    private const string Base = "https://research.example.org/";

    private readonly FixtureSite site;

    public ThirdLanguageTests()
    {
        site = Some.Site()
            .File("site.yml", "title: { ar: سلسلة الاختبار, en: Test Series, fr: Série d'essai }\nbase_url: https://research.example.org/\ndefault_language: ar\nlanguages: [ar, en, fr]\npage_size: 10\n")
            // 'reports' has no French name: French pages show the default language's (Arabic) one.
            .File("data/categories.yml", "security-terrorism: { ar: الدراسات الأمنية والإرهاب, en: Security and Terrorism Studies, fr: Études de sécurité }\nreports: { ar: تقارير وملفات, en: Reports and Dossiers }\n")
            .Article("ar", "shared", Some.FrontMatter(title: "دراسة مشتركة", category: "[security-terrorism, reports]"))
            .Article("en", "shared", Some.FrontMatter(title: "A shared study", category: "[security-terrorism, reports]"), "## Intro\n\nText.\n")
            .Article("fr", "shared", Some.FrontMatter(title: "Une étude partagée", category: "[security-terrorism, reports]"), "## Introduction\n\nTexte.\n")
            .Article("ar", "arabic-only", Some.FrontMatter(title: "دراسة عربية", date: "2024-09-01"))
            .Article("fr", "french-only", Some.FrontMatter(title: "Une étude française", date: "2024-08-01"), "## Introduction\n\nTexte.\n");

        var theme = CopyTheme(site, strings => WithSection(strings, "fr", "Français", "ltr", "fr-FR", ("اقرأ بالفرنسية", "بالفرنسية"), ("Read in French", "In French"), ("Lire en arabe", "En arabe"), ("Lire en anglais", "En anglais")));
        var result = site.Build(theme);
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
    }

    public void Dispose() => site.Dispose();

    /// <summary>The real theme, copied beside the site, with its strings.yml edited.</summary>
    private static string CopyTheme(FixtureSite site, Func<string, string> edit)
    {
        var theme = site.CopyOfTheme();

        var path = Path.Combine(theme, "strings.yml");
        File.WriteAllText(path, edit(File.ReadAllText(path)));
        return theme;
    }

    /// <summary>
    /// strings.yml with a new language: the words naming it in the Arabic and English sections, and a
    /// section of its own (the English words, its 'language:' block and its words naming Arabic and English).
    /// </summary>
    private static string WithSection(string strings, string code, string name, string dir, string culture, (string ReadIn, string In) inArabic, (string ReadIn, string In) inEnglish, (string ReadIn, string In) arabic, (string ReadIn, string In) english)
    {
        strings = strings
            .Replace("  read_in:\n    en: اقرأ بالإنجليزية\n", $"  read_in:\n    en: اقرأ بالإنجليزية\n    {code}: {inArabic.ReadIn}\n", StringComparison.Ordinal)
            .Replace("  in_language:\n    en: بالإنجليزية\n", $"  in_language:\n    en: بالإنجليزية\n    {code}: {inArabic.In}\n", StringComparison.Ordinal)
            .Replace("  read_in:\n    ar: Read in Arabic\n", $"  read_in:\n    ar: Read in Arabic\n    {code}: {inEnglish.ReadIn}\n", StringComparison.Ordinal)
            .Replace("  in_language:\n    ar: In Arabic\n", $"  in_language:\n    ar: In Arabic\n    {code}: {inEnglish.In}\n", StringComparison.Ordinal);
        Assert.Equal(4, strings.Split($"\n    {code}: ").Length - 1);
        var section = strings[strings.IndexOf("\nen:", StringComparison.Ordinal)..]
            .Replace("\nen:", $"\n{code}:", StringComparison.Ordinal)
            .Replace("    name: English\n    dir: ltr\n    culture: en-GB\n", $"    name: {name}\n    dir: {dir}\n    culture: {culture}\n", StringComparison.Ordinal)
            .Replace($"    ar: Read in Arabic\n    {code}: {inEnglish.ReadIn}\n", $"    ar: {arabic.ReadIn}\n    en: {english.ReadIn}\n", StringComparison.Ordinal)
            .Replace($"    ar: In Arabic\n    {code}: {inEnglish.In}\n", $"    ar: {arabic.In}\n    en: {english.In}\n", StringComparison.Ordinal);
        return strings.TrimEnd('\n') + section.TrimEnd('\n') + "\n";
    }

    [Fact]
    public void A_right_to_left_language_gets_right_to_left_pages_with_latin_runs_isolated()
    {
        using var persian = Some.Site()
            .File("site.yml", "title: { ar: سلسلة, en: Series, fa: مجموعه }\nbase_url: https://research.example.org/\nlanguages: [ar, en, fa]\n")
            .Article("fa", "study", Some.FrontMatter(title: "مطالعه"), "## مقدمه\n\nگزارش CENTCOM درباره عراق.\n");
        var theme = CopyTheme(persian, strings => WithSection(strings, "fa", "فارسی", "rtl", "fa-IR", ("اقرأ بالفارسية", "بالفارسية"), ("Read in Persian", "In Persian"), ("خواندن به عربی", "به عربی"), ("خواندن به انگلیسی", "به انگلیسی")));
        var result = persian.Build(theme);
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));

        var page = persian.Page("fa/articles/study/index.html");
        Assert.Equal(("fa", "rtl"), (page.DocumentElement.GetAttribute("lang"), page.DocumentElement.GetAttribute("dir")));
        var run = Assert.Single(page.QuerySelectorAll("main span[dir]"), s => s.TextContent.Contains("CENTCOM", StringComparison.Ordinal));
        Assert.Equal(("CENTCOM", "en", "ltr"), (run.TextContent, run.GetAttribute("lang"), run.GetAttribute("dir")));

        // fa-IR's own calendar is the Persian one: dates stay Gregorian.
        Assert.EndsWith("2024", page.QuerySelector("dl time")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_language_another_section_has_no_words_for_is_an_error_in_strings_yml()
    {
        using var broken = Some.Site()
            .File("site.yml", "title: { ar: سلسلة, en: Series, fr: Série }\nbase_url: https://research.example.org/\nlanguages: [ar, en, fr]\n")
            .Article("fr", "a", Some.FrontMatter(title: "A"));
        var theme = CopyTheme(broken, strings => WithSection(strings, "fr", "Français", "ltr", "fr-FR", ("اقرأ بالفرنسية", "بالفرنسية"), ("Read in French", "In French"), ("Lire en arabe", "En arabe"), ("Lire en anglais", "En anglais"))
            .Replace("    fr: بالفرنسية\n", string.Empty, StringComparison.Ordinal));
        var result = broken.Build(theme);
        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal("strings.yml", Path.GetFileName(error.File));
        Assert.Contains("no 'in_language' for 'fr' under 'ar:'", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(broken.Output));
    }

    private static string Article(string language, string slug) => $"{language}/articles/{slug}/";

    private IDocument Page(string path) => site.Page(path + "index.html");

    [Theory]
    [InlineData("ar")]
    [InlineData("en")]
    [InlineData("fr")]
    public void Every_version_of_a_study_lists_every_version_as_an_alternate_and_links_the_others(string language)
    {
        var page = Page(Article(language, "shared"));
        Assert.Equal(language, page.DocumentElement.GetAttribute("lang"));

        var alternates = page.QuerySelectorAll("link[rel=alternate][hreflang]").ToDictionary(l => l.GetAttribute("hreflang")!, l => l.GetAttribute("href"));
        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["ar"] = Base + Article("ar", "shared"),
                ["en"] = Base + Article("en", "shared"),
                ["fr"] = Base + Article("fr", "shared"),
                ["x-default"] = Base + Article("ar", "shared"),
            },
            alternates);

        var others = new[] { "ar", "en", "fr" }.Where(l => l != language).ToList();
        var switches = page.QuerySelectorAll("a.language-switch").Select(a => (a.GetAttribute("hreflang"), a.GetAttribute("href"))).ToList();
        Assert.Equal(others.Select(l => ((string?)l, (string?)("/" + Article(l, "shared")))), switches);

        var translations = page.QuerySelectorAll(".translation-link a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(others.Select(l => (string?)("/" + Article(l, "shared"))), translations);
    }

    [Fact]
    public void The_switcher_and_translation_links_use_the_words_of_the_strings_file()
    {
        var french = Page(Article("fr", "shared"));
        Assert.Equal(["العربية", "English"], french.QuerySelectorAll("a.language-switch").Select(a => a.TextContent.Trim()));
        Assert.Equal(["Lire en arabe", "Lire en anglais"], french.QuerySelectorAll(".translation-link").Select(p => p.TextContent.Split(':')[0].Trim()));

        var arabic = Page(Article("ar", "shared"));
        Assert.Equal(["English", "Français"], arabic.QuerySelectorAll("a.language-switch").Select(a => a.TextContent.Trim()));
        Assert.Equal(["اقرأ بالإنجليزية", "اقرأ بالفرنسية"], arabic.QuerySelectorAll(".translation-link").Select(p => p.TextContent.Split(':')[0].Trim()));
    }

    [Theory]
    [InlineData("ar", "arabic-only", null, "french-only", "بالفرنسية")]
    [InlineData("en", "arabic-only", "In Arabic", "french-only", "In French")]
    [InlineData("fr", "arabic-only", "En arabe", "french-only", null)]
    public void Each_languages_table_of_contents_lists_every_study_marking_the_others_with_their_language(string language, string arabicOnly, string? arabicNote, string frenchOnly, string? frenchNote)
    {
        var items = Page(language + "/").QuerySelectorAll("li.study")
            .ToDictionary(
                li => li.QuerySelector(".study-title a")!.GetAttribute("href")!,
                li => li.QuerySelector(".other-language")?.TextContent.Trim());
        Assert.Equal(3, items.Count);
        Assert.Null(items["/" + Article(language, "shared")]);
        Assert.Equal(arabicNote, items["/" + Article("ar", arabicOnly)]);
        Assert.Equal(frenchNote, items["/" + Article("fr", frenchOnly)]);
    }

    [Fact]
    public void A_registry_name_missing_in_french_falls_back_to_the_default_language()
    {
        var categories = Page(Article("fr", "shared")).QuerySelectorAll("ul.categories a").ToList();
        Assert.Equal(2, categories.Count);
        Assert.Equal(("Études de sécurité", null), (categories[0].TextContent, categories[0].GetAttribute("lang")));
        Assert.Equal(("تقارير وملفات", "ar", "rtl"), (categories[1].TextContent, categories[1].GetAttribute("lang"), categories[1].GetAttribute("dir")));
    }

    [Fact]
    public void French_pages_are_left_to_right_and_dated_in_the_french_culture()
    {
        var page = Page(Article("fr", "shared"));
        Assert.Equal("ltr", page.DocumentElement.GetAttribute("dir"));
        Assert.Equal("15 octobre 2024", page.QuerySelector("dl time")!.TextContent);
        Assert.Equal("fr_FR", page.QuerySelector("meta[property='og:locale']")!.GetAttribute("content"));
        Assert.Contains("language = {french}", File.ReadAllText(site.OutputFile(Article("fr", "shared") + "cite.bib")), StringComparison.Ordinal);
    }
}
