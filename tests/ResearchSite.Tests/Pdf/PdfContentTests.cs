using System.Text;
using ResearchSite.Build;

namespace ResearchSite.Tests.Pdf;

[Trait("Speed", "Slow")]
public class PdfContentTests
{
    // A 1×1 PNG: the smallest image Typst accepts.
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private static BuildResult Build(FixtureSite site) =>
        BuildPipeline.Run(new BuildOptions(site.Input, Some.Theme, site.Output, false, null) { Pdf = PdfMode.Typeset });

    private static string PdfOf(FixtureSite site, string language, string slug) =>
        site.OutputFile($"{language}/articles/{slug}/{slug}.pdf");

    [Fact]
    public void Hostile_text_is_typeset_as_text()
    {
        var hostile = "#set text(red) $x$ @ref ] [ = - + / ~ * _ `tick`";
        // In English: in an Arabic line pdftotext moves neutral punctuation (], #) by its own guess.
        using var site = Some.Site().Article("en", "hostile", Some.FrontMatter(title: "#set page(width: 1cm) $x$ @ref ]"), $"Text {hostile.Replace("*", "\\*").Replace("_", "\\_")} &lt;label&gt; end\\\nline after a backslash.\n\n# #show: none\n\n[^1]: A note with #set and $y$ and ] \\\n\nText[^1].\n");
        var result = Build(site);
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        var text = PdfTools.Text(PdfOf(site, "en", "hostile"));
        Assert.Contains("#set page(width: 1cm) $x$ @ref ]", text);
        Assert.Contains("#set text(red) $x$ @ref ] [ = - + / ~ * _ tick", text);
        Assert.Contains("<label> end", text);
        Assert.Contains("line after a backslash.", text);
        Assert.Contains("#show: none", text);
        Assert.Contains("$y$", text);
    }

    [Fact]
    public void A_table_of_2000_rows_and_500_notes_are_typeset()
    {
        var body = new StringBuilder("| الرقم | القيمة |\n|---|--:|\n");
        for (var row = 1; row <= 2000; row++)
        {
            body.Append($"| صف {row} | {row * 3} |\n");
        }

        body.Append('\n');
        for (var note = 1; note <= 500; note++)
        {
            body.Append($"جملة رقم {note}[^n{note}].\n");
        }

        body.Append('\n');
        for (var note = 1; note <= 500; note++)
        {
            body.Append($"[^n{note}]: المصدر {note} https://example.org/{note}\n");
        }

        using var site = Some.Site().Article("ar", "long", Some.FrontMatter(), body.ToString());
        var result = Build(site);
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        var pdf = PdfOf(site, "ar", "long");
        var text = PdfTools.Joined(PdfTools.Text(pdf));
        Assert.Contains("صف2000", text);
        Assert.Contains("https://example.org/500", text);
        Assert.InRange(PdfTools.Pages(pdf), 40, 400);
    }

    /// <summary>The studies' PDFs in the cache (not the template's sample), in a fixed order.</summary>
    private static List<string> CachedStudies(FixtureSite site)
    {
        var cache = global::ResearchSite.Pdf.Typesetter.CacheOf(site.Output);
        var sample = Path.Combine(cache, global::ResearchSite.Pdf.Typesetter.SampleFolder) + Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(cache, "*.pdf", SearchOption.AllDirectories).Where(f => !f.StartsWith(sample, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>A copy of the theme whose PDF template is edited by <paramref name="edit"/> (file name, text).</summary>
    private static string ThemeWithPdfTemplate(FixtureSite site, string file, Func<string, string> edit)
    {
        var theme = site.CopyOfTheme();

        var template = Path.Combine(theme, "pdf", file);
        File.WriteAllText(template, edit(File.ReadAllText(template)));
        return theme;
    }

    [Fact]
    public void A_study_whose_PDF_fails_is_reported_and_the_others_are_still_typeset()
    {
        using var site = Some.Site()
            .Bytes("assets/map.png", Png)
            .Article("ar", "broken", Some.FrontMatter(title: "دراسة تنهار"), "نص.\n")
            .Article("ar", "fine", Some.FrontMatter(title: "دراسة سليمة"), "نص.\n\n![خريطة](/files/map.png \"خريطة المنطقة\")\n");

        // A template that fails on one study's data only: the study is named, not the template.
        var theme = ThemeWithPdfTemplate(site, "study.typ", t => t + "\n#if d.title == \"دراسة تنهار\" { panic(\"no\") }\n");
        var result = BuildPipeline.Run(new BuildOptions(site.Input, theme, site.Output, false, null) { Pdf = PdfMode.Typeset });
        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.EndsWith("broken.md", error.File);
        Assert.Contains("PDF cannot be typeset", error.Message);
        Assert.Contains("study.typ", error.Message);

        // The other study's PDF was typeset and waits in the cache: the next build takes it from there.
        var pdf = Assert.Single(CachedStudies(site));
        Assert.Contains("خريطة المنطقة", PdfTools.Text(pdf));
        var (_, images) = PdfTools.Run("pdfimages", "-list", pdf);
        Assert.True(images.Split("\n", StringSplitOptions.RemoveEmptyEntries).Length >= 3, images);
    }

    [Fact]
    public void Quotes_lists_and_styles_nested_60_deep_pass_check_and_are_typeset()
    {
        static string Styled(string word, string inner) =>
            string.Concat(Enumerable.Range(0, 60).Select(i => (i % 2 == 0 ? "*" : "_") + word + i + " ")) + inner
            + string.Concat(Enumerable.Range(0, 60).Reverse().Select(i => " " + word + i + (i % 2 == 0 ? "*" : "_")));

        var quotes = string.Concat(Enumerable.Repeat("> ", 60));
        var lists = string.Concat(Enumerable.Range(0, 60).Select(i => new string(' ', i * 2) + "- item" + i + "\n"));
        var body = $"Text.\n\n{quotes}Deepest quote {Styled("w", "deepest style")}[^1]\n{quotes}\n{quotes}| a | b |\n{quotes}|---|---|\n{quotes}| cell1 | cell2 |\n\n{lists}\n"
            + $"[^1]: {Styled("n", "deepest note")} [source](https://example.org/deep)\n";
        using var site = Some.Site().Article("en", "deep", Some.FrontMatter(title: "Deep Nesting"), body);

        var (checkCode, checkOut, checkErr) = Some.Cli("check", "--input", site.Input, "--theme", Some.Theme);
        Assert.True(checkCode == 0, checkOut + checkErr);
        var result = Build(site);
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));

        var text = PdfTools.Text(PdfOf(site, "en", "deep"));
        Assert.Contains("Deepest quote", text);
        Assert.Contains("deepest style", text);
        Assert.Contains("cell2", text);
        Assert.Contains("item59", text);
        Assert.Contains("deepest note", text);
        Assert.Contains("https://example.org/deep", PdfTools.Joined(text));
    }

    [Fact]
    public void An_AVIF_figure_which_Typst_cannot_read_prints_as_its_alt_text()
    {
        byte[] avif;
        using (var image = NetVips.Image.Black(40, 30).Linear(new double[] { 1, 1, 1 }, new double[] { 200, 30, 30 }).Cast(NetVips.Enums.BandFormat.Uchar))
        {
            avif = image.HeifsaveBuffer(compression: NetVips.Enums.ForeignHeifCompression.Av1);
        }

        using var site = Some.Site()
            .Bytes("assets/photo.avif", avif)
            .Article("en", "avif", Some.FrontMatter(title: "With an AVIF"), "Text.\n\n![A red field](/files/photo.avif \"The field\")\n");
        var (checkCode, checkOut, checkErr) = Some.Cli("check", "--input", site.Input, "--theme", Some.Theme);
        Assert.True(checkCode == 0, checkOut + checkErr);
        var result = Build(site);
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        var text = PdfTools.Text(PdfOf(site, "en", "avif"));
        Assert.Contains("A red field", text);
        Assert.Contains("The field", text);
    }

    [Fact]
    public void A_truncated_or_garbled_PDF_in_the_cache_is_typeset_again_not_published()
    {
        using var site = Some.Site()
            .Article("en", "one", Some.FrontMatter(title: "First Study"), "Text one.\n")
            .Article("en", "two", Some.FrontMatter(title: "Second Study"), "Text two.\n");
        Assert.True(Build(site).Succeeded);
        var good = new[] { "one", "two" }.ToDictionary(s => s, s => File.ReadAllBytes(PdfOf(site, "en", s)));
        var cached = CachedStudies(site);
        Assert.Equal(2, cached.Count);

        // One cut short (a build killed while copying, a full disk), one of the same length with bytes changed
        // in its middle (it still starts with %PDF and ends with %%EOF).
        var bytes = File.ReadAllBytes(cached[0]);
        File.WriteAllBytes(cached[0], bytes[..(bytes.Length / 2)]);
        var garbled = File.ReadAllBytes(cached[1]);
        for (var i = garbled.Length / 3; i < garbled.Length / 3 + 64; i++)
        {
            garbled[i] ^= 0x5A;
        }

        File.WriteAllBytes(cached[1], garbled);

        var rebuilt = Build(site);
        Assert.True(rebuilt.Succeeded, string.Join('\n', rebuilt.Diagnostics));
        Assert.Contains("2 typeset", rebuilt.PdfMessage);
        foreach (var (slug, pdf) in good)
        {
            Assert.Equal(pdf, File.ReadAllBytes(PdfOf(site, "en", slug)));
            var (code, check) = PdfTools.Run("qpdf", "--check", PdfOf(site, "en", slug));
            Assert.True(code == 0, check);
        }
    }

    [Theory]
    [InlineData("study.typ", "justify: true", "justifyy: true")]
    [InlineData("blocks.typ", "par(inl(x.c))", "par(inl(x.c), nonsense: 1)")]
    public void A_template_error_is_reported_once_at_its_line_and_the_output_is_left_as_it_was(string file, string from, string to)
    {
        using var site = Some.Site()
            .Article("ar", "a", Some.FrontMatter(title: "الأولى"), "نص.\n")
            .Article("ar", "b", Some.FrontMatter(title: "الثانية"), "نص.\n")
            .Article("en", "c", Some.FrontMatter(title: "Third"), "Text.\n");
        var cache = Path.Combine(site.Root, "cache");
        var (code, output, errors) = Some.Cli("build", "--input", site.Input, "--theme", Some.Theme, "--output", site.Output, "--cache", cache, "--no-search");
        Assert.True(code == 0, output + errors);
        var before = site.Snapshot();

        var line = 0;
        var column = 0;
        var theme = ThemeWithPdfTemplate(site, file, text =>
        {
            var lines = text.Split('\n');
            line = Array.FindIndex(lines, l => l.Contains(from, StringComparison.Ordinal)) + 1;
            column = lines[line - 1].IndexOf(from, StringComparison.Ordinal) + 1;
            return text.Replace(from, to, StringComparison.Ordinal);
        });
        Assert.True(line > 0);
        (code, output, errors) = Some.Cli("build", "--input", site.Input, "--theme", theme, "--output", site.Output, "--cache", cache, "--no-search");
        Assert.Equal(1, code);
        var reported = (output + errors).Split('\n').Where(l => l.Contains(": error:", StringComparison.Ordinal)).ToList();
        var error = Assert.Single(reported);
        var at = System.Text.RegularExpressions.Regex.Match(error, @"^(.*)\((\d+),(\d+)\): error: ");
        Assert.True(at.Success, error);
        Assert.Equal(Path.GetFullPath(Path.Combine(theme, "pdf", file)), Path.GetFullPath(at.Groups[1].Value));
        Assert.Equal(line, int.Parse(at.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(int.Parse(at.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture), column, column + from.Length + to.Length);
        Assert.Equal(before, site.Snapshot());

        // check says the same, at the same place.
        var (checkCode, checkOut, checkErr) = Some.Cli("check", "--input", site.Input, "--theme", theme);
        Assert.Equal(1, checkCode);
        Assert.Equal(error, Assert.Single((checkOut + checkErr).Split('\n'), l => l.Contains(": error:", StringComparison.Ordinal)));
    }

    [Fact]
    public void Page_numbers_and_note_markers_are_in_Arabic_Indic_digits_when_the_site_asks_for_native_digits()
    {
        using var site = Some.Site()
            .File("site.yml", "title: { ar: سلسلة الاختبار, en: Test Series }\nbase_url: https://research.example.org/\ndefault_language: ar\nlanguages: [ar, en]\ndigits: native\n")
            .Article("ar", "a", Some.FrontMatter(extra: "number: 7\n"), "نص[^1] وبعده.\n\n[^1]: حاشية.\n");
        var result = Build(site);
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        var (_, boxes) = PdfTools.Run("pdftotext", "-bbox", PdfOf(site, "ar", "a"), "-");
        var digits = System.Text.RegularExpressions.Regex.Matches(boxes, @">([0-9\u0660-\u0669]+)</word>").Select(m => m.Groups[1].Value).ToList();

        // The note's marker, its number at the page's bottom, the page number, the date, the series number: none in Latin digits.
        Assert.Contains("١", digits);
        Assert.Contains("٧", digits);
        Assert.DoesNotContain(digits, d => d.Any(char.IsAsciiDigit));
    }

    [Fact]
    public void No_pdf_writes_no_PDF_and_links_none()
    {
        using var site = Some.Site().Article("ar", "a", Some.FrontMatter());
        var (code, output, errors) = Some.Cli("build", "--input", site.Input, "--theme", Some.Theme, "--output", site.Output, "--no-search", "--no-pdf");
        Assert.True(code == 0, output + errors);
        Assert.Empty(Directory.EnumerateFiles(site.Output, "*.pdf", SearchOption.AllDirectories));
        var page = site.Page("ar/articles/a/index.html");
        Assert.Null(page.QuerySelector(".pdf-link"));
        Assert.Null(page.QuerySelector("meta[name='citation_pdf_url']"));
    }

    [Fact]
    public async Task Serve_typesets_a_PDF_only_when_it_is_asked_for()
    {
        using var site = Some.Site().Article("en", "a", Some.FrontMatter(title: "A Study of Serving"), "## Intro\n\nServed body words[^1].\n\n[^1]: A note.\n");
        await using var server = new ResearchSite.Serve.DevServer(new BuildOptions(site.Input, Some.Theme, site.Output, false, null) { Pdf = PdfMode.OnRequest }, TextWriter.Null, TextWriter.Null);
        await server.StartAsync("127.0.0.1", Some.FreePort());
        Assert.DoesNotContain(server.Site.Files.Keys, f => f.EndsWith(".pdf", StringComparison.Ordinal));
        var page = Some.Html(Encoding.UTF8.GetString(server.Site.Files["en/articles/a/index.html"]));
        var href = page.QuerySelector(".pdf-link a")!.GetAttribute("href")!;
        Assert.Null(page.QuerySelector(".pdf-size"));

        using var http = new HttpClient { BaseAddress = server.Address };
        using var response = await http.GetAsync(href);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var file = Path.Combine(site.Root, "served.pdf");
        await File.WriteAllBytesAsync(file, bytes);
        Assert.Contains("A Study of Serving", PdfTools.Text(file));

        // The body too: serve keeps no study's print data, and renders it for print when its PDF is asked for.
        Assert.Contains("Served body words", PdfTools.Text(file));

        using var missing = await http.GetAsync("/en/articles/a/other.pdf");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
    }
}

[Trait("Speed", "Slow")]
public class PdfCorpusTests
{
    [Fact]
    public void Every_study_of_a_bilingual_corpus_has_a_valid_PDF_that_extracts_to_its_own_text()
    {
        using var site = Some.Site();
        var input = Path.Combine(site.Root, "corpus");
        ResearchSite.Bench.CorpusGenerator.Write(input, 12, seed: 3);
        var result = BuildPipeline.Run(new BuildOptions(input, Some.Theme, site.Output, false, null) { Pdf = PdfMode.Typeset });
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics.Take(5)));

        var pages = Directory.EnumerateFiles(site.Output, "index.html", SearchOption.AllDirectories).Where(p => p.Contains($"{Path.DirectorySeparatorChar}articles{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).ToList();
        Assert.True(pages.Count > 12, $"{pages.Count} study versions");
        foreach (var page in pages)
        {
            var folder = Path.GetDirectoryName(page)!;
            var pdf = Path.Combine(folder, Path.GetFileName(folder) + ".pdf");
            var (code, check) = PdfTools.Run("qpdf", "--check", pdf);
            Assert.True(code == 0, $"{pdf}: {check}");

            // Its own title and its own first paragraph, not another study's.
            var html = Some.Html(File.ReadAllText(page));
            var words = PdfTools.Words(PdfTools.Text(pdf));
            Assert.True(PdfTools.InOrder(words, PdfTools.Words(html.QuerySelector("#article-title")!.TextContent).Take(3).ToList()), $"{pdf}: its title");
            var first = html.QuerySelector(".article-body p")!.TextContent;
            Assert.True(PdfTools.InOrder(words, PdfTools.Words(first).Take(5).ToList()), $"{pdf}: its first paragraph");
        }
    }
}
