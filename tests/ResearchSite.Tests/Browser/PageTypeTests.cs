using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ResearchSite.Tests.Browser;

/// <summary>Every page type, in both languages, on a phone and on a desk: layout, fonts and accessibility.</summary>
[Trait("Speed", "Slow")]
public class PageTypeTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    public static TheoryData<string, string, int> Pages()
    {
        var data = new TheoryData<string, string, int>();
        var types = new Dictionary<string, string>
        {
            ["home"] = "",
            ["article"] = "articles/coalition-withdrawal-iraq/",
            ["categories"] = "categories/",
            ["category"] = "categories/security-terrorism/",
            ["authors"] = "authors/",
            ["author"] = "authors/ilham-elnaggar/",
            ["units"] = "units/",
            ["unit"] = "units/terrorism-extremism/",
            ["404"] = "404.html",
            ["search"] = "search/",
        };
        foreach (var lang in new[] { "ar", "en" })
        {
            foreach (var (name, path) in types)
            {
                foreach (var width in new[] { 390, 1280 })
                {
                    data.Add(name, $"{lang}/{path}", width);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Each_page_type_fits_the_screen_loads_its_fonts_and_passes_axe(string type, string path, int width)
    {
        var page = await browser.Open(path, width: width, height: 900);
        var lang = path[..2];
        await BrowserFixture.Screenshot(page, $"{type}-{lang}-{width}");

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"{path} scrolls horizontally by {overflow}px at {width}px");

        var loaded = await page.EvaluateAsync<string[]>("() => Array.from(document.fonts).filter(f => f.status === 'loaded').map(f => f.family.replace(/\"/g, ''))");
        Assert.Contains(lang == "ar" ? "Noto Naskh Arabic" : "Source Serif 4", loaded);

        var result = await page.RunAxe();
        Assert.True(result.Violations.Length == 0, string.Join('\n', result.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Take(3).Select(n => string.Join(' ', n.Target)))})")));
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("ar")]
    [InlineData("en")]
    public async Task On_a_desk_the_table_of_contents_sits_on_the_start_side_and_on_a_phone_it_is_folded_above_the_text(string lang)
    {
        var page = await browser.Open($"{lang}/articles/coalition-withdrawal-iraq/", width: 1280);
        var toc = (await page.Locator("nav.toc").BoundingBoxAsync())!;
        var body = (await page.Locator(".article-body").BoundingBoxAsync())!;
        if (lang == "ar")
        {
            Assert.True(toc.X > body.X + body.Width - 1, "the Arabic table of contents must be on the right");
        }
        else
        {
            Assert.True(toc.X + toc.Width < body.X + 1, "the English table of contents must be on the left");
        }

        Assert.True(await page.Locator(".toc-details").EvaluateAsync<bool>("d => d.open"));
        await page.Context.CloseAsync();

        var phone = await browser.Open($"{lang}/articles/coalition-withdrawal-iraq/", width: 390);
        Assert.False(await phone.Locator(".toc-details").EvaluateAsync<bool>("d => d.open"));
        var tocBox = (await phone.Locator("nav.toc").BoundingBoxAsync())!;
        var bodyBox = (await phone.Locator(".article-body").BoundingBoxAsync())!;
        Assert.True(tocBox.Y < bodyBox.Y);
        await phone.Locator(".toc summary").ClickAsync();
        await Assertions.Expect(phone.Locator(".toc ol a").First).ToBeVisibleAsync();
        await phone.Context.CloseAsync();
    }

    [Fact]
    public async Task The_first_load_of_the_seed_article_stays_under_300_kilobytes()
    {
        var context = await browser.Browser.NewContextAsync();
        long total = 0;
        var files = new List<string>();
        await BrowserFixture.ServeFrom(context, browser.Output, file =>
        {
            lock (files)
            {
                total += new FileInfo(file).Length;
                files.Add(Path.GetRelativePath(browser.Output, file));
            }
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(BrowserFixture.Origin + "/ar/articles/coalition-withdrawal-iraq/");
        await page.EvaluateAsync("() => document.fonts.ready");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(BrowserFixture.ScreenshotFolder).FullName, "first-load-ar-article.txt"), $"{total} bytes\n{string.Join('\n', files)}\n");
        Assert.True(total < 300 * 1024, $"first load is {total} bytes: {string.Join(", ", files)}");
        Assert.Contains(files, f => f.EndsWith(".woff2"));
        await context.CloseAsync();
    }
}
