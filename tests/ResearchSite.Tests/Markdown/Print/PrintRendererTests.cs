using System.Text.Json;
using ResearchSite.Tests.Markdown;

namespace ResearchSite.Tests.Markdown.Print;

/// <summary>The second renderer: the study's syntax tree as the data the PDF template walks.</summary>
public class PrintRendererTests
{
    private static JsonElement Print(string body, string language = "ar")
    {
        var (article, _, _) = Render.Body(body, language, print: true);
        Assert.NotNull(article.PrintJson);
        return JsonDocument.Parse(article.PrintJson!).RootElement;
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        JsonValueKind.Object => element.EnumerateObject().Where(p => p.Name is "c" or "v" or "items" or "rows").SelectMany(p => Strings(p.Value)),
        _ => [],
    };

    [Fact]
    public void Typst_markup_in_the_text_stays_text_in_the_data()
    {
        var hostile = "#set text(red) $x$ @ref ] [ = - + / ~ `";
        var json = Print($"نص {hostile.Replace("`", "\\`")} \\<label> نهاية\n");
        var paragraph = json.GetProperty("blocks")[0];
        Assert.Equal("p", paragraph.GetProperty("t").GetString());
        var text = string.Concat(Strings(paragraph.GetProperty("c")));
        Assert.Contains(hostile, text);
        Assert.Contains("<label>", text);
    }

    [Fact]
    public void A_note_cited_twice_is_held_by_its_first_citation_and_numbered_as_on_the_web()
    {
        var json = Print("أول[^a] ثم[^b] ثم[^a].\n\n[^a]: الحاشية الأولى https://example.org/a\n[^b]: الثانية\n");
        var notes = json.GetProperty("blocks")[0].GetProperty("c").EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object && x.GetProperty("t").GetString() == "note").ToList();
        Assert.Equal([1, 2, 1], notes.Select(n => n.GetProperty("n").GetInt32()));
        Assert.Equal([true, true, false], notes.Select(n => n.GetProperty("first").GetBoolean()));
        var bodies = json.GetProperty("notes").EnumerateArray().ToList();
        Assert.Equal([1, 2], bodies.Select(n => n.GetProperty("n").GetInt32()));
        var link = bodies[0].GetProperty("c")[0].GetProperty("c").EnumerateArray().Single(x => x.ValueKind == JsonValueKind.Object);
        Assert.Equal("https://example.org/a", link.GetProperty("url").GetString());
    }

    [Fact]
    public void The_archive_sources_list_becomes_the_notes_and_is_not_printed_as_text()
    {
        var json = Print("نص[1].\n\nالمصادر:\n[1] مصدر أول https://example.org/s\n");
        Assert.DoesNotContain(json.GetProperty("blocks").EnumerateArray(), b => string.Concat(Strings(b)).Contains("مصدر أول", StringComparison.Ordinal));
        Assert.Contains("مصدر أول", string.Concat(Strings(json.GetProperty("notes"))));
    }

    [Fact]
    public void An_image_alone_in_its_paragraph_is_a_figure_with_its_title_as_caption()
    {
        var json = Print("![خريطة المنطقة](/files/map.png \"الشكل: خريطة\")\n\nنص ![صغيرة](/files/i.png) بعده.\n");
        var figure = json.GetProperty("blocks")[0];
        Assert.Equal("figure", figure.GetProperty("t").GetString());
        Assert.Equal("/files/map.png", figure.GetProperty("src").GetString());
        Assert.Equal("الشكل: خريطة", figure.GetProperty("caption").GetString());
        Assert.Equal("خريطة المنطقة", figure.GetProperty("alt").GetString());
        Assert.Equal("p", json.GetProperty("blocks")[1].GetProperty("t").GetString());
    }

    [Fact]
    public void An_image_alone_in_a_notes_paragraph_stays_in_its_line_as_on_the_web()
    {
        var (article, html, _) = Render.Body("نص[^1].\n\n[^1]: ![صورة في حاشية](/files/i.png)\n", print: true);
        Assert.Empty(html.QuerySelectorAll("figure"));
        var json = JsonDocument.Parse(article.PrintJson!).RootElement;
        var note = json.GetProperty("notes")[0].GetProperty("c");
        Assert.DoesNotContain("\"figure\"", note.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("صورة في حاشية", string.Concat(Strings(note)));
    }

    [Fact]
    public void Tables_keep_their_header_cells_and_their_logical_alignment()
    {
        var json = Print("| a | b |\n|:--|--:|\n| 1 | 2 |\n| 3 | 4 |\n");
        var table = json.GetProperty("blocks")[0];
        Assert.Equal("table", table.GetProperty("t").GetString());
        Assert.True(table.GetProperty("header").GetBoolean());
        Assert.Equal(["start", "end"], table.GetProperty("align").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(3, table.GetProperty("rows").GetArrayLength());
        Assert.Equal("4", string.Concat(Strings(table.GetProperty("rows")[2][1])));
    }

    [Fact]
    public void Without_print_no_data_is_kept()
    {
        var (article, _, _) = Render.Body("نص.\n");
        Assert.Null(article.PrintJson);
    }

    /// <summary>The most container nodes (quote, list, styles, links, paragraphs…) on one path of the data.</summary>
    private static int Levels(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => element.EnumerateArray().Select(Levels).DefaultIfEmpty(0).Max(),
        JsonValueKind.Object => (element.TryGetProperty("t", out _) ? 1 : 0)
            + element.EnumerateObject().Where(p => p.Name is "c" or "items" or "rows").Select(p => Levels(p.Value)).DefaultIfEmpty(0).Max(),
        _ => 0,
    };

    [Fact]
    public void Quotes_lists_and_styles_nested_60_deep_print_at_the_maximum_depth_with_all_their_text()
    {
        var quotes = string.Concat(Enumerable.Repeat("> ", 60)) + "اقتباس عميق[^1]\n";
        var lists = string.Concat(Enumerable.Range(0, 60).Select(i => new string(' ', i * 2) + "- بند" + i + "\n"));
        var styles = string.Concat(Enumerable.Range(0, 60).Select(i => (i % 2 == 0 ? "*" : "_") + "م" + i + " ")) + "وسط"
            + string.Concat(Enumerable.Range(0, 60).Reverse().Select(i => " م" + i + (i % 2 == 0 ? "*" : "_")));
        var note = "[^1]: " + string.Concat(Enumerable.Range(0, 60).Select(i => (i % 2 == 0 ? "*" : "_") + "ح" + i + " ")) + "حاشية عميقة"
            + string.Concat(Enumerable.Range(0, 60).Reverse().Select(i => " ح" + i + (i % 2 == 0 ? "*" : "_"))) + " [رابط](https://example.org/deep)\n";
        var json = Print($"{quotes}\n{lists}\n{styles}\n\n{note}");

        var bound = global::ResearchSite.Markdown.Print.PrintRenderer.MaximumDepth + 2;
        Assert.All(json.GetProperty("blocks").EnumerateArray(), b => Assert.InRange(Levels(b), 1, bound));
        Assert.InRange(Levels(json.GetProperty("notes")), 1, bound);
        // The quotes reach the cap, and then the paragraph and its note marker: the deepest the data goes.
        Assert.Equal(bound, Levels(json.GetProperty("blocks")[0]));

        // Nothing is lost: the deepest text, every item and every styled word are there.
        var body = string.Concat(Strings(json.GetProperty("blocks")));
        Assert.Contains("اقتباس عميق", body);
        Assert.All(Enumerable.Range(0, 60), i => Assert.Contains("بند" + i, body));
        Assert.All(Enumerable.Range(0, 60), i => Assert.Contains("م" + i + " ", body));
        Assert.Contains("وسط", body);
        var notes = string.Concat(Strings(json.GetProperty("notes")));
        Assert.Contains("حاشية عميقة", notes);
        Assert.Contains("رابط", notes);
        Assert.Contains("https://example.org/deep", json.GetProperty("notes").GetRawText());
    }
}
