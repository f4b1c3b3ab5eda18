using System.Diagnostics;
using ResearchSite.Content;
using ResearchSite.Markdown;
using ResearchSite.Site;
using ResearchSite.Text;

namespace ResearchSite.Tests.Site;

/// <summary>Related studies over an archive the size of the benchmark's largest, built in memory.</summary>
public class RelatedStudiesTests
{
    private static readonly Language Arabic = new("ar");
    private static readonly Language English = new("en");

    /// <summary>A seeded archive like the benchmark's: 40 authors, 8 units, 12 categories, a few of 30 tags, half translated.</summary>
    private static List<Study> Archive(int count)
    {
        var random = new Random(20);
        var rendered = new RenderedArticle([], [], [], [], [], string.Empty);
        var units = Enumerable.Range(0, 8).Select(i => new Unit($"u{i}", LocalizedText.Empty)).ToArray();
        var authors = Enumerable.Range(0, 40).Select(i => new Author($"a{i}", LocalizedText.Empty, LocalizedText.Empty, units[i % 8].Key, LocalizedText.Empty)).ToArray();
        var categories = Enumerable.Range(0, 12).Select(i => new Category($"c{i}", LocalizedText.Empty)).ToArray();
        var studies = new List<Study>();
        for (var i = 0; i < count; i++)
        {
            var author = authors[random.Next(authors.Length)];
            var article = new Article($"{i}.md", Arabic, $"s{i:D5}", $"t{i}", [author], units[random.Next(units.Length)], [categories[random.Next(12)], categories[random.Next(12)]],
                new DateOnly(2010, 1, 1).AddDays(random.Next(5000)), null, Enumerable.Range(0, random.Next(3)).Select(_ => $"tag{random.Next(30)}").ToList(), rendered);
            var versions = new Dictionary<Language, Article> { [Arabic] = article };
            if (i % 2 == 0)
            {
                versions[English] = article with { Language = English };
            }

            studies.Add(new Study(article.Slug, versions));
        }

        return studies.OrderByDescending(s => s.Date).ThenBy(s => s.Slug, StringComparer.Ordinal).ToList();
    }

    [Fact]
    public void Ten_thousand_studies_get_their_related_studies_from_a_bounded_number_of_candidates_the_same_every_time()
    {
        var studies = Archive(10_000);
        var clock = Stopwatch.StartNew();
        var related = RelatedStudies.Of(studies, [Arabic, English], out var scored);
        clock.Stop();

        Assert.Equal(10_000, related.Count);
        Assert.All(related.Values, r => Assert.InRange(r["ar"].Count, 1, RelatedStudies.Count));
        // At most each key's PerKey newest studies per study (keys: an author, a unit, two categories, up to two tags),
        // where scoring every study that shares a key would add up some 2,000 per study.
        Assert.True(scored <= 10_000L * 6 * RelatedStudies.PerKey, $"{scored} scores added up in {clock.Elapsed.TotalMilliseconds:F0} ms");
        var again = RelatedStudies.Of(studies, [Arabic, English]);
        Assert.All(related, r => Assert.Equal(r.Value["en"], again[r.Key]["en"]));
    }

    [Fact]
    public void On_an_english_page_the_studies_with_an_english_version_come_first()
    {
        var studies = Archive(2_000);
        var related = RelatedStudies.Of(studies, [Arabic, English]);
        var bySlug = studies.ToDictionary(s => s.Slug);
        foreach (var list in related.Values.Select(r => r["en"]))
        {
            var english = list.Select(slug => bySlug[slug].Versions.ContainsKey(English)).ToList();
            Assert.Equal(english.OrderByDescending(e => e), english);
        }
    }
}
