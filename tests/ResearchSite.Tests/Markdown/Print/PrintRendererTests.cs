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
        JsonValueKind.Object => element.EnumerateObject().Where(p => p.Name is "c" or "v").SelectMany(p => Strings(p.Value)),
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
}
