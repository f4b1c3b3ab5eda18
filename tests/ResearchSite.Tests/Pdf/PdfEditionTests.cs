using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ResearchSite.Tests.Pdf;

/// <summary>The seed site built once by the command line, with its PDF edition.</summary>
public sealed class SeedPdfs : IDisposable
{
    public SeedPdfs()
    {
        Root = Path.Combine(Path.GetTempPath(), "researchsite-tests", "pdf-" + Guid.NewGuid().ToString("N"));
        Output = Path.Combine(Root, "output");
        (Code, Out, Err) = Some.Cli("build", "--input", Path.Combine(Some.RepoRoot, "input"), "--theme", Some.Theme, "--output", Output, "--no-search", "--verbose");
    }

    public string Root { get; }

    public string Output { get; }

    public int Code { get; }

    public string Out { get; }

    public string Err { get; }

    public string Pdf(string language) => Path.Combine(Output, language, "articles", "coalition-withdrawal-iraq", "coalition-withdrawal-iraq.pdf");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[Trait("Speed", "Slow")]
public class PdfEditionTests(SeedPdfs seed) : IClassFixture<SeedPdfs>
{
    [Fact]
    public void The_seed_study_PDF_holds_its_title_authors_and_each_note_with_its_URL_in_logical_order()
    {
        Assert.True(seed.Code == 0, seed.Out + seed.Err);
        var page = Some.Html(File.ReadAllText(Path.Combine(seed.Output, "ar", "articles", "coalition-withdrawal-iraq", "index.html")));
        var text = PdfTools.Text(seed.Pdf("ar"));
        var words = PdfTools.Words(text);
        var joined = PdfTools.Joined(text);

        // pdftotext rebuilds lines from glyph positions, and Arabic marks set high (ٌ over the last letter of
        // اتفاقٌ) can split a line in two and swap its halves: the order is checked on the first words of each
        // text, and every word must be there.
        void Holds(string what)
        {
            var expected = PdfTools.Words(what);
            Assert.True(PdfTools.InOrder(words, expected.Take(4).ToList()), $"in logical order: {what}");
            Assert.All(expected, w => Assert.Contains(w, words));
        }

        Holds(page.QuerySelector("#article-title")!.TextContent);
        foreach (var author in page.QuerySelectorAll(".authors .author a"))
        {
            Holds(author.TextContent);
        }

        var notes = page.QuerySelectorAll(".notes-list .note-body");
        Assert.Equal(11, notes.Length);
        foreach (var note in notes)
        {
            Holds(note.TextContent);
            foreach (var link in note.QuerySelectorAll("a[href^='http']"))
            {
                Assert.Contains(link.GetAttribute("href")!, joined);
            }
        }
    }

    [Theory]
    [InlineData("ar")]
    [InlineData("en")]
    public void The_title_block_holds_the_series_number_and_the_key_points_as_the_page_shows_them(string language)
    {
        var page = Some.Html(File.ReadAllText(Path.Combine(seed.Output, language, "articles", "coalition-withdrawal-iraq", "index.html")));
        var words = PdfTools.Words(PdfTools.Text(seed.Pdf(language)));
        var number = page.QuerySelector(".article-number")!.TextContent;
        Assert.True(PdfTools.InOrder(words, PdfTools.Words(number)), $"the number: {number}");
        var title = page.QuerySelector("#key-points-title")!.TextContent;
        Assert.True(PdfTools.InOrder(words, PdfTools.Words(title)), $"the heading: {title}");
        var points = page.QuerySelectorAll(".key-points li");
        Assert.Equal(3, points.Length);
        foreach (var point in points)
        {
            // pdftotext gives a letter carrying a vowel mark twice (يُنهي comes out as ُيُينهي: see the README's
            // PDF section): the words without marks are compared, in their order.
            var expected = Unmarked(point.TextContent);
            Assert.True(PdfTools.InOrder(words, expected.Take(3).ToList()), $"in logical order: {point.TextContent}");
            Assert.All(expected, w => Assert.Contains(w, words));
        }

        // Before the text: in the title block, not somewhere in the body.
        var firstPoint = Unmarked(points[0].TextContent).Take(3).ToList();
        var intro = PdfTools.Words(page.QuerySelector(".article-body h2")!.TextContent);
        Assert.True(Position(words, firstPoint) < Position(words, intro), "the key points stand before the first heading");
    }

    private static List<string> Unmarked(string text) =>
        PdfTools.Words(string.Join(' ', text.Split(' ').Where(w => !w.Any(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark))));

    private static int Position(List<string> words, List<string> run)
    {
        for (var i = 0; i + run.Count <= words.Count; i++)
        {
            if (words.Skip(i).Take(run.Count).SequenceEqual(run))
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    [Fact]
    public void The_English_version_is_typeset_left_to_right_and_the_Arabic_one_right_to_left()
    {
        static (double Min, double Max) Title(string pdf, string word)
        {
            var (_, boxes) = PdfTools.Run("pdftotext", "-f", "1", "-l", "1", "-bbox", pdf, "-");
            var match = Regex.Match(boxes, $"<word xMin=\"([0-9.]+)\" yMin=\"[0-9.]+\" xMax=\"([0-9.]+)\" yMax=\"[0-9.]+\">{Regex.Escape(word)}</word>");
            Assert.True(match.Success, $"{word} in {pdf}");
            return (double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
        }

        const double PageWidth = 595.3;
        var english = Title(seed.Pdf("en"), "Bilateral");
        Assert.True(english.Min < PageWidth / 3, $"the English title starts at the left margin: {english}");
        // pdftotext's boxes hold the letters as they stand on the page: an Arabic word reversed.
        var arabic = Title(seed.Pdf("ar"), "قٌافتا");
        Assert.True(arabic.Max > PageWidth * 2 / 3, $"the Arabic title starts at the right margin: {arabic}");
        Assert.Contains("Bilateral Agreement", PdfTools.Text(seed.Pdf("en")));
    }

    [Fact]
    public void Every_font_is_embedded_the_PDFs_pass_qpdf_and_their_first_pages_are_rendered()
    {
        Directory.CreateDirectory(PdfTools.ResultsFolder);
        foreach (var language in new[] { "ar", "en" })
        {
            var pdf = seed.Pdf(language);
            var (fontsCode, fonts) = PdfTools.Run("pdffonts", pdf);
            Assert.Equal(0, fontsCode);
            var rows = fonts.Split('\n').Skip(2).Where(l => l.Trim().Length > 0).ToList();
            Assert.NotEmpty(rows);
            Assert.All(rows, row => Assert.Matches(@"\s+yes\s+yes\s+yes\s+\d+\s+\d+\s*$", row));

            var (checkCode, check) = PdfTools.Run("qpdf", "--check", pdf);
            Assert.True(checkCode == 0, check);

            var pages = PdfTools.Pages(pdf);
            Assert.InRange(pages, 3, 20);

            var (renderCode, rendered) = PdfTools.Run("pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "2", pdf, Path.Combine(PdfTools.ResultsFolder, $"seed-{language}"));
            Assert.True(renderCode == 0, rendered);
        }

        Assert.Equal(4, Directory.EnumerateFiles(PdfTools.ResultsFolder, "seed-*.png").Count());
    }

    [Fact]
    public void The_article_page_links_its_PDF_with_its_size_and_the_metadata_names_it()
    {
        var folder = Path.Combine(seed.Output, "en", "articles", "coalition-withdrawal-iraq");
        var page = Some.Html(File.ReadAllText(Path.Combine(folder, "index.html")));
        var link = page.QuerySelector(".pdf-link a[type='application/pdf']")!;
        Assert.Equal("Download PDF", link.TextContent);
        Assert.Equal("/en/articles/coalition-withdrawal-iraq/coalition-withdrawal-iraq.pdf", link.GetAttribute("href"));
        var bytes = new FileInfo(seed.Pdf("en")).Length;
        Assert.Equal($"({Math.Max(1, (bytes + 512) / 1024)} KB)", page.QuerySelector(".pdf-size")!.TextContent);

        var url = "https://research.example.org/en/articles/coalition-withdrawal-iraq/coalition-withdrawal-iraq.pdf";
        Assert.Equal(url, page.QuerySelector("meta[name='citation_pdf_url']")!.GetAttribute("content"));
        Assert.Contains($"pdf = {{{url}}}", File.ReadAllText(Path.Combine(folder, "cite.bib")));
        var jsonLd = JsonDocument.Parse(page.QuerySelector("script[type='application/ld+json']")!.TextContent).RootElement;
        Assert.Equal(url, jsonLd.GetProperty("encoding").GetProperty("contentUrl").GetString());

        var arabic = Some.Html(File.ReadAllText(Path.Combine(seed.Output, "ar", "articles", "coalition-withdrawal-iraq", "index.html")));
        Assert.Equal("تحميل PDF", arabic.QuerySelector(".pdf-link a")!.TextContent);
    }

    [Fact]
    public void An_unchanged_rebuild_takes_every_PDF_from_the_cache()
    {
        var before = File.ReadAllBytes(seed.Pdf("ar"));

        // --force: without it, a rebuild with nothing changed would not look at the PDFs at all.
        var (code, output, errors) = Some.Cli("build", "--input", Path.Combine(Some.RepoRoot, "input"), "--theme", Some.Theme, "--output", seed.Output, "--no-search", "--verbose", "--force");
        Assert.True(code == 0, output + errors);
        Assert.Contains("PDFs: 2 of 2 studies, 0 typeset, 2 from the cache.", output);
        Assert.Equal(before, File.ReadAllBytes(seed.Pdf("ar")));
    }
}
