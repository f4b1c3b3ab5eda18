using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ResearchSite.Tests.Browser;

/// <summary>The seed study's hover references in a real Chromium, in Arabic and in English.</summary>
[Trait("Speed", "Slow")]
public class HoverReferenceTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Study = "articles/coalition-withdrawal-iraq/";

    private static ILocator Popover(IPage page) => page.Locator("#note-popover");

    private static async Task<string> NoteText(IPage page, ILocator reference)
    {
        var id = await reference.GetAttributeAsync("aria-describedby");
        return (await page.Locator("#" + id).InnerTextAsync()).Trim();
    }

    [Theory]
    [InlineData("ar")]
    [InlineData("en")]
    public async Task Hovering_a_marker_shows_its_note_and_leaving_hides_it(string lang)
    {
        var page = await browser.Open($"{lang}/{Study}");
        var reference = page.Locator("a[role=doc-noteref]").Nth(2);
        await reference.HoverAsync();
        await Assertions.Expect(Popover(page)).ToBeVisibleAsync();
        Assert.Equal(await NoteText(page, reference), (await Popover(page).InnerTextAsync()).Trim());
        Assert.Equal("true", await reference.GetAttributeAsync("aria-expanded"));
        await BrowserFixture.Screenshot(page, $"article-{lang}-hover");

        // The pointer may travel into the note (its links are clickable) without closing it.
        await Popover(page).HoverAsync();
        await page.WaitForTimeoutAsync(500);
        await Assertions.Expect(Popover(page)).ToBeVisibleAsync();

        await page.Mouse.MoveAsync(5, 5);
        await Assertions.Expect(Popover(page)).ToBeHiddenAsync();
        Assert.Equal("false", await reference.GetAttributeAsync("aria-expanded"));
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("ar")]
    [InlineData("en")]
    public async Task Keyboard_focus_shows_the_note_and_escape_hides_it(string lang)
    {
        var page = await browser.Open($"{lang}/{Study}");
        for (var i = 0; i < 200; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("() => document.activeElement.getAttribute('role') === 'doc-noteref'"))
            {
                break;
            }
        }

        var focused = page.Locator(":focus");
        Assert.Equal("doc-noteref", await focused.GetAttributeAsync("role"));
        await Assertions.Expect(Popover(page)).ToBeVisibleAsync();
        Assert.Equal(await NoteText(page, focused), (await Popover(page).InnerTextAsync()).Trim());
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(Popover(page)).ToBeHiddenAsync();
        Assert.Equal("doc-noteref", await page.Locator(":focus").GetAttributeAsync("role"));
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("ar")]
    [InlineData("en")]
    public async Task On_a_phone_a_tap_shows_every_note_fully_inside_the_viewport_and_a_second_tap_closes_it(string lang)
    {
        var page = await browser.Open($"{lang}/{Study}", width: 390, height: 844, touch: true);
        var references = page.Locator("a[role=doc-noteref]");
        var count = await references.CountAsync();
        Assert.Equal(11, count);
        for (var i = 0; i < count; i++)
        {
            var reference = references.Nth(i);
            await reference.ScrollIntoViewIfNeededAsync();
            await reference.TapAsync();
            await Assertions.Expect(Popover(page)).ToBeVisibleAsync();
            Assert.Equal(await NoteText(page, reference), (await Popover(page).InnerTextAsync()).Trim());
            var box = (await Popover(page).BoundingBoxAsync())!;
            Assert.InRange(box.X, 0, 390);
            Assert.InRange(box.X + box.Width, 0, 390);
            Assert.True(box.Y >= 0 && box.Y + box.Height <= 844, $"note {i + 1} is cut off vertically: {box.Y} + {box.Height}");
            if (i == 0)
            {
                await BrowserFixture.Screenshot(page, $"article-{lang}-tap-390");
            }

            await reference.TapAsync();
            await Assertions.Expect(Popover(page)).ToBeHiddenAsync();
        }

        Assert.EndsWith(Study, page.Url);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Without_javascript_the_marker_jumps_to_the_note_which_links_back()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false });
        await context.RouteAsync(BrowserFixture.Origin + "/**", route => route.FulfillAsync(new RouteFulfillOptions { Path = Path.Combine(browser.Output, "ar", "articles", "coalition-withdrawal-iraq", "index.html") }));
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{BrowserFixture.Origin}/ar/{Study}");
        await page.Locator("a[role=doc-noteref]").First.ClickAsync();
        Assert.EndsWith("#note_1", page.Url);
        await page.Locator("#note_1 a.note-backref").ClickAsync();
        Assert.EndsWith("#ref_1_a", page.Url);
        await context.CloseAsync();
    }

    [Theory]
    [InlineData("ar")]
    [InlineData("en")]
    public async Task Axe_reports_no_violations_on_the_article_page(string lang)
    {
        var page = await browser.Open($"{lang}/{Study}");
        await page.Locator("a[role=doc-noteref]").First.HoverAsync();
        var result = await page.RunAxe();
        Assert.True(result.Violations.Length == 0, string.Join('\n', result.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Take(3).Select(n => string.Join(' ', n.Target)))})")));
        await page.Context.CloseAsync();
    }
}
