using ResearchSite.Build;
using ResearchSite.Search;

namespace ResearchSite.Tests.Search;

public class SearchTextTests
{
    private static IReadOnlyList<Dictionary<string, object>> Records(FixtureSite site)
    {
        var built = BuildPipeline.BuildInMemory(new BuildOptions(site.Input, Some.Theme, site.Output, false, null));
        Assert.True(built.Result.Succeeded, string.Join('\n', built.Result.Diagnostics));
        return SearchIndexer.Records(built.Prepared!.Site, built.Prepared.Planner);
    }

    private static string[] Words(Dictionary<string, object> record) => ((string)record["content"]).Split(' ', StringSplitOptions.RemoveEmptyEntries);

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
    public void Records_come_in_the_order_of_their_paths()
    {
        using var site = Some.Site();
        foreach (var slug in new[] { "delta", "alpha", "charlie", "bravo" })
        {
            site.Article("en", slug, Some.FrontMatter(title: slug)).Article("ar", slug, Some.FrontMatter(title: slug));
        }

        var urls = Records(site).Select(r => (string)r["url"]).ToList();
        Assert.Equal(8, urls.Count);
        Assert.Equal(urls.Order(StringComparer.Ordinal), urls);
    }
}
