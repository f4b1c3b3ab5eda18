using System.Diagnostics;
using System.Text.Json;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using NetVips;
using ResearchSite.Images;
using ResearchSite.Tests.Markdown.Figures;

namespace ResearchSite.Tests.Browser;

/// <summary>A study with figures in both languages, built once and opened in Debian's Chromium.</summary>
public sealed class FigureSiteFixture : IAsyncLifetime
{
    private IPlaywright? playwright;

    public FixtureSite Site { get; } = FigureTests.Study()
        .Article("en", "study", Some.FrontMatter(title: "An Illustrated Study of the Border"), """
            ## Introduction

            ![A field photo of a border crossing](../../assets/figures/photo.jpg "The crossing in 2024")

            Text with a pin ![pin](../../assets/icons/pin.png) inside the sentence.

            ![A bar chart of oil revenue](/files/figures/chart.png "Oil revenue, 2020–2024")

            ![An organisation chart](../../assets/figures/diagram.svg)
            """);

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var result = ResearchSite.Build.BuildPipeline.Run(new(Site.Input, Some.Theme, Site.Output, false, new Uri(BrowserFixture.Origin + "/")));
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--font-render-hinting=none"],
        });
    }

    public async Task<IPage> Open(string path, int width, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        await BrowserFixture.ServeFrom(context, Site.Output);

        // As the host sends it (Playwright guesses no type for .svg, and a browser shows no SVG without one).
        await context.RouteAsync(BrowserFixture.Origin + "/**/*.svg", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Path = Path.Combine(Site.Output, Uri.UnescapeDataString(new Uri(route.Request.Url).AbsolutePath).TrimStart('/')),
            ContentType = "image/svg+xml",
        }));
        var page = await context.NewPageAsync();
        await page.GotoAsync(BrowserFixture.Origin + "/" + path);
        await page.EvaluateAsync("() => document.fonts.ready");
        return page;
    }

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        playwright?.Dispose();
        Site.Dispose();
    }
}

/// <summary>Figures on a phone and a desk in both languages, the social cards as they look, and the card's Arabic against Chromium's.</summary>
[Trait("Speed", "Slow")]
public class FigureBrowserTests(FigureSiteFixture fixture) : IClassFixture<FigureSiteFixture>
{
    [Theory]
    [InlineData("ar", 390, 480)]
    [InlineData("ar", 1280, 800)]
    [InlineData("en", 390, 480)]
    [InlineData("en", 1280, 800)]
    public async Task The_browser_picks_a_variant_that_fits_the_screen_and_nothing_overflows(string lang, int width, int expected)
    {
        var page = await fixture.Open($"{lang}/articles/study/", width);

        // Lazy figures load as they come into view: scroll to each, then wait for every image.
        await page.EvaluateAsync("async () => { for (const f of document.querySelectorAll('figure')) { f.scrollIntoView(); await new Promise(r => setTimeout(r, 50)); } await Promise.all([...document.images].map(i => i.decode().catch(() => {}))); window.scrollTo(0, 0); }");
        var images = await page.EvaluateAsync<JsonElement>("() => [...document.querySelectorAll('figure img')].map(i => ({ src: i.currentSrc, natural: i.naturalWidth, shown: i.getBoundingClientRect().width }))");
        var photo = images[0];
        Assert.EndsWith($"/{lang}/articles/study/figure-1-{expected}.webp", photo.GetProperty("src").GetString(), StringComparison.Ordinal);
        foreach (var image in images.EnumerateArray())
        {
            Assert.True(image.GetProperty("natural").GetInt32() > 0, $"{image.GetProperty("src").GetString()} did not load");
            Assert.True(image.GetProperty("shown").GetDouble() <= width, $"{image.GetProperty("src").GetString()} is wider than the screen");
        }

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"the page scrolls horizontally by {overflow}px at {width}px");
        await page.Locator("#figure-2").ScrollIntoViewIfNeededAsync();
        await BrowserFixture.Screenshot(page, $"figures-{lang}-{width}");

        var axe = await page.RunAxe();
        Assert.True(axe.Violations.Length == 0, string.Join('\n', axe.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Take(3).Select(n => string.Join(' ', n.Target)))})")));
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// The figure's <c>sizes</c> says how wide the theme shows it, at every width: the browser picks a file by it
    /// before it has the stylesheet, so a size larger than the column fetches more bytes than the page shows.
    /// </summary>
    [Theory]
    [InlineData("ar", 390)]
    [InlineData("ar", 800)]
    [InlineData("ar", 1280)]
    [InlineData("en", 390)]
    [InlineData("en", 800)]
    [InlineData("en", 1280)]
    public async Task The_sizes_attribute_says_how_wide_the_theme_shows_a_figure(string lang, int width)
    {
        var page = await fixture.Open($"{lang}/articles/study/", width);
        var (said, shown) = await page.EvaluateAsync<double[]>("""
            () => {
                const img = document.querySelector('#figure-1 img');
                let length = null;
                for (const entry of img.getAttribute('sizes').split(', ')) {
                    const m = entry.match(/^(\(.*\))\s+(.+)$/);
                    if (!m) { length = entry; break; }
                    if (matchMedia(m[1]).matches) { length = m[2]; break; }
                }
                const probe = document.createElement('div');
                probe.style.position = 'absolute';
                probe.style.width = length;
                document.body.appendChild(probe);
                const said = probe.getBoundingClientRect().width;
                probe.remove();
                return [said, img.getBoundingClientRect().width];
            }
            """) is var both ? (both[0], both[1]) : default;
        Assert.True(Math.Abs(said - shown) <= 1, $"at {width}px sizes says {said}px, the figure is shown {shown}px wide");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("ar")]
    [InlineData("en")]
    public async Task The_social_card_of_each_version_is_saved_as_a_screenshot(string lang)
    {
        var page = await fixture.Open($"{lang}/articles/study/", 1200, 630);
        var card = await page.Locator("meta[property='og:image']").GetAttributeAsync("content");
        Assert.Equal($"{BrowserFixture.Origin}/{lang}/articles/study/card.png", card);
        var response = await page.GotoAsync(card!);
        Assert.Equal(("image/png", 200), (response!.Headers["content-type"], response.Status));
        var size = await page.EvaluateAsync<int[]>("() => [document.images[0].naturalWidth, document.images[0].naturalHeight]");
        Assert.Equal([SocialCard.Width, SocialCard.Height], size);
        Directory.CreateDirectory(BrowserFixture.ScreenshotFolder);
        File.Copy(fixture.Site.OutputFile($"{lang}/articles/study/card.png"), Path.Combine(BrowserFixture.ScreenshotFolder, $"social-card-{lang}.png"), overwrite: true);
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// The card's Arabic is shaped as Chromium shapes it (HarfBuzz in both): the same words in the same font at
    /// the same size cover the same pixels, joined and right to left. The letters set apart (a zero-width
    /// non-joiner between each, as a renderer without shaping would draw them) do not: the comparison can tell.
    /// </summary>
    [Fact]
    public async Task The_card_shapes_arabic_as_chromium_does()
    {
        const string Words = "انسحاب التحالف الدولي من العراق";
        const int Size = 48;
        var font = Path.Combine(Some.Theme, "fonts", "NotoNaskhArabic-Bold.ttf");
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 300 } });
        await context.RouteAsync("http://shaping.test/**", route => route.Request.Url.EndsWith(".ttf", StringComparison.Ordinal)
            ? route.FulfillAsync(new RouteFulfillOptions { Path = font, ContentType = "font/ttf" })
            : route.FulfillAsync(new RouteFulfillOptions
            {
                ContentType = "text/html; charset=utf-8",
                Body = $"<!DOCTYPE html><html lang=ar dir=rtl><meta charset=utf-8><style>@font-face{{font-family:T;src:url(f.ttf);font-display:block}}body{{margin:0;background:#fff}}span{{font:{Size}px/1.6 T;color:#000;padding:20px;display:inline-block;white-space:nowrap}}</style><span>{Words}</span>",
            }));
        var page = await context.NewPageAsync();
        await page.GotoAsync("http://shaping.test/");
        // fonts.ready can resolve before the face is even asked for; a screenshot then shows a fallback font
        // (this failed CI once on a busy machine). Load the face by name and check it is the one in use.
        var loaded = await page.EvaluateAsync<bool>($"async () => {{ try {{ await document.fonts.load('{Size}px T', '{Words}'); }} catch {{ return false; }} await document.fonts.ready; return document.fonts.check('{Size}px T', '{Words}') && [...document.fonts].some(f => f.family === 'T' && f.status === 'loaded'); }}");
        Assert.True(loaded, "Chromium did not load the theme's Naskh font for the reference");
        var chromium = await page.Locator("span").ScreenshotAsync();
        await context.CloseAsync();

        var ours = SocialCard.Sample(Words, Size, Some.Theme);
        var unshaped = SocialCard.Sample(string.Join('\u200C', Words.ToCharArray()), Size, Some.Theme);
        Directory.CreateDirectory(BrowserFixture.ScreenshotFolder);
        File.WriteAllBytes(Path.Combine(BrowserFixture.ScreenshotFolder, "shaping-chromium.png"), chromium);
        File.WriteAllBytes(Path.Combine(BrowserFixture.ScreenshotFolder, "shaping-card.png"), ours);

        var reference = Ink(chromium);
        var same = Overlap(reference, Ink(ours));
        var apart = Overlap(reference, Ink(unshaped));
        Assert.True(same > 0.75, $"the card's Arabic covers {same:P0} of the pixels Chromium's does");
        Assert.True(apart < same - 0.15, $"letters set apart overlap {apart:P0}, as much as shaped ones ({same:P0}): the comparison proves nothing");
    }

    /// <summary>The dark pixels of an image, cropped to their bounding box.</summary>
    private static Image Ink(byte[] png)
    {
        using var image = Image.NewFromBuffer(png);
        using var grey = image.Colourspace(Enums.Interpretation.Bw)[0];
        using var dark = grey < 128;
        var box = dark.FindTrim(threshold: 0, background: [0]).Select(Convert.ToInt32).ToArray();
        return dark.Crop(box[0], box[1], box[2], box[3]);
    }

    /// <summary>How much two ink masks cover the same pixels once scaled to one size (intersection over union).</summary>
    private static double Overlap(Image a, Image b)
    {
        using var scaled = b.Resize((double)a.Width / b.Width, vscale: (double)a.Height / b.Height);
        using var bMask = scaled > 127;
        using var both = a & bMask;
        using var either = a | bMask;
        return both.Avg() / Math.Max(either.Avg(), 1e-9);
    }
}
