using ResearchSite.Build;
using ResearchSite.Search;

namespace ResearchSite.Tests.Search;

public class SearchTextTests
{
    private static IReadOnlyList<SearchRecord> Records(FixtureSite site)
    {
        var built = BuildPipeline.BuildInMemory(new BuildOptions(site.Input, Some.Theme, site.Output, false, null));
        Assert.True(built.Result.Succeeded, string.Join('\n', built.Result.Diagnostics));
        // The function the build's feeder makes each study version's record with.
        return built.Prepared!.Site.Articles.Select(a => SearchIndexer.Record(a, built.Prepared.Planner.Strings, built.Prepared.Site.Config.Digits)).ToList();
    }

    private static string[] Words(SearchRecord record) =>
        System.Text.Json.JsonDocument.Parse(record.Shown).RootElement.GetProperty("words").GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static AngleSharp.Dom.IDocument Indexed(SearchRecord record) => new AngleSharp.Html.Parser.HtmlParser().ParseDocument(System.Text.Encoding.UTF8.GetString(record.Indexed));

    private static string[] IndexedWords(SearchRecord record) =>
        Indexed(record).QuerySelector("[data-pagefind-body]")!.Children.SelectMany(part => part.TextContent.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();

    [Fact]
    public void The_indexed_text_is_what_a_reader_reads_without_the_notes_navigation()
    {
        using var site = Some.Site()
            .Article("en", "study", Some.FrontMatter(title: "Study"), "Water[^a] and oil[^a] &amp; gas in Basra.\n\n- first item\n- second item\n\n[^a]: Ministry report.\n");
        var words = Words(Assert.Single(Records(site)));

        Assert.Equal(["Study", "Water", "and", "oil", "&", "gas", "in", "Basra.", "first", "item", "second", "item", "Notes", "Ministry", "report."], words);
    }

    [Fact]
    public void Inline_markup_inside_a_word_does_not_split_it_and_blocks_do()
    {
        using var site = Some.Site()
            .Article("en", "study", Some.FrontMatter(title: "Study"), "Counter**terrorism** cells\n\n## Findings\n\nEnd.\n");
        var words = Words(Assert.Single(Records(site)));

        Assert.Equal(["Study", "Counterterrorism", "cells", "Findings", "End."], words);
    }

    [Fact]
    public void Entities_raw_html_attributes_and_comments_are_read_as_a_browser_reads_them()
    {
        using var site = Some.Site()
            .Article("en", "study", Some.FrontMatter(title: "Study"), "Caf&eacute;&nbsp;culture <span title=\"a > b\">in</span>side x &lt;y&gt; &#x41;B 5 &amp;c\n\n<!-- hidden words -->\n\nEnd.\n");
        var words = Words(Assert.Single(Records(site)));

        Assert.Equal(["Study", "Café", "culture", "inside", "x", "<y>", "AB", "5", "&c", "End."], words);
    }

    [Fact]
    public void The_nth_indexed_word_is_the_nth_word_as_written_normalized()
    {
        using var site = Some.Site()
            .Article("ar", "study", Some.FrontMatter(title: "انسحاب «التحالف» الدولي", extra: "summary: ملخّصُ الدراسةِ عن القوى\n"), "تتناول المسؤولية ـ والتحـــالف[^a] في عام 2024.\n\n[^a]: تقرير الحكومة.\n");
        var record = Assert.Single(Records(site));
        var written = Words(record);
        var indexed = IndexedWords(record);

        Assert.Equal(written.Length, indexed.Length);
        Assert.Equal(written.Select(w => SearchNormalizer.Word(w) is { Length: > 0 } n ? n : "-"), indexed);
        Assert.Equal(["انسحاب", "«التحالف»", "الدولي"], written[..3]);
        Assert.Equal(["انسحاب", "«تحالف»", "دولي"], indexed[..3]);
        var text = System.Text.Json.JsonDocument.Parse(record.Shown).RootElement;
        Assert.Equal(string.Join(' ', written), text.GetProperty("words").GetString());
        Assert.Equal("انسحاب «التحالف» الدولي", text.GetProperty("title").GetString());
    }

    [Fact]
    public void The_title_weighs_most_then_the_summary_then_the_body_and_the_notes_least()
    {
        using var site = Some.Site()
            .Article("en", "study", Some.FrontMatter(title: "Oil title", extra: "summary: Oil summary\n"), "Oil body[^a].\n\n[^a]: Oil note.\n");
        var parts = Indexed(Assert.Single(Records(site))).QuerySelector("[data-pagefind-body]")!.Children
            .Select(part => (Text: part.TextContent, Weight: double.Parse(part.GetAttribute("data-pagefind-weight") ?? "1", System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();

        Assert.Equal(["Oil title", "Oil summary", "Oil body.", "Notes Oil note."], parts.Select(p => p.Text));
        Assert.True(parts[0].Weight > parts[2].Weight && parts[1].Weight > parts[2].Weight && parts[2].Weight > parts[3].Weight, string.Join(", ", parts));
    }

    [Fact]
    public void Filters_and_the_sort_date_are_outside_the_indexed_text()
    {
        using var site = Some.Site().Article("en", "study", Some.FrontMatter(title: "Study", category: "reports", date: "2023-05-01"));
        var page = Indexed(Assert.Single(Records(site)));

        Assert.Equal("2023-05-01", page.QuerySelector("[data-pagefind-sort=date]")!.TextContent);
        Assert.Equal("2023", page.QuerySelector("[data-pagefind-filter=year]")!.TextContent);
        Assert.Null(page.QuerySelector("[data-pagefind-body] [data-pagefind-filter]"));
    }
}
