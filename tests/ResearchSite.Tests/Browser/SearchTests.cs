using System.Text.Json;
using Microsoft.Playwright;
using ResearchSite.Build;

namespace ResearchSite.Tests.Browser;

/// <summary>The default site plus two more studies, built with its Pagefind index.</summary>
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

        Site.Article("ar", "energy-note", Some.FrontMatter(title: "أسواق الطاقة في الخليج", category: "reports", date: "2023-05-01"), "## مقدمة\n\nتتناول هذه الورقة أسواق النفط والغاز وتأثير التحالف الدولي عليها.\n")
            .Article("en", "markets", Some.FrontMatter(title: "Energy markets", category: "reports", date: "2022-02-01"), "## Intro\n\nOil and gas markets after the coalition.\n");
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
            await Assertions.Expect(page.Locator(".search-status")).Not.ToBeEmptyAsync();
        }
        catch (PlaywrightException e)
        {
            throw new InvalidOperationException(string.Join('\n', search.Messages), e);
        }

        await page.WaitForTimeoutAsync(300);
        return await page.Locator(".search-result h2 a").EvaluateAllAsync<string[]>("links => links.map(a => new URL(a.href).pathname)");
    }

    [Fact]
    public void The_build_reports_the_index()
    {
        Assert.Equal("search: indexed 4 pages", search.Result.SearchMessage);
    }

    [Theory]
    [InlineData("التحالف")]
    [InlineData("التَّحالُف")]
    [InlineData("تحالف")]
    [InlineData("الانسحاب")]
    [InlineData("الإنسحاب")]
    [InlineData("الأنسحاب")]
    [InlineData("القوي")]
    [InlineData("الحكومه")]
    [InlineData("السوداني")]
    [InlineData("مخيم الهول")]
    public async Task Every_arabic_spelling_finds_the_seed_study_first(string query)
    {
        var page = await search.Open("ar/search/");
        var results = await Query(page, query);
        Assert.NotEmpty(results);
        Assert.Equal(Seed, results[0]);
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
        Assert.Equal(2, languages["ar"]);
        Assert.Equal(2, languages["en"]);
    }

    [Fact]
    public async Task The_search_page_is_linked_from_every_page_and_is_right_to_left_in_arabic()
    {
        var page = await search.Open("ar/articles/coalition-withdrawal-iraq/");
        await page.Locator(".site-nav a[href='/ar/search/']").ClickAsync();
        await Assertions.Expect(page.Locator("#search-input")).ToBeVisibleAsync();
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
    public void Arabic_spellings_meet_in_one_form(string text, string expected) =>
        Assert.Equal(expected, ResearchSite.Search.SearchNormalizer.Normalize(text));
}
