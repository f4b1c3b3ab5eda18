using System.Net;
using System.Net.Sockets;
using System.Text;
using ResearchSite.Build;
using ResearchSite.Serve;

namespace ResearchSite.Tests.Serve;

public class NotFoundTests
{

    [Theory]
    [InlineData("en/articles/missing/", "en/404.html")]
    [InlineData("en/no-such-file.pdf", "en/404.html")]
    [InlineData("ar/categories/nothing/", "ar/404.html")]
    [InlineData("no/such/page/", "404.html")]
    [InlineData("english/", "404.html")]
    public async Task A_missing_path_gets_the_not_found_page_of_its_language(string path, string expected)
    {
        using var site = Some.Site()
            .Article("ar", "study", Some.FrontMatter(title: "دراسة"))
            .Article("en", "study", Some.FrontMatter(title: "A Study"));
        await using var server = new DevServer(new BuildOptions(site.Input, Some.Theme, site.Output, false, null), TextWriter.Null, TextWriter.Null);
        await server.StartAsync("127.0.0.1", Some.FreePort());
        using var http = new HttpClient { BaseAddress = server.Address };

        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var served = (await response.Content.ReadAsStringAsync()).Replace(PreviewServer.ClientTag, string.Empty, StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetString(server.Site.Files[expected]), served);
        Assert.NotNull(Some.Html(served).GetElementById("nf-title"));
    }
}
