using Microsoft.Playwright;

namespace ResearchSite.Tests.Browser;

/// <summary>
/// One Debian Chromium per test class (never a downloaded browser), and the default site built once.
/// Pages are served to the browser by Playwright's request routing straight from output/, so no
/// server or port is needed.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Origin = "http://research.test";

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public FixtureSite Site { get; } = Some.Site();

    public string Output => Site.Output;

    public static string ScreenshotFolder { get; } = Path.Combine(Some.RepoRoot, "test-results", "screenshots");

    public async Task InitializeAsync()
    {
        var result = ResearchSite.Build.BuildPipeline.Run(new(Path.Combine(Some.RepoRoot, "input"), Some.Theme, Output, false, new Uri(Origin + "/")));
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    public async Task<IPage> Open(string path, int width = 1280, int height = 900, bool touch = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            HasTouch = touch,
            IsMobile = touch,
        });
        await ServeFrom(context, Output);
        var page = await context.NewPageAsync();
        await page.GotoAsync(Origin + "/" + path);
        await page.EvaluateAsync("() => document.fonts.ready");
        return page;
    }

    /// <summary>
    /// Answers the context's requests to <see cref="Origin"/> from a built site on disk, as a host serving it under
    /// <paramref name="prefix"/> does (a path outside it is not found); <paramref name="seen"/> hears of each file served.
    /// </summary>
    public static Task ServeFrom(IBrowserContext context, string output, Action<string>? seen = null, string prefix = "/") =>
        context.RouteAsync(Origin + "/**", async route =>
        {
            var path = Uri.UnescapeDataString(new Uri(route.Request.Url).AbsolutePath);
            var local = path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..] : null;
            var file = local is null ? string.Empty : Path.Combine(output, local);
            if (local is not null && Directory.Exists(file))
            {
                file = Path.Combine(file, "index.html");
            }

            if (local is not null && File.Exists(file))
            {
                seen?.Invoke(file);
                await route.FulfillAsync(new RouteFulfillOptions { Path = file });
            }
            else
            {
                await route.FulfillAsync(new RouteFulfillOptions { Status = 404, Path = Path.Combine(output, "404.html") });
            }
        });

    public static async Task Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = false });
    }

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        playwright?.Dispose();
        Site.Dispose();
    }
}
