using System.Text.Json;
using Microsoft.Playwright;
using ResearchSite.Build;

namespace ResearchSite.Tests.Browser;

/// <summary>
/// The default site (with Arabic-Indic digits) plus studies for the fixed queries: Latin names in an Arabic
/// study, Arabic terms in an English one, and four English studies that hold one word in one part each
/// (title, summary, body, notes), and 31 that share a word, built with its Pagefind index.
/// </summary>
public sealed class SearchFixture : IAsyncLifetime
{
    private IPlaywright? playwright;

    public FixtureSite Site { get; } = Some.Site();

    public IBrowser Browser { get; private set; } = null!;

    public BuildResult Result { get; private set; } = null!;

    /// <summary>What the pages said on the console, to explain a failure.</summary>
    public System.Collections.Concurrent.ConcurrentBag<string> Messages { get; } = [];

    public async Task InitializeAsync()
    {
        var input = Path.Combine(Some.RepoRoot, "input");
        foreach (var file in Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Site.Input, Path.GetRelativePath(input, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }

        var siteYml = Path.Combine(Site.Input, "site.yml");
        File.WriteAllText(siteYml, File.ReadAllText(siteYml).Replace("digits: latin", "digits: arabic-indic", StringComparison.Ordinal));
        const string Filler = "The ministry published its figures for the year, and the committee read them in the spring session. ";
        Site.Article("ar", "centcom", Some.FrontMatter(title: "القيادة المركزية الأمريكية في المنطقة", date: "2023-03-01"), "أعلنت القيادة المركزية الأمريكية (CENTCOM) أن تنظيم داعش (ISIS) ما زال يشكّل تهديداً، وفق بيان US-CENTCOM الأخير.\n")
            .Article("en", "hashd", Some.FrontMatter(title: "The Popular Mobilization Forces", date: "2023-03-02"), "The Popular Mobilization Forces (الحَشْد الشَّعْبِي) were formed in 2014; the word «الانسحاب» was used by the government (الحكومة).\n")
            .Article("en", "rank-title", Some.FrontMatter(title: "Zircon exports", date: "2021-01-01"), string.Concat(Enumerable.Repeat(Filler, 3)) + "\n")
            .Article("en", "rank-summary", Some.FrontMatter(title: "Mineral exports", date: "2021-01-02", extra: "summary: A note on zircon and sand.\n"), string.Concat(Enumerable.Repeat(Filler, 3)) + "\n")
            .Article("en", "rank-body", Some.FrontMatter(title: "Sand exports", date: "2021-01-03"), Filler + "Zircon was the largest item. " + Filler + Filler + "\n")
            .Article("en", "rank-notes", Some.FrontMatter(title: "Glass exports", date: "2021-01-04"), Filler + Filler + "Glass[^a] was the largest item. " + Filler + "\n\n[^a]: Zircon is used to make it.\n");
        Site.Article("ar", "energy-note", Some.FrontMatter(title: "أسواق الطاقة في الخليج", category: "reports", date: "2023-05-01"), "## مقدمة\n\nتتناول هذه الورقة أسواق النفط والغاز وتأثير التحالف الدولي عليها، وتتابعها الأحزاب الکردیة.\n")
            .Article("en", "markets", Some.FrontMatter(title: "Energy markets", category: "reports", date: "2022-02-01"), "## Intro\n\nOil and gas markets after the coalition.\n");
        // More studies with one word than the search page shows at once.
        for (var i = 1; i <= 31; i++)
        {
            Site.Article("en", $"batch-{i:00}", Some.FrontMatter(title: $"Field report {i}", date: $"2020-01-{i:00}"), $"Quartzite samples from the northern site, set {i}.\n");
        }

        Result = BuildPipeline.Run(new BuildOptions(Site.Input, Some.Theme, Site.Output, false, new Uri(BrowserFixture.Origin + "/")) { Search = true });
        Assert.True(Result.Succeeded, string.Join('\n', Result.Diagnostics));
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
    }

    public async Task<IPage> Open(string path)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await BrowserFixture.ServeFrom(context, Site.Output);
        var page = await context.NewPageAsync();
        page.Console += (_, message) => Messages.Add($"{message.Type}: {message.Text}");
        page.PageError += (_, error) => Messages.Add($"page error: {error}");
        await page.GotoAsync($"{BrowserFixture.Origin}/{path}");
        return page;
    }

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        playwright?.Dispose();
        Site.Dispose();
    }
}

[Trait("Speed", "Slow")]
public class SearchTests(SearchFixture search) : IClassFixture<SearchFixture>
{
    private const string Seed = "/ar/articles/coalition-withdrawal-iraq/";

    private async Task<IReadOnlyList<string>> Query(IPage page, string text)
    {
        await page.Locator("#search-input").FillAsync(text);
        try
        {
            await page.WaitForFunctionAsync("q => document.querySelector('[data-search]').dataset.shown === q", text);
        }
        catch (PlaywrightException e)
        {
            throw new InvalidOperationException(string.Join('\n', search.Messages), e);
        }

        return await page.Locator(".search-result h2 a").EvaluateAllAsync<string[]>("links => links.map(a => new URL(a.href).pathname)");
    }

    private const string Energy = "/ar/articles/energy-note/";
    private const string Centcom = "/ar/articles/centcom/";
    private const string Hashd = "/en/articles/hashd/";

    /// <summary>The words of a study's page as a reader reads them (without the notes' navigation: markers and back-links).</summary>
    private static async Task<HashSet<string>> PageWords(IPage page, string path)
    {
        await page.GotoAsync(BrowserFixture.Origin + path);
        var text = await page.EvaluateAsync<string>("() => { document.querySelectorAll('a[role=doc-noteref], a[role=doc-backlink]').forEach(a => a.remove()); return document.querySelector('main').innerText; }");
        return text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Runs a query and returns each result's path, excerpt words (without the ellipses) and marked words.</summary>
    private async Task<IReadOnlyList<(string Path, string[] Words, string[] Marks)>> Results(IPage page, string query)
    {
        await Query(page, query);
        var results = await page.Locator(".search-result").EvaluateAllAsync<JsonElement>(
            "items => items.map(i => ({ path: new URL(i.querySelector('h2 a').href).pathname, text: i.querySelector('.search-excerpt').innerText, marks: [...i.querySelectorAll('.search-excerpt mark')].map(m => m.innerText) }))");
        return results.EnumerateArray().Select(r => (
            r.GetProperty("path").GetString()!,
            r.GetProperty("text").GetString()!.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Where(w => w != "…").ToArray(),
            r.GetProperty("marks").EnumerateArray().Select(m => m.GetString()!).ToArray())).ToList();
    }

    /// <summary>The fixed queries, typed as readers type them, each with the studies it must find (and only those).</summary>
    private static readonly (string Lang, string Query, string[] Expected)[] FixedQueries =
    [
        ("ar", "التحالف", [Seed, Energy]),
        ("ar", "تحالف", [Seed, Energy]),
        ("ar", "التَّحالُف", [Seed, Energy]),
        ("ar", "والتحالف", [Seed, Energy]),
        ("ar", "التحـــالف", [Seed, Energy]),
        ("ar", "الأنسحاب", [Seed]),
        ("ar", "انسحاب", [Seed]),
        ("ar", "مخيم الهول", [Seed]),
        ("ar", "الطاقه", [Energy]),
        ("ar", "الكردية", [Seed, Energy]),
        ("ar", "الکردیة", [Seed, Energy]),
        ("ar", "CENTCOM", [Centcom]),
        ("ar", "centcom", [Centcom]),
        ("ar", "ISIS", [Centcom]),
        ("en", "الحشد الشعبي", [Hashd]),
        ("en", "حشد", [Hashd]),
        ("en", "الحَشْد", [Hashd]),
        ("en", "الإنسحاب", [Hashd]),
        ("en", "الحكومه", [Hashd]),
        ("en", "zircon", ["/en/articles/rank-title/", "/en/articles/rank-summary/", "/en/articles/rank-body/", "/en/articles/rank-notes/"]),
    ];

    [Theory]
    [InlineData("ar")]
    [InlineData("en")]
    public async Task Each_fixed_query_finds_its_studies_and_every_excerpt_is_the_study_as_written(string lang)
    {
        var page = await search.Open($"{lang}/search/");
        var study = await page.Context.NewPageAsync();
        var wordsOf = new Dictionary<string, HashSet<string>>();
        foreach (var (_, query, expected) in FixedQueries.Where(q => q.Lang == lang))
        {
            var results = await Results(page, query);
            Assert.True(expected.Order(StringComparer.Ordinal).SequenceEqual(results.Select(r => r.Path).Order(StringComparer.Ordinal)), $"'{query}' found {string.Join(", ", results.Select(r => r.Path))}");
            foreach (var (path, words, marks) in results)
            {
                if (!wordsOf.TryGetValue(path, out var pageWords))
                {
                    wordsOf[path] = pageWords = await PageWords(study, path);
                }

                Assert.True(words.Length > 0, $"'{query}': no excerpt for {path}");
                Assert.All(words, w => Assert.True(pageWords.Contains(w), $"'{query}', {path}: the excerpt's word '{w}' is not a word of the page"));
                Assert.True(marks.Length > 0, $"'{query}': nothing marked for {path}");
                Assert.All(marks, m => Assert.Contains(m, words));
            }
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_excerpt_keeps_the_articles_hamza_and_ta_marbuta_the_study_writes()
    {
        var page = await search.Open("ar/search/");
        var result = Assert.Single(await Results(page, "القياده المركزيه الامريكيه"), r => r.Path == Centcom);
        Assert.Contains("الأمريكية", result.Marks);
        Assert.Contains("المركزية", result.Marks);
        Assert.DoesNotContain(result.Words, w => w is "امريكيه" or "مركزيه" or "قياده");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_hit_in_the_title_ranks_above_the_summary_the_summary_above_the_body_and_the_body_above_the_notes()
    {
        var page = await search.Open("en/search/");
        var results = await Query(page, "zircon");
        Assert.Equal(["/en/articles/rank-title/", "/en/articles/rank-summary/", "/en/articles/rank-body/", "/en/articles/rank-notes/"], results);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("ar")]
    [InlineData("en")]
    public async Task A_study_whose_title_is_the_query_comes_first(string lang)
    {
        (string Lang, string Query, string Expected)[] titles =
        [
            ("ar", "أسواق الطاقة في الخليج", Energy),
            ("ar", "القيادة المركزية الأمريكية في المنطقة", Centcom),
            ("en", "The Popular Mobilization Forces", Hashd),
            ("en", "Sand exports", "/en/articles/rank-body/"),
        ];
        var page = await search.Open($"{lang}/search/");
        foreach (var (_, query, expected) in titles.Where(t => t.Lang == lang))
        {
            Assert.Equal(expected, (await Query(page, query))[0]);
        }

        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("ar")]
    [InlineData("en")]
    public async Task The_result_count_is_in_the_page_language_plurals_and_digits(string lang)
    {
        (string Lang, string Query, string Expected)[] counts =
        [
            ("ar", "CENTCOM", "نتيجة واحدة"),
            ("ar", "التحالف", "نتيجتان"),
            ("ar", "في", "٣ نتائج"),
            ("en", "الحشد", "1 result"),
            ("en", "Mobilization", "2 results"),
            ("en", "zircon", "4 results"),
        ];
        var page = await search.Open($"{lang}/search/");
        foreach (var (_, query, expected) in counts.Where(c => c.Lang == lang))
        {
            await Query(page, query);
            Assert.Equal(expected, await page.Locator(".search-status").TextContentAsync());
        }

        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("ar", "[٠-٩]+", "[0-9]")]
    [InlineData("en", "[0-9]+", "[٠-٩]")]
    public async Task Filter_chip_counts_use_the_digits_of_the_page(string lang, string digits, string foreign)
    {
        var page = await search.Open($"{lang}/search/");
        await Assertions.Expect(page.Locator("button.chip").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var chips = await page.Locator("button.chip").AllTextContentsAsync();
        Assert.NotEmpty(chips);
        Assert.All(chips, c => Assert.Matches($@"\(({digits})\)$", c));
        Assert.All(chips, c => Assert.DoesNotMatch(foreign, c));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_page_normalizes_the_query_by_the_rules_the_index_was_normalized_by()
    {
        string[] words = ["التَّحالُف", "والتحالف", "«الإنسحاب»", "التحـــالف", "القوى", "للقوات", "الحكومة", "مسؤولية", "هيئة", "آلاف", "ٱلله", "الى", "ال2024", "CENTCOM", "(الأمم", "بالانسحاب،"];
        var page = await search.Open("ar/search/");
        var normalized = await page.EvaluateAsync<string[]>(
            "async words => { const m = await import(document.querySelector('script[type=module][src*=search]').src); return words.map(m.normalize); }", words);
        Assert.Equal(words.Select(ResearchSite.Search.SearchNormalizer.Word), normalized);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("ar", "التحالف", "\u200Fالتحالف\u200E")]
    [InlineData("ar", "الانسحاب", "الانس\u00ADحاب")]
    [InlineData("ar", "تحالف", "تحا\u200Cلف")]
    [InlineData("en", "الحشد الشعبي", "الحشد\u00A0الشعبي")]
    [InlineData("en", "zircon exports", "zircon\texports")]
    public async Task A_query_pasted_with_bidi_marks_invisible_characters_or_other_spaces_finds_and_marks_what_the_typed_query_does(string lang, string typed, string pasted)
    {
        var page = await search.Open($"{lang}/search/");
        var expected = await Results(page, typed);
        var found = await Results(page, pasted);

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(r => (r.Path, string.Join(' ', r.Marks))), found.Select(r => (r.Path, string.Join(' ', r.Marks))));
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("en", "zircon", "/en/articles/rank-summary/")]
    [InlineData("ar", "التحالف", Seed)]
    public async Task An_excerpt_with_hits_past_the_title_does_not_repeat_the_title(string lang, string query, string path)
    {
        var page = await search.Open($"{lang}/search/");
        await Query(page, query);
        var result = page.Locator(".search-result").Filter(new() { Has = page.Locator($"h2 a[href='{path}']") });
        var title = await result.Locator("h2 a").InnerTextAsync();
        var excerpt = (await result.Locator(".search-excerpt").InnerTextAsync()).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

        Assert.NotEmpty(await result.Locator(".search-excerpt mark").AllInnerTextsAsync());
        Assert.DoesNotContain(string.Join(' ', excerpt.Where(w => w != "…").Take(2)), title, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("ar")]
    [InlineData("en")]
    public async Task Without_javascript_the_search_page_says_search_needs_it(string lang)
    {
        var context = await search.Browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false });
        await BrowserFixture.ServeFrom(context, search.Site.Output);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{BrowserFixture.Origin}/{lang}/search/");
        var strings = new YamlDotNet.Serialization.Deserializer().Deserialize<Dictionary<string, Dictionary<string, object>>>(File.ReadAllText(Path.Combine(Some.Theme, "strings.yml")));

        // What is rendered (innerText): the message must show, not only sit in the markup.
        Assert.Contains((string)strings[lang]["search_needs_script"], await page.Locator(".search").InnerTextAsync(), StringComparison.Ordinal);
        await context.CloseAsync();
    }

    [Fact]
    public async Task Results_past_the_first_thirty_are_reached_with_the_more_button_which_moves_focus_to_them()
    {
        var page = await search.Open("en/search/");
        await Query(page, "quartzite");
        var more = page.Locator(".search-more");

        Assert.Equal("31 results", await page.Locator(".search-status").TextContentAsync());
        Assert.Equal(30, await page.Locator(".search-result").CountAsync());
        await more.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".search-result")).ToHaveCountAsync(31);
        await Assertions.Expect(more).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".search-result").Nth(30).Locator("h2 a")).ToBeFocusedAsync();

        // A new query starts again from its first results.
        await Query(page, "zircon");
        await Assertions.Expect(more).ToBeHiddenAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public void The_build_reports_the_index()
    {
        Assert.Equal("search: indexed 41 pages", search.Result.SearchMessage);
    }

    [Fact]
    public async Task Every_arabic_spelling_finds_the_seed_study_first()
    {
        var page = await search.Open("ar/search/");
        foreach (var query in new[] { "التحالف", "التَّحالُف", "تحالف", "الانسحاب", "الإنسحاب", "الأنسحاب", "القوي", "الحكومه", "السوداني", "مخيم الهول" })
        {
            var results = await Query(page, query);
            Assert.True(results.Count > 0 && results[0] == Seed, $"'{query}' found {string.Join(", ", results)}");
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_english_query_on_the_english_page_finds_the_translation()
    {
        var page = await search.Open("en/search/");
        var results = await Query(page, "withdrawal coalition");
        Assert.Equal("/en/articles/coalition-withdrawal-iraq/", results[0]);
        Assert.All(results, r => Assert.StartsWith("/en/", r));
        await BrowserFixture.Screenshot(page, "search-en-1280");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_filter_narrows_the_results()
    {
        var page = await search.Open("ar/search/");
        var all = await Query(page, "التحالف");
        Assert.Equal(2, all.Count);
        await page.Locator("button.chip[data-group=category][data-value='الدراسات الأمنية والإرهاب']").ClickAsync();
        await page.WaitForTimeoutAsync(600);
        var narrowed = await page.Locator(".search-result h2 a").EvaluateAllAsync<string[]>("links => links.map(a => new URL(a.href).pathname)");
        Assert.Equal([Seed], narrowed);
        Assert.Equal("true", await page.Locator("button.chip[aria-pressed=true]").GetAttributeAsync("aria-pressed"));
        Assert.NotNull(await page.Locator(".search-excerpt mark").First.TextContentAsync());
        await BrowserFixture.Screenshot(page, "search-ar-1280");
        await page.Context.CloseAsync();
    }

    [Fact]
    public void Each_language_has_its_own_index_with_only_its_own_pages()
    {
        var entry = JsonDocument.Parse(File.ReadAllText(search.Site.OutputFile("pagefind/pagefind-entry.json"))).RootElement;
        var languages = entry.GetProperty("languages").EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetProperty("page_count").GetInt32());
        Assert.Equal(3, languages["ar"]);
        Assert.Equal(38, languages["en"]);
    }

    [Fact]
    public async Task The_search_page_is_linked_from_every_page_and_is_right_to_left_in_arabic()
    {
        var page = await search.Open("ar/articles/coalition-withdrawal-iraq/");
        await page.Locator(".site-nav a[href='/ar/search/']").ClickAsync();
        await Assertions.Expect(page.Locator("#search-input")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        Assert.Equal("rtl", await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.search')).direction"));
        await page.Context.CloseAsync();
    }
}

public class SearchNormalizerTests
{
    [Theory]
    [InlineData("التَّحالُف", "تحالف")]
    [InlineData("الإنسحاب", "انسحاب")]
    [InlineData("الأنسحاب", "انسحاب")]
    [InlineData("القوى", "قوي")]
    [InlineData("الحكومة", "حكومه")]
    [InlineData("والتحالف بالانسحاب للقوات", "تحالف انسحاب قوات")]
    [InlineData("Coalition", "Coalition")]
    [InlineData("«التحالف»", "«تحالف»")]
    [InlineData("(الانسحاب،", "(انسحاب،")]
    [InlineData("“التحالف الدولي”", "“تحالف دولي”")]
    [InlineData("الأحزاب الکردیة", "احزاب كرديه")]
    public void Arabic_spellings_meet_in_one_form(string text, string expected) =>
        Assert.Equal(expected, ResearchSite.Search.SearchNormalizer.Normalize(text));
}
