using System.Text.RegularExpressions;
using ResearchSite.Bench;
using ResearchSite.Build;

namespace ResearchSite.Tests.Build;

/// <summary>A 200-study generated corpus: the build is complete and reports its phases. Speed is the benchmark's job.</summary>
[Trait("Speed", "Slow")]
public class GeneratedCorpusTests
{
    [Fact]
    public void A_generated_corpus_of_200_studies_builds_every_article_and_index_page()
    {
        using var site = Some.Site();
        var input = Path.Combine(site.Root, "corpus");
        CorpusGenerator.Write(input, 200, seed: 7);
        var result = BuildPipeline.Run(new BuildOptions(input, Some.Theme, site.Output, false, null));
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics.Take(5)));
        Assert.Empty(result.Diagnostics);

        foreach (var lang in new[] { "ar", "en" })
        {
            var sources = Directory.GetFiles(Path.Combine(input, "articles", lang), "*.md").Select(Path.GetFileNameWithoutExtension).Order().ToList();
            var pages = Directory.GetDirectories(site.OutputFile($"{lang}/articles")).Select(Path.GetFileName).Order().ToList();
            Assert.Equal(sources, pages);

            // Every study appears once in the paged series table of contents of each language.
            var listed = new List<string>();
            for (var page = 1; ; page++)
            {
                var path = page == 1 ? $"{lang}/index.html" : $"{lang}/page/{page}/index.html";
                if (!File.Exists(site.OutputFile(path)))
                {
                    break;
                }

                listed.AddRange(site.Page(path).QuerySelectorAll("li.study h3 a").Select(a => a.GetAttribute("href")!.Split('/')[^2]));
            }

            Assert.Equal(200, listed.Count);
            Assert.Equal(200, listed.Distinct().Count());
            foreach (var kind in new[] { "categories", "authors", "units" })
            {
                var entries = site.Page($"{lang}/{kind}/index.html").QuerySelectorAll("ul.term-list a").Select(a => a.GetAttribute("href")!).ToList();
                Assert.All(entries, href => Assert.True(File.Exists(site.OutputFile(href.TrimStart('/') + "index.html")), href));
            }
        }

        // Each article page carries its own source's title and every one of its notes, in order.
        foreach (var source in Directory.GetFiles(Path.Combine(input, "articles"), "*.md", SearchOption.AllDirectories).Order().Take(40))
        {
            var lang = Path.GetFileName(Path.GetDirectoryName(source))!;
            var text = File.ReadAllText(source);
            var title = Regex.Match(text, "^title: \"(.*)\"$", RegexOptions.Multiline).Groups[1].Value;
            var notes = Regex.Matches(text, lang == "ar" ? "^\\[(\\d+)\\] " : "^\\[\\^(\\d+)\\]: ", RegexOptions.Multiline).Count;
            var page = site.Page($"{lang}/articles/{Path.GetFileNameWithoutExtension(source)}/index.html");
            Assert.Equal(title, page.QuerySelector("h1")!.TextContent.Trim());
            Assert.True(notes > 0, source);
            Assert.Equal(notes, page.QuerySelectorAll("section.notes li").Length);
            Assert.Equal(notes, page.QuerySelectorAll("a[role=doc-noteref]").Select(a => a.GetAttribute("href")).Distinct().Count());
        }

        Assert.Equal(["read", "render", "cross-link", "write", "swap"], result.Phases.Select(p => p.Phase));
        Assert.True(result.Phases.Sum(p => p.Elapsed.Ticks) <= result.Elapsed.Ticks, "the phases take longer than the build");
        Assert.Equal(Directory.GetFiles(site.Output, "*.html", SearchOption.AllDirectories).Length, result.PagesPerLanguage.Values.Sum());
    }
}
