using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using AngleSharp.Dom;
using ResearchSite.Build;

namespace ResearchSite.Tests.Build;

/// <summary>
/// Seeded mutations of a valid article, mixed with what authors paste and attackers try. Every run
/// ends in diagnostics with a file and line, or in a site whose pages are sound: a failure that is
/// neither (a crash, a hang, a script link, a note marker without its note) fails the test.
/// </summary>
[Trait("Speed", "Slow")]
public class FuzzTests
{
    private static readonly string Valid = Some.FrontMatter(title: "دراسة", category: "[reports, energy]", extra: "tags: [a, b]\n")
        + "\n## مقدمة\n\nنص[1] و[^a] مع **غامق** و`رمز` و[رابط](https://example.org) و<span lang=\"en\">CENTCOM</span>.\n\n- بند\n  - فرع\n\n| أ | ب |\n|---|---|\n| ١ | ٢ |\n\n[^a]: ملاحظة.\n\nالمصادر:\n[1] مصدر https://example.org/x\n";

    // What the issue's independent pass tried, and what Word and editors put into text.
    private static readonly string[] Hostile =
    [
        "<javascript:alert(document.cookie)>", "<JaVaScRiPt:alert(1)>", "[x](javascript:alert(1))", "[x]( java\tscript:alert(1))",
        "[x](&#106;avascript:alert(1))", "<data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==>", "<vbscript:msgbox(1)>",
        "<file:///etc/passwd>", "![i](javascript:alert(1))", "\n[r]: javascript:alert(1)\n\n[ref][r]\n", "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        "<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "<style>body{display:none}</style>", "<!-- ", "-->",
        "🎉", "𝐁", "𠀀", "\u000B", "\u000C", "\u0001", "\u00A0", "e\u0301", "\u202E", "\uFEFF",
        "\n## main\n", "\n## Results 🎉\n", "<span id=\"note_1_body\">x</span>", "<span id=\"main\">x</span>",
        "[^a]", "[^b]", "\n\n[^b]: a note citing [^a] and https://example.org/b\n", "[2]",
        string.Concat(Enumerable.Repeat("<div>", 60)), string.Concat(Enumerable.Repeat("> ", 40)) + "quote",
    ];

    private static readonly string[] UrlAttributes = ["href", "src", "srcset", "action", "formaction", "cite", "poster", "data", "background", "xlink:href"];

    [Fact]
    public void Thousands_of_mutated_articles_end_in_diagnostics_or_in_sound_pages()
    {
        var valid = Encoding.UTF8.GetBytes(Valid);
        var hostile = Hostile.Select(Encoding.UTF8.GetBytes).ToArray();
        var random = new Random(20241015);
        byte[] markup = "[]()*_`#>|-:^!<>&\"'\n\r\t{}\\"u8.ToArray();
        using var site = Some.Site();
        var path = Path.Combine(site.Input, "articles", "ar", "fuzz.md");
        var options = new BuildOptions(site.Input, Some.Theme, site.Output, false, null) { Search = false };
        var worst = TimeSpan.Zero;
        var succeeded = 0;
        for (var run = 0; run < 1500; run++)
        {
            var bytes = valid.ToList();
            for (var m = random.Next(1, 6); m > 0; m--)
            {
                // Never inside the front matter's first line, so most runs reach the Markdown.
                var at = random.Next(4, bytes.Count);
                switch (random.Next(6))
                {
                    case 0: bytes[at] = (byte)random.Next(256); break;
                    case 1: bytes.RemoveRange(at, bytes.Count - at); break;
                    case 2: bytes.Insert(at, markup[random.Next(markup.Length)]); break;
                    case 3: bytes.InsertRange(at, Enumerable.Repeat(markup[random.Next(markup.Length)], random.Next(1, 50))); break;
                    default: bytes.InsertRange(NotInsideACharacter(bytes, at), hostile[random.Next(hostile.Length)]); break;
                }

                if (bytes.Count <= 4)
                {
                    break;
                }
            }

            File.WriteAllBytes(path, bytes.ToArray());
            var clock = Stopwatch.StartNew();
            var built = BuildPipeline.BuildInMemory(options);
            worst = clock.Elapsed > worst ? clock.Elapsed : worst;
            var source = Encoding.UTF8.GetString(bytes.ToArray());
            if (!built.Result.Succeeded)
            {
                Assert.Contains(built.Result.Diagnostics, d => d.IsError && d.Line >= 1 && d.File.Length > 0);
                continue;
            }

            succeeded++;
            if (built.Files.TryGetValue("ar/articles/fuzz/index.html", out var page))
            {
                AssertSound(Some.Html(Encoding.UTF8.GetString(page)), source);
            }

            XDocument.Parse(Encoding.UTF8.GetString(built.Files["ar/feed.xml"]));
        }

        Assert.True(worst < TimeSpan.FromSeconds(10), $"one mutated file took {worst}");
        Assert.True(succeeded > 200, $"only {succeeded} of 1,500 mutations built: the fuzz no longer reaches the pages");
    }

    private static int NotInsideACharacter(List<byte> bytes, int at)
    {
        while (at < bytes.Count && (bytes[at] & 0xC0) == 0x80)
        {
            at++;
        }

        return at;
    }

    private static void AssertSound(IDocument page, string source)
    {
        Assert.Single(page.QuerySelectorAll("main"));
        Assert.Single(page.QuerySelectorAll("h1"));

        var ids = page.QuerySelectorAll("[id]").Select(e => e.Id!).ToList();
        Assert.True(ids.Count == ids.Distinct(StringComparer.Ordinal).Count(), $"duplicate ids {string.Join(", ", ids.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key))} from:\n{source}");

        foreach (var marker in page.QuerySelectorAll("a[role=doc-noteref], a[role=doc-backlink]"))
        {
            var target = marker.GetAttribute("href")!;
            Assert.StartsWith("#", target);
            Assert.NotNull(page.GetElementById(target[1..]));
            if (marker.GetAttribute("aria-describedby") is { } described)
            {
                Assert.NotNull(page.GetElementById(described));
            }
        }

        foreach (var element in page.All)
        {
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"event handler {attribute.Name} from:\n{source}");
                if (UrlAttributes.Contains(attribute.Name, StringComparer.OrdinalIgnoreCase))
                {
                    var url = new string(attribute.Value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray()).ToLowerInvariant();
                    Assert.False(url.StartsWith("javascript:") || url.StartsWith("vbscript:") || url.StartsWith("data:") || url.StartsWith("file:"), $"{attribute.Name}=\"{attribute.Value}\" from:\n{source}");
                }
            }
        }

        foreach (var script in page.QuerySelectorAll("script"))
        {
            if (script.GetAttribute("type") == "application/ld+json")
            {
                using var _ = JsonDocument.Parse(script.TextContent);
            }
            else
            {
                Assert.StartsWith("/assets/", script.GetAttribute("src") ?? "inline script");
            }
        }

        Assert.Empty(page.QuerySelectorAll("main iframe, main object, main embed, main form, main style"));
    }
}
