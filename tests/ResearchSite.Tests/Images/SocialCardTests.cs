using ResearchSite.Images;

namespace ResearchSite.Tests.Images;

/// <summary>Every study version has a card drawn for it, announced in its page's Open Graph and Twitter tags.</summary>
public class SocialCardTests
{
    [Theory]
    [InlineData("ar", "دراسة عن المعابر الحدودية")]
    [InlineData("en", "A Study of Border Crossings")]
    public void Every_study_page_names_its_social_card_which_is_written_beside_it(string language, string title)
    {
        using var site = Some.Site()
            .Article("ar", "study", Some.FrontMatter(title: "دراسة عن المعابر الحدودية"))
            .Article("en", "study", Some.FrontMatter(title: "A Study of Border Crossings"));
        Assert.True(site.Build().Succeeded);

        var page = site.Page($"{language}/articles/study/index.html");
        string Meta(string name) => page.QuerySelector($"meta[property='{name}'], meta[name='{name}']")!.GetAttribute("content")!;
        Assert.Equal($"https://research.example.org/{language}/articles/study/card.png", Meta("og:image"));
        Assert.Equal(("1200", "630", title), (Meta("og:image:width"), Meta("og:image:height"), Meta("og:image:alt")));
        Assert.Equal("summary_large_image", Meta("twitter:card"));
        Assert.Null(page.QuerySelector("meta[name='twitter:image']"));

        var (format, width, height, fields) = TestImages.Read(site.OutputFile($"{language}/articles/study/card.png"));
        Assert.Equal(("png", 1200, 630), (format, width, height));
        Assert.DoesNotContain(fields, f => f.StartsWith("exif", StringComparison.Ordinal));
    }

    [Fact]
    public void An_arabic_card_is_set_from_the_right_and_an_english_one_from_the_left()
    {
        using var store = new TemporaryStore();
        var arabic = Ink(SocialCard.Draw(new CardText("سلسلة", "انسحاب التحالف الدولي", "إلهام النجار", "15 أكتوبر 2024", RightToLeft: true), store.Store));
        var english = Ink(SocialCard.Draw(new CardText("Series", "The Coalition's Withdrawal", "Ilham El-Naggar", "15 October 2024", RightToLeft: false), store.Store));

        // The title's ink ends at the margin on its own side and stops well before the other.
        Assert.InRange(arabic.Right, SocialCard.Width - 90, SocialCard.Width - 70);
        Assert.True(arabic.Left > 300, $"Arabic title starts at {arabic.Left}");
        Assert.InRange(english.Left, 70, 90);
        Assert.True(english.Right < SocialCard.Width - 200, $"English title ends at {english.Right}");
    }

    /// <summary>
    /// A line's direction is its language's, not that of its first letter: an Arabic title that opens with a
    /// Latin word ("ISIS …", "NATO …") reads from the right with that word first, and every line of it ends at
    /// the right margin; an English title that opens with an Arabic word is set from the left.
    /// </summary>
    [Theory]
    [InlineData("ISIS في العراق: هل تعود الجماعات الإرهابية بعد انسحاب قوات التحالف الدولي من قواعدها؟", true)]
    [InlineData("داعش and the Coalition: Will Terrorist Groups Exploit the Withdrawal of the International Forces from Their Bases", false)]
    public void Every_line_of_a_title_starts_at_its_languages_margin_whatever_its_first_word(string title, bool rightToLeft)
    {
        using var store = new TemporaryStore();
        var lines = Lines(SocialCard.Draw(new CardText("Series", title, "Author", "2024", rightToLeft), store.Store));

        Assert.True(lines.Count >= 2, $"the title was meant to take two lines or more, it took {lines.Count}");
        foreach (var (left, right) in lines)
        {
            if (rightToLeft)
            {
                Assert.InRange(right, SocialCard.Width - 90, SocialCard.Width - 70);
            }
            else
            {
                Assert.InRange(left, 70, 90);
            }
        }
    }

    [Fact]
    public void A_card_with_an_empty_line_is_drawn_without_it()
    {
        using var store = new TemporaryStore();
        var png = SocialCard.Draw(new CardText(" ", "عنوان", string.Empty, "2024", RightToLeft: true), store.Store);
        Assert.Equal(("png", 1200, 630), TestImages.Read(png) is var (f, w, h, _) ? (f, w, h) : default);
    }

    [Fact]
    public void A_title_of_a_hundred_thousand_characters_gets_a_card_not_an_exception()
    {
        using var store = new TemporaryStore();
        var title = string.Concat(Enumerable.Repeat("Longword ", 12000));
        var png = SocialCard.Draw(new CardText("Series", title, string.Concat(Enumerable.Repeat("An Author, ", 2000)), "2024", RightToLeft: false), store.Store);
        Assert.Equal(("png", 1200, 630), TestImages.Read(png) is var (f, w, h, _) ? (f, w, h) : default);
        Assert.Equal("Longword Longword…", SocialCard.Shortened("Longword Longword Longword", 20));
    }

    /// <summary>Where the title's dark ink lies across the card (the band of rows it is drawn in).</summary>
    private static (int Left, int Right) Ink(byte[] png)
    {
        using var card = NetVips.Image.NewFromBuffer(png);
        using var band = card.Crop(0, 110, SocialCard.Width - 20, 300).ExtractBand(0);
        using var dark = band < 100;
        var sums = dark.Project();
        using var columns = (NetVips.Image)sums[0];
        using var rows = (NetVips.Image)sums[1];
        var left = -1;
        var right = -1;
        for (var x = 20; x < columns.Width; x++)
        {
            if (columns.Getpoint(x, 0)[0] > 0)
            {
                left = left < 0 ? x : left;
                right = x;
            }
        }

        return (left, right);
    }

    /// <summary>Where each line of the title's dark ink begins and ends across the card, top to bottom.</summary>
    private static List<(int Left, int Right)> Lines(byte[] png)
    {
        using var card = NetVips.Image.NewFromBuffer(png);
        // Between the series' name (above 110) and the footer; the band along the start edge left out.
        using var band = card.Crop(20, 110, SocialCard.Width - 40, 380).ExtractBand(0);
        using var dark = band < 100;
        using var rows = (NetVips.Image)dark.Project()[1];
        var lines = new List<(int, int)>();
        var y = 0;
        while (y < rows.Height)
        {
            if (rows.Getpoint(0, y)[0] == 0)
            {
                y++;
                continue;
            }

            // A line ends at a gap of a dozen blank rows: the dots above Arabic letters are apart from them by less.
            var top = y;
            var blank = 0;
            while (y < rows.Height && blank < 12)
            {
                blank = rows.Getpoint(0, y)[0] > 0 ? 0 : blank + 1;
                y++;
            }

            using var line = dark.Crop(0, top, dark.Width, y - blank - top);
            var box = line.FindTrim(threshold: 0, background: [0]).Select(Convert.ToInt32).ToArray();
            lines.Add((box[0] + 20, box[0] + box[2] + 20 - 1));
        }

        return lines;
    }

    internal sealed class TemporaryStore : IDisposable
    {
        private readonly string folder = Path.Combine(Path.GetTempPath(), "researchsite-tests", Guid.NewGuid().ToString("N"));

        public ImageStore Store => new(folder, Some.Theme);

        public void Dispose()
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
