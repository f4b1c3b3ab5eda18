using AngleSharp.Dom;
using ResearchSite.Tests.Images;

namespace ResearchSite.Tests.Markdown.Figures;

/// <summary>Images alone in their paragraphs are figures: numbered, captioned, checked with their lines.</summary>
public class FigureTests
{
    /// <summary>A study as a new author writes one: a field photo, a chart, a diagram and an inline icon.</summary>
    internal static FixtureSite Study(string photoLine = "![صورة ميدانية لمعبر حدودي](../../assets/figures/photo.jpg \"المعبر الحدودي عام 2024\")")
    {
        return Some.Site()
            .Bytes("assets/figures/photo.jpg", TestImages.GpsJpeg())
            .Bytes("assets/figures/chart.png", TestImages.Png())
            .File("assets/figures/diagram.svg", TestImages.Svg)
            .Bytes("assets/icons/pin.png", TestImages.Png(32, 32))
            .Article("ar", "study", Some.FrontMatter(title: "دراسة مصورة"), $"""
                ## مقدمة

                {photoLine}

                نص فيه أيقونة ![دبوس](../../assets/icons/pin.png) داخل الجملة.

                ![رسم بياني للعائدات](/files/figures/chart.png "العائدات النفطية 2020–2024")

                ![مخطط الهيكل التنظيمي](../../assets/figures/diagram.svg)

                انظر [الشكل الثاني](#figure-2).
                """);
    }

    private static IElement[] Figures(IDocument page) => page.QuerySelectorAll("main figure").ToArray();

    [Fact]
    public void A_lone_image_is_a_numbered_figure_with_its_caption_and_an_image_in_a_sentence_stays_inline()
    {
        using var site = Study();
        var result = site.Build();
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));

        var page = site.Page("ar/articles/study/index.html");
        var figures = Figures(page);
        Assert.Equal(["figure-1", "figure-2", "figure-3"], figures.Select(f => f.Id));
        Assert.Equal(["شكل 1 المعبر الحدودي عام 2024", "شكل 2 العائدات النفطية 2020–2024", "شكل 3"], figures.Select(f => f.QuerySelector("figcaption")!.TextContent));
        Assert.Equal(["صورة ميدانية لمعبر حدودي", "رسم بياني للعائدات", "مخطط الهيكل التنظيمي"], figures.Select(f => f.QuerySelector("img")!.GetAttribute("alt")));

        var icon = Assert.Single(page.QuerySelectorAll("main p img"));
        Assert.Equal("/files/icons/pin.png", icon.GetAttribute("src"));
        Assert.Null(icon.Closest("figure"));
        Assert.True(File.Exists(site.OutputFile("files/icons/pin.png")));
    }

    [Fact]
    public void A_raster_figure_offers_webp_and_its_own_format_in_widths_never_wider_than_the_original()
    {
        using var site = Study();
        Assert.True(site.Build().Succeeded);
        var figures = Figures(site.Page("ar/articles/study/index.html"));

        var photo = figures[0];
        var webp = photo.QuerySelector("picture source[type='image/webp']")!;
        var img = photo.QuerySelector("picture img")!;
        Assert.Equal(ResearchSite.Images.ImageVariants.Sizes, webp.GetAttribute("sizes"));
        Assert.Equal(
            ["/ar/articles/study/figure-1-480.webp 480w", "/ar/articles/study/figure-1-800.webp 800w", "/ar/articles/study/figure-1-1200.webp 1200w", "/ar/articles/study/figure-1-1600.webp 1600w"],
            webp.GetAttribute("srcset")!.Split(", "));
        Assert.Equal(("1600", "1067"), (img.GetAttribute("width"), img.GetAttribute("height")));
        Assert.Equal("/ar/articles/study/figure-1-800.jpg", img.GetAttribute("src"));

        // The first figure loads at once; the others when they near the screen.
        Assert.Null(img.GetAttribute("loading"));
        Assert.Equal(("lazy", "async"), (figures[1].QuerySelector("img")!.GetAttribute("loading"), figures[1].QuerySelector("img")!.GetAttribute("decoding")));

        // The 900 px chart is never upscaled: its largest variant is its own width.
        var chart = figures[1].QuerySelector("picture img")!;
        Assert.Equal(["480w", "800w", "900w"], chart.GetAttribute("srcset")!.Split(", ").Select(c => c.Split(' ')[1]));
        Assert.EndsWith(".png", chart.GetAttribute("src"), StringComparison.Ordinal);

        // Every candidate of every srcset is a file of the size and format it claims.
        foreach (var candidate in figures.SelectMany(f => f.QuerySelectorAll("[srcset]")).SelectMany(e => e.GetAttribute("srcset")!.Split(", ")))
        {
            var parts = candidate.Split(' ');
            var (format, width, _, _) = TestImages.Read(site.OutputFile(parts[0].TrimStart('/')));
            Assert.Equal(parts[1], $"{width}w");
            Assert.Equal(Path.GetExtension(parts[0]) switch { ".webp" => "webp", ".jpg" => "jpeg", _ => "png" }, format);
        }
    }

    [Fact]
    public void Srcset_urls_with_letters_beyond_ascii_or_a_comma_in_the_site_s_path_parse_as_one_candidate_each()
    {
        using var site = Some.Site()
            .File("site.yml", "title: { ar: سلسلة الاختبار, en: Test Series }\nbase_url: https://research.example.org/series,2024/\ndefault_language: ar\nlanguages: [ar, en]\npage_size: 3\ndigits: latin\n")
            .Bytes("assets/figures/خريطة المعبر, 2024.jpg", TestImages.GpsJpeg(1000, 600))
            .Article("ar", "دراسة-مصورة", Some.FrontMatter(title: "دراسة مصورة"), "## مقدمة\n\n![خريطة المعبر](<../../assets/figures/خريطة المعبر, 2024.jpg> \"المعبر\")\n");
        var result = site.Build();
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        var page = site.Page("ar/articles/دراسة-مصورة/index.html");
        var sources = page.QuerySelectorAll("figure [srcset]").ToList();
        Assert.Equal(2, sources.Count);
        foreach (var element in sources)
        {
            // As a browser reads a srcset: each candidate one URL and its width, every URL a file of the site.
            var srcset = element.GetAttribute("srcset")!;
            var candidates = AngleSharp.Html.SourceSet.Parse(srcset).ToList();
            Assert.Equal(["480w", "800w", "1000w"], candidates.Select(c => c.Descriptor));
            foreach (var candidate in candidates)
            {
                var url = Assert.IsType<string>(candidate.Url);
                Assert.True(url.All(char.IsAscii), url);
                Assert.StartsWith("/series,2024/ar/articles/", url, StringComparison.Ordinal);
                var file = Uri.UnescapeDataString(url["/series,2024/".Length..]);
                Assert.Equal(candidate.Descriptor, $"{TestImages.Read(site.OutputFile(file)).Width}w");
            }
        }
    }

    [Fact]
    public void An_svg_figure_is_an_img_of_its_file_never_inlined()
    {
        using var site = Study();
        Assert.True(site.Build().Succeeded);
        var diagram = Figures(site.Page("ar/articles/study/index.html"))[2];

        Assert.Empty(diagram.QuerySelectorAll("svg, picture, object, iframe"));
        var img = Assert.Single(diagram.QuerySelectorAll("img"));
        Assert.Equal(("/files/figures/diagram.svg", "640", "320"), (img.GetAttribute("src"), img.GetAttribute("width"), img.GetAttribute("height")));
    }

    [Fact]
    public void A_link_to_a_figure_passes_the_link_check_and_a_link_to_a_figure_the_study_lacks_fails()
    {
        using var site = Study();
        Assert.True(site.Build().Succeeded);
        Assert.Equal("#figure-2", site.Page("ar/articles/study/index.html").QuerySelector("main a[href='#figure-2']")!.GetAttribute("href"));

        site.Article("en", "other", Some.FrontMatter(title: "Other"), "See [the chart](../ar/study.md#figure-2) and [a fourth](../ar/study.md#figure-4).\n");
        var result = site.Build();
        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Contains("#figure-4", error.Message, StringComparison.Ordinal);

        // The message says figures have ids too, and how they go: not only "no heading or note".
        Assert.Contains("figure-1, figure-2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_heading_named_like_a_figure_takes_another_id()
    {
        using var site = Study().Article("en", "study", Some.FrontMatter(title: "Study"), "## Figure 1\n\n![A map](../../assets/figures/chart.png)\n");
        Assert.True(site.Build().Succeeded);
        var page = site.Page("en/articles/study/index.html");
        Assert.Equal("figure-1", page.QuerySelector("main figure")!.Id);
        Assert.NotEqual("figure-1", page.QuerySelector("main h2")!.Id);
        Assert.Equal("Figure 1", page.QuerySelector("main figcaption")!.TextContent);
    }

    [Fact]
    public void A_figure_without_alt_text_is_an_error_at_its_line_unless_it_is_marked_decorative()
    {
        using var site = Study(photoLine: "![](../../assets/figures/photo.jpg \"المعبر\")");
        var result = site.Build();
        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.EndsWith("study.md", error.File, StringComparison.Ordinal);
        Assert.Equal((10, 1), (error.Line, error.Column));
        Assert.Contains("no alt text", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(site.Output));

        using var decorative = Study(photoLine: "![decorative](../../assets/figures/photo.jpg)");
        Assert.True(decorative.Build().Succeeded);
        Assert.Equal(string.Empty, Figures(decorative.Page("ar/articles/study/index.html"))[0].QuerySelector("img")!.GetAttribute("alt"));
    }

    [Fact]
    public void A_figure_whose_file_is_missing_is_one_error_at_its_line()
    {
        using var site = Study(photoLine: "![خريطة](../../assets/figures/map.png)");
        var result = site.Build();
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal(10, error.Line);
        Assert.Contains("'/files/figures/map.png' is no file of assets/", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_svg_with_a_script_shown_as_a_figure_is_an_error_at_the_svg_and_the_figure_is_told_it_was_refused_not_that_it_is_missing()
    {
        const string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"320\"><script>alert(document.cookie)</script></svg>";
        // As a figure (line 16), and as a link in a sentence (line 10).
        using var site = Study(photoLine: "انظر [المخطط](../../assets/figures/diagram.svg).").File("assets/figures/diagram.svg", svg);
        var result = site.Build();
        Assert.False(result.Succeeded);
        var errors = result.Diagnostics.Where(d => d.IsError).ToList();
        var atSvg = Assert.Single(errors, d => d.File.EndsWith("diagram.svg", StringComparison.Ordinal));
        Assert.Contains("<script>", atSvg.Message, StringComparison.Ordinal);
        var atStudy = errors.Where(d => d.File.EndsWith("study.md", StringComparison.Ordinal)).ToList();
        Assert.Equal(new[] { 10, 16 }, atStudy.Select(d => d.Line).Order());
        Assert.All(atStudy, d =>
        {
            Assert.Contains("assets/figures/diagram.svg is there but refused", d.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("put it in input/assets/", d.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("leads to no page", d.Message, StringComparison.Ordinal);
        });
        Assert.Equal(3, errors.Count);
        Assert.False(Directory.Exists(site.Output));
    }

    /// <summary>
    /// An SVG sized in physical units (Inkscape's default page is in millimetres) gets the width and height a
    /// browser gives it, at CSS's 96 pixels to the inch, not at libvips' 72: otherwise the page holds it at
    /// three quarters of its size.
    /// </summary>
    [Theory]
    [InlineData("width=\"20cm\" height=\"10cm\"", "756", "378")]
    [InlineData("width=\"150pt\" height=\"75pt\"", "200", "100")]
    [InlineData("width=\"640\" height=\"320px\"", "640", "320")]
    public void An_svg_sized_in_physical_units_gets_the_size_a_browser_gives_it(string size, string width, string height)
    {
        using var site = Study().File("assets/figures/diagram.svg", $"<svg xmlns=\"http://www.w3.org/2000/svg\" {size} viewBox=\"0 0 640 320\"><rect width=\"640\" height=\"320\" fill=\"#246\"/></svg>");
        var result = site.Build();
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        var img = site.Page("ar/articles/study/index.html").QuerySelector("#figure-3 img")!;
        Assert.Equal(("/files/figures/diagram.svg", width, height), (img.GetAttribute("src"), img.GetAttribute("width"), img.GetAttribute("height")));
    }

    /// <summary>
    /// A figure whose URL the safety filter removes (a data: image pasted from Word, a file: path, a script) can
    /// never be shown: like a figure of a file not in assets/, it is an error at its line, not a numbered figure
    /// around an empty image published with a warning.
    /// </summary>
    [Theory]
    [InlineData("data:image/png;base64,iVBORw0KGgo=")]
    [InlineData("file:///etc/passwd")]
    [InlineData("javascript:alert(1)")]
    [InlineData("mailto:editor@example.org")]
    public void A_figure_whose_image_the_safety_filter_removed_is_an_error_not_an_empty_figure(string url)
    {
        using var site = Study(photoLine: $"![صورة من وورد]({url} \"الصورة\")");
        var result = site.Build();
        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal((10, true), (error.Line, error.File.EndsWith("study.md", StringComparison.Ordinal)));
        Assert.Contains("assets/", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(site.Output));
    }

    /// <summary>
    /// An SVG refused for what it holds is reported at the line that holds it (editors jump there), not at the
    /// file's first line; and so is one that is not well-formed, at the line the parser stopped.
    /// </summary>
    [Theory]
    [InlineData("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">\n<rect width=\"10\" height=\"10\"/>\n<script>alert(1)</script>\n</svg>", 4)]
    [InlineData("<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<svg xmlns=\"http://www.w3.org/2000/svg\">&x;</svg>", 2)]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\">\n<rect/>\n<rect>\n</svg>", 4)]
    public void A_refused_svg_is_reported_at_the_line_that_holds_the_problem(string svg, int line)
    {
        using var site = Study().File("assets/figures/diagram.svg", svg);
        var result = site.Build();
        var atSvg = Assert.Single(result.Diagnostics, d => d.IsError && d.File.EndsWith("diagram.svg", StringComparison.Ordinal));
        Assert.Equal(line, atSvg.Line);
    }

    /// <summary>
    /// A figure of a symbolic link out of the input (to /etc/passwd) is told at its line that the file is there
    /// but refused, as one of an SVG with a script is: "no file of assets/, put it in input/assets/" would send
    /// the author looking for a file that is right there.
    /// </summary>
    [Fact]
    public void A_figure_of_a_symbolic_link_out_of_the_input_is_told_the_file_is_refused_not_missing()
    {
        using var site = Study(photoLine: "![صورة](../../assets/figures/secret.png)");
        File.CreateSymbolicLink(Path.Combine(site.Input, "assets", "figures", "secret.png"), "/etc/passwd");
        var result = site.Build();
        var errors = result.Diagnostics.Where(d => d.IsError).ToList();
        Assert.Contains(errors, d => d.File.EndsWith("secret.png", StringComparison.Ordinal) && d.Message.Contains("points outside the input folder", StringComparison.Ordinal));
        var atStudy = Assert.Single(errors, d => d.File.EndsWith("study.md", StringComparison.Ordinal));
        Assert.Equal(10, atStudy.Line);
        Assert.Contains("assets/figures/secret.png is there but refused", atStudy.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(site.Output));
    }

    [Fact]
    public void An_svg_figure_as_a_design_tool_exports_it_with_entities_its_own_data_and_links_to_the_web_is_published()
    {
        const string svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [
              <!ENTITY ns_svg "http://www.w3.org/2000/svg">
            ]>
            <svg xmlns="&ns_svg;" xmlns:xlink="http://www.w3.org/1999/xlink" width="640" height="320" viewBox="0 0 640 320">
              <defs><linearGradient id="g"><stop offset="0" stop-color="#7a2e1f"/></linearGradient></defs>
              <style>.bar { fill: url(#g); }</style>
              <rect class="bar" width="640" height="320" style="fill: url('#g')"/>
              <use xlink:href="#g"/>
              <image width="1" height="1" href="data:image/png;base64,iVBORw0KGgo="/>
              <a href="https://example.org/source"><text x="10" y="20">المصدر</text></a>
            </svg>
            """;
        using var site = Study().File("assets/figures/diagram.svg", svg);
        var result = site.Build();
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        Assert.Equal(svg, File.ReadAllText(site.OutputFile("files/figures/diagram.svg")));
    }

    [Fact]
    public void A_file_that_is_no_image_is_an_error_whatever_its_name_says()
    {
        using var site = Study().File("assets/figures/photo.jpg", "<html><body>not a photo</body></html>");
        var result = site.Build();
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal(10, error.Line);
        Assert.Contains("not an image", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_image_is_an_error_at_its_line_and_libvips_does_not_flood_the_console()
    {
        // A PNG cut in half, and a JPEG whose headers are sound and whose pixel data is garbage.
        var png = TestImages.Png();
        var jpeg = TestImages.GpsJpeg();
        var scan = jpeg.AsSpan().IndexOf((ReadOnlySpan<byte>)[0xFF, 0xDA]);
        var noise = new Random(7);
        for (var i = scan + 20; i < jpeg.Length - 2; i++)
        {
            jpeg[i] = (byte)noise.Next(0, 255);
        }

        using var site = Study().Bytes("assets/figures/chart.png", png[..(png.Length / 2)]).Bytes("assets/figures/photo.jpg", jpeg);
        var host = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
        var start = new System.Diagnostics.ProcessStartInfo(host, [typeof(ResearchSite.Cli.Program).Assembly.Location, "build", "--input", site.Input, "--theme", Some.Theme, "--output", site.Output, "--no-search", "--no-pdf", "--cache", Path.Combine(site.Root, "cache")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        var lines = ((await output) + (await errors)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1, process.ExitCode);
        Assert.InRange(lines.Length, 2, 6);
        Assert.Contains(lines, l => l.Contains("study.md(10,1): error: the figure's image 'figures/photo.jpg'", StringComparison.Ordinal) && l.Contains("damaged", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("study.md(14,1): error: the figure's image 'figures/chart.png'", StringComparison.Ordinal) && l.Contains("damaged", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("VIPS", StringComparison.Ordinal) || l.Contains("   at ", StringComparison.Ordinal));
        Assert.False(Directory.Exists(site.Output));
    }

    [Fact]
    public void An_image_larger_than_the_limits_is_an_error()
    {
        using var site = Study().Bytes("assets/figures/photo.jpg", TestImages.Png(12_001, 8));
        var result = site.Build();
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal(10, error.Line);
        Assert.Contains("12001 × 8 px, more than the 12000 px", error.Message, StringComparison.Ordinal);

        using var heavy = Study().Bytes("assets/figures/photo.jpg", [0xFF, 0xD8, 0xFF, .. new byte[ResearchSite.Images.ImageProbe.MaxBytes]]);
        var tooLarge = Assert.Single(heavy.Build().Diagnostics, d => d.IsError);
        Assert.Contains("more than the 20 MB", tooLarge.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Figures_are_numbered_in_the_language_s_digits()
    {
        using var site = Study().File("site.yml", "title: { ar: سلسلة الاختبار, en: Test Series }\nbase_url: https://research.example.org/\nlanguages: [ar, en]\ndigits: native\n");
        Assert.True(site.Build().Succeeded);
        Assert.Equal("شكل ٢", Figures(site.Page("ar/articles/study/index.html"))[1].QuerySelector(".figure-label")!.TextContent);
    }
}
