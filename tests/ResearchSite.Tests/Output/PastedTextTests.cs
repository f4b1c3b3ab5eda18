using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using ResearchSite.Build;
using ResearchSite.Search;

namespace ResearchSite.Tests.Output;

/// <summary>Text pasted from Word: no-break spaces between words, U+000B line breaks, U+000C page breaks, stray U+0001.</summary>
public class PastedTextTests
{
    private const string Atom = "{http://www.w3.org/2005/Atom}";

    private static (ResearchSite.Build.Incremental.BuiltSite Site, Func<string, string> File) Build(FixtureSite site)
    {
        var built = BuildPipeline.BuildInMemory(new BuildOptions(site.Input, Some.Theme, site.Output, false, null));
        Assert.True(built.Result.Succeeded, string.Join('\n', built.Result.Diagnostics));
        return (built, path => Encoding.UTF8.GetString(built.Files[path]));
    }

    private static bool IsControl(char c) => char.IsControl(c) && c != '\n' || c is '\u2028' or '\u2029';

    [Theory]
    [InlineData("Line\u000Bbreak\u0001 title")]
    [InlineData("Line\\vbreak\\x01 title")]
    [InlineData("Line\\u2028break\\u001B title")]
    public void Control_characters_from_word_reach_no_description_feed_json_ld_bibtex_or_search_record(string writtenTitle)
    {
        var paragraph = string.Join('\u00A0', Enumerable.Repeat("word", 80)) + "\u000Bsecond\u000Cthird\u0001.";
        using var site = Some.Site().Article("en", "pasted", Some.FrontMatter(title: writtenTitle), paragraph + "\n\n## Next\u000B part\n\nMore.\n");
        var (built, file) = Build(site);
        const string title = "Line break title";

        var page = Some.Html(file("en/articles/pasted/index.html"));
        Assert.Equal(title, page.QuerySelector("h1#article-title")!.TextContent);
        var description = page.QuerySelector("meta[name=description]")!.GetAttribute("content")!;
        Assert.EndsWith("…", description);
        Assert.InRange(description.Length, 200, 301);
        Assert.StartsWith(description[..^1].TrimEnd(), paragraph.Replace('\u000B', ' '));
        Assert.DoesNotContain(description, IsControl);

        var entry = XDocument.Parse(file("en/feed.xml")).Root!.Element(Atom + "entry")!;
        Assert.Equal(title, entry.Element(Atom + "title")!.Value);
        Assert.EndsWith("word second third.", entry.Element(Atom + "summary")!.Value);

        var jsonLd = JsonDocument.Parse(page.QuerySelector("script[type='application/ld+json']")!.TextContent).RootElement;
        Assert.Equal(title, jsonLd.GetProperty("headline").GetString());
        Assert.Equal(description, jsonLd.GetProperty("description").GetString());

        var bib = file("en/articles/pasted/cite.bib");
        Assert.Contains($"  title = {{{title}}},\n", bib);
        Assert.DoesNotContain(bib, IsControl);

        var record = SearchIndexer.Record(Assert.Single(built.Prepared!.Site.Articles), built.Prepared.Planner.Strings, built.Prepared.Site.Config.Digits);
        var text = JsonDocument.Parse(record.Shown).RootElement;
        Assert.Equal(title, text.GetProperty("title").GetString());
        var content = text.GetProperty("words").GetString()!;
        Assert.Contains("next part", content, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(content, IsControl);
    }

    [Theory]
    [InlineData("https://example.org/")]
    [InlineData("🎉")]
    [InlineData("q\u0307")]
    public void A_first_paragraph_without_a_space_in_its_first_300_characters_is_cut_between_whole_characters(string start)
    {
        var paragraph = start.Length > 5 ? start + new string('a', 330) + " end" : string.Concat(Enumerable.Repeat(start, 200));
        using var site = Some.Site().Article("en", "long", Some.FrontMatter(title: "Long"), paragraph + "\n");
        var (_, file) = Build(site);
        var description = Some.Html(file("en/articles/long/index.html")).QuerySelector("meta[name=description]")!.GetAttribute("content")!;
        Assert.EndsWith("…", description);
        var kept = description[..^1];
        Assert.InRange(kept.Length, 250, 300);
        Assert.StartsWith(kept, paragraph);
        Assert.True(kept.Length % start.Length == 0 || start.Length > 5, $"{kept.Length} characters split a '{start}'");
        Assert.DoesNotContain('\uFFFD', description);
    }

    [Fact]
    public void Bidi_overrides_and_zero_width_no_break_spaces_in_metadata_reach_no_page_feed_or_citation()
    {
        using var site = Some.Site()
            .Article("ar", "a", Some.FrontMatter(title: "عنوان \u202Eمقلوب\uFEFF", extra: "summary: \"ملخص\\u2067 مفتوح\"\n"), "نص\uFEFF أول.\n");
        var result = site.Build();
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        var page = site.Page("ar/articles/a/index.html");
        Assert.Equal("عنوان مقلوب", page.QuerySelector("h1")!.TextContent.Trim());
        char[] hidden = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\uFEFF'];
        foreach (var file in new[] { "ar/articles/a/index.html", "ar/index.html", "ar/feed.xml", "ar/articles/a/cite.bib" })
        {
            Assert.Equal(-1, File.ReadAllText(site.OutputFile(file)).IndexOfAny(hidden));
        }
    }
}
