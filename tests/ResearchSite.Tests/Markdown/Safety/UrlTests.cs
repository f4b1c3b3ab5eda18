using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace ResearchSite.Tests.Markdown.Safety;

/// <summary>Every URL an article puts on its page goes through one allow-list, however it is written.</summary>
public partial class UrlTests
{
    /// <summary>Each case puts one hostile URL on the body's third line (line 12 of the file).</summary>
    public static TheoryData<string, string> HostileUrls() => new()
    {
        { "autolink", "<javascript:alert(document.cookie)>" },
        { "data autolink", "<data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==>" },
        { "vbscript autolink", "<vbscript:msgbox(1)>" },
        { "file autolink", "<file:///etc/passwd>" },
        { "mixed case", "[x](JaVaScRiPt:alert(1))" },
        { "entity", "[x](&#106;avascript:alert(1))" },
        { "hex entity with a tab", "[x](java&#x09;script:alert(1))" },
        { "named entities", "[x](javascript&colon;alert(1))" },
        { "percent", "[x](%6Aavascript:alert(1))" },
        { "pointy with a leading space", "[x](< javascript:alert(1)>)" },
        { "image", "An icon ![x](javascript:alert(1)) in a sentence." },
        { "data image", "An icon ![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=) in a sentence." },
        { "reference definition", "[x][evil]\n\n[evil]: javascript:alert(1)" },
        { "raw link", "<a href=\"javascript:alert(1)\">x</a>" },
        { "raw link with a tab", "<a href=\"java&#x09;script:alert(1)\">x</a>" },
        { "raw link with leading spaces", "<a href=\"  javascript:alert(1)\">x</a>" },
        { "raw link with an entity", "<a href=\"&#106;avascript:alert(1)\">x</a>" },
        { "raw vbscript", "<a href=\"VBScript:msgbox(1)\">x</a>" },
        { "raw file", "<a href=\"file:///etc/passwd\">x</a>" },
        { "raw image", "<img src=\"data:image/svg+xml,<svg onload=alert(1)>\" alt=\"x\">" },
        { "raw srcset", "<img src=\"/files/a.png\" srcset=\"javascript:alert(1) 2x\" alt=\"x\">" },
        { "raw quote cite", "<blockquote cite=\"javascript:alert(1)\">x</blockquote>" },
        { "inline raw link", "text <a href=\"javascript:alert(1)\">x</a> text" },
    };

    [Theory]
    [MemberData(nameof(HostileUrls))]
    public void A_url_with_a_script_or_any_other_scheme_never_reaches_the_page(string what, string markdown)
    {
        var (_, html, diagnostics) = Render.Body($"نص.\n\n{markdown}\n", "en");
        AssertOnlyAllowedUrls(html);
        Assert.True(diagnostics.Any(d => d.Line == 12 && d.Message.Contains("removed")), what + ": " + string.Join('\n', diagnostics));
        Assert.DoesNotContain(diagnostics, d => d.IsError);
    }

    [Fact]
    public void Urls_in_both_kinds_of_notes_go_through_the_same_list_and_are_reported_at_their_line()
    {
        var (article, html, diagnostics) = Render.Body("""
            Text[^a] and[1].

            [^a]: See <javascript:alert(1)> and <https://example.org/a>.

            Sources:
            [1] A source <data:text/html,x> and https://example.org/b
            """, "en");
        AssertOnlyAllowedUrls(html);
        Assert.Contains(diagnostics, d => d.Line == 12 && d.Column == 11 && d.Message.Contains("javascript:"));
        Assert.Contains(diagnostics, d => d.Line == 15 && d.Column == 14 && d.Message.Contains("data:"));
        Assert.Equal(["https://example.org/a", "https://example.org/b"], article.Notes.SelectMany(n => n.Urls));
    }

    [Fact]
    public void Links_to_the_web_mail_and_the_site_are_kept_however_they_are_written()
    {
        var (_, html, diagnostics) = Render.Body("""
            [a](https://x.org) [b](mailto:a@b.org) [c](/ar/) [d](#x) [e](other.md) [f](HTTPS://x.org/?q=a:b)

            <https://x.org/auto> <a@b.org> ![map](/files/map.png)

            <a href="/ar/articles/a/">g</a> <a href="?page=a:b">h</a> <a href="#note">i</a> <img src="files/x.png" alt="x">
            """, "en");
        Assert.Empty(diagnostics);
        var urls = html.QuerySelectorAll("[href], [src]").Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")).ToList();
        Assert.Equal(
            ["https://x.org", "mailto:a@b.org", "/ar/", "#x", "/en/articles/other/", "HTTPS://x.org/?q=a:b", "https://x.org/auto", "mailto:a@b.org", "/files/map.png", "/ar/articles/a/", "?page=a:b", "#note", "files/x.png"],
            urls);
    }

    [Fact]
    public void An_autolink_renders_like_a_bare_url_isolated_left_to_right()
    {
        var (_, html, _) = Render.Body("المصدر <https://example.org/a> هنا\n");
        var link = html.QuerySelector("a")!;
        Assert.Equal(("https://example.org/a", "ltr", "noopener"), (link.GetAttribute("href"), link.GetAttribute("dir"), link.GetAttribute("rel")));
        Assert.Equal("https://example.org/a", link.TextContent);
    }

    /// <summary>Reads every URL as a browser does (tabs, line breaks and leading controls dropped), independently of the code under test.</summary>
    internal static void AssertOnlyAllowedUrls(IDocument html)
    {
        foreach (var element in html.All)
        {
            foreach (var attribute in element.Attributes.Where(a => a.Name is "href" or "src" or "cite" or "srcset" or "action" or "formaction" or "poster" or "data"))
            {
                var seen = Regex.Replace(attribute.Value, "[\\u0000-\\u0020]", string.Empty);
                var scheme = SchemePattern().Match(seen);
                Assert.True(
                    !scheme.Success || scheme.Groups[1].Value.ToLowerInvariant() is "http" or "https" or "mailto",
                    $"{attribute.Name}=\"{attribute.Value}\" on <{element.LocalName}>");
            }
        }
    }

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9+.-]*):")]
    private static partial Regex SchemePattern();
}
