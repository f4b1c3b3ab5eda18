using Microsoft.Playwright;
using ResearchSite.Build;

namespace ResearchSite.Tests.Browser;

/// <summary>A small bilingual site whose base_url is under a subpath (/research/), built with its index and served only there.</summary>
public sealed class SubpathSearchFixture : IAsyncLifetime
{
    public const string Prefix = "/research/";

    private IPlaywright? playwright;

    public FixtureSite Site { get; } = Some.Site();

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Every request the pages made that was not answered with a file, and what they said on the console.</summary>
    public System.Collections.Concurrent.ConcurrentBag<string> Problems { get; } = [];

    public async Task InitializeAsync()
    {
        Site.Article("ar", "coalition", Some.FrontMatter(title: "انسحاب التحالف الدولي من العراق", date: "2023-03-01"), "تتناول الورقة انسحابَ قوات التحالف الدولي وأثره على الأمن.\n")
            .Article("en", "coalition", Some.FrontMatter(title: "The coalition's withdrawal from Iraq", date: "2023-03-01"), "The paper studies the withdrawal of the coalition's forces.\n");
        var result = BuildPipeline.Run(new BuildOptions(Site.Input, Some.Theme, Site.Output, false, new Uri(BrowserFixture.Origin + Prefix)) { Search = true });
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        Assert.Equal("search: indexed 2 pages", result.SearchMessage);
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
        await BrowserFixture.ServeFrom(context, Site.Output, prefix: Prefix);
        var page = await context.NewPageAsync();
        page.Console += (_, message) => Problems.Add($"{message.Type}: {message.Text}");
        page.PageError += (_, error) => Problems.Add($"page error: {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                Problems.Add($"{response.Status}: {response.Url}");
            }
        };
        await page.GotoAsync(BrowserFixture.Origin + Prefix + path);
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
public class SearchSubpathTests(SubpathSearchFixture site) : IClassFixture<SubpathSearchFixture>
{
    [Theory]
    [InlineData("ar", "التحالف", "انسحاب التحالف الدولي من العراق")]
    [InlineData("en", "coalition", "The coalition's withdrawal from Iraq")]
    public async Task Under_a_subpath_the_search_page_loads_its_index_and_each_result_opens_its_study(string lang, string query, string title)
    {
        var page = await site.Open($"{lang}/search/");
        await page.Locator("#search-input").FillAsync(query);
        try
        {
            await page.WaitForFunctionAsync("q => document.querySelector('[data-search]').dataset.shown === q", query, new PageWaitForFunctionOptions { Timeout = 20_000 });
        }
        catch (TimeoutException e)
        {
            throw new InvalidOperationException(string.Join('\n', site.Problems), e);
        }

        var link = page.Locator(".search-result h2 a");
        Assert.Equal(1, await link.CountAsync());
        // The title and the excerpt come from the study's words published under the subpath too.
        Assert.Equal(title, await link.InnerTextAsync());
        Assert.Contains(await page.Locator(".search-result mark").AllInnerTextsAsync(), mark => mark.StartsWith(query, StringComparison.Ordinal));
        Assert.Equal($"{SubpathSearchFixture.Prefix}{lang}/articles/coalition/", new Uri(await link.EvaluateAsync<string>("a => a.href")).AbsolutePath);

        await Task.WhenAll(page.WaitForURLAsync($"**{SubpathSearchFixture.Prefix}{lang}/articles/coalition/"), link.ClickAsync());
        Assert.Equal(title, await page.Locator("main h1").First.InnerTextAsync());
        Assert.Empty(site.Problems);
    }
}
