using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;
using ResearchSite.Build;
using ResearchSite.Serve;

namespace ResearchSite.Tests.Browser;

/// <summary>`serve` as an author uses it: a real Chromium on the preview, a save in the editor, the tab reloading itself.</summary>
[Trait("Speed", "Slow")]
public class ServeReloadTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_study_with_an_arabic_file_name_on_a_site_under_a_path_is_styled_and_reloads_on_save()
    {
        // base_url with a path (the site published under /research/): the preview still answers at '/'.
        using var site = Some.Site()
            .File("site.yml", "title: { ar: سلسلة الاختبار, en: Test Series }\nbase_url: https://example.org/research/\nlanguages: [ar, en]\n")
            .Article("ar", "دراسة-عربية", Some.FrontMatter(title: "دراسة"), "## مقدمة\n\nالنص الأول.\n");
        await using var server = new DevServer(new BuildOptions(site.Input, Some.Theme, site.Output, false, null), TextWriter.Null, TextWriter.Null);
        await server.StartAsync("127.0.0.1", Some.FreePort());

        var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var stylesheet = 0;
        page.Response += (_, response) =>
        {
            if (response.Url.EndsWith(".css", StringComparison.Ordinal) && response.Status == 200)
            {
                Interlocked.Increment(ref stylesheet);
            }
        };
        await page.GotoAsync(new Uri(server.Address!, "ar/articles/دراسة-عربية/").AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        Assert.True(stylesheet > 0, "the page's stylesheet did not load");
        Assert.NotEqual("0px", await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('main')).paddingInlineStart + getComputedStyle(document.querySelector('main')).marginInlineStart"));
        Assert.Contains("النص الأول", await page.InnerTextAsync("main"));

        // The save: the open tab reloads by itself and shows the new text.
        site.Article("ar", "دراسة-عربية", Some.FrontMatter(title: "دراسة"), "## مقدمة\n\nالنص الثاني.\n");
        await page.WaitForFunctionAsync("document.querySelector('main').innerText.includes('النص الثاني')", null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        await context.CloseAsync();
    }

}
