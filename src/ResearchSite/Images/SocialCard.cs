using System.Text.RegularExpressions;
using NetVips;

namespace ResearchSite.Images;

/// <summary>What a study's social card says, in the study's language.</summary>
/// <param name="Series">The series' name.</param>
/// <param name="Title">The study's title.</param>
/// <param name="Authors">Its authors, joined with the language's separator.</param>
/// <param name="Date">Its date as the page shows it.</param>
/// <param name="RightToLeft">Whether the study's language is written right to left.</param>
public sealed record CardText(string Series, string Title, string Authors, string Date, bool RightToLeft);

/// <summary>
/// The image a link to a study shows in social media and chat (Open Graph, Twitter): 1,200 × 630 pixels, drawn
/// at build time with libvips' text rendering (Pango, with HarfBuzz shaping: Arabic letters joined, lines
/// right to left, Latin runs in order) in the theme's fonts (theme/fonts/, TrueType) and colours (the custom
/// properties of theme/assets/site.css).
/// </summary>
public static partial class SocialCard
{
    public const int Width = 1200;
    public const int Height = 630;

    internal const string CacheKind = "cards";

    private const int Margin = 80;

    /// <summary>Bumped when the drawing changes.</summary>
    private const string Version = "card v3";

    /// <summary>The families named in the theme's fonts, Arabic first: Pango takes each letter from the first that has it.</summary>
    private const string Families = "Noto Naskh Arabic, Noto Serif";

    /// <summary>The card's PNG, from the cache or drawn now.</summary>
    public static byte[] Draw(CardText text, ImageStore store) =>
        store.Cached(CacheKind, Key(text, store), "png", () => Drawn(text, store));

    /// <summary>The cache's file of the card (drawn now when it has none); null without a cache folder.</summary>
    public static string? StoredFile(CardText text, ImageStore store) =>
        store.CachedFile(CacheKind, Key(text, store), "png", () => Drawn(text, store));

    private static byte[] Drawn(CardText text, ImageStore store) => Render(
        text with { Series = Shortened(text.Series, 120), Title = Shortened(text.Title, 320), Authors = Shortened(text.Authors, 160) },
        store.CardTheme);

    /// <summary>
    /// Text cut to what a card can show, at a space, with an ellipsis: the card holds some six lines of
    /// title at its smallest size, and libvips refuses to lay out text past a size (a title of 100,000
    /// characters is possible, e.g. from an import).
    /// </summary>
    internal static string Shortened(string text, int most)
    {
        if (text.Length <= most)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', most);
        if (cut < most / 2)
        {
            cut = char.IsLowSurrogate(text[most]) ? most - 1 : most;
        }

        return text[..cut].TrimEnd() + "…";
    }

    /// <summary>The cache key of a card: its words, the theme's fonts and colours, the drawing's version.</summary>
    public static string Key(CardText text, ImageStore store) =>
        ImageStore.Key(Version, store.CardTheme.Digest, text.Series, text.Title, text.Authors, text.Date, text.RightToLeft ? "rtl" : "ltr");

    private static byte[] Render(CardText text, Theme theme)
    {
        VipsSetup.Ensure();
        theme.RegisterFonts();
        using var paper = Image.Black(Width, Height).NewFromImage(theme.Paper).Copy(interpretation: Enums.Interpretation.Srgb);
        var card = paper.Copy();

        // A band of the accent colour along the start edge, as the site's summaries have.
        using var band = Image.Black(16, Height).NewFromImage(theme.Accent).Copy(interpretation: Enums.Interpretation.Srgb);
        card = card.Insert(band, text.RightToLeft ? Width - 16 : 0, 0);

        var inner = Width - (2 * Margin);
        using var series = Line(text.Series, theme.Accent, 30, bold: true, inner, text.RightToLeft);
        card = Place(card, series, 64, text.RightToLeft);

        using var footer = Line(text.Authors.Length == 0 ? text.Date : $"{text.Authors}  ·  {text.Date}", theme.Muted, 30, bold: false, inner, text.RightToLeft);
        card = Place(card, footer, Height - 64 - footer.Height, text.RightToLeft);

        // The title takes the room between; long titles get a smaller size until they fit.
        var top = 64 + series.Height + 36;
        var room = Height - 64 - footer.Height - 36 - top;
        Image? title = null;
        foreach (var size in new[] { 60, 52, 44, 38, 32 })
        {
            title?.Dispose();
            title = Line(text.Title, theme.Ink, size, bold: true, inner, text.RightToLeft);
            if (title.Height <= room)
            {
                break;
            }
        }

        if (title!.Height > room)
        {
            using var whole = title;
            title = whole.Crop(0, 0, whole.Width, room);
        }

        card = Place(card, title, top, text.RightToLeft);
        title.Dispose();
        using (card)
        {
            // Level 6 without filters: a fifth of the time of level 9 (measured: 8 ms against 40 ms a card), for a card of 30 KB rather than 15.
            return card.PngsaveBuffer(compression: 6, filter: Enums.ForeignPngFilter.None, keep: Enums.ForeignKeep.None);
        }
    }

    /// <summary>The font files the cards of a theme are drawn with, as libvips was given them.</summary>
    internal static IReadOnlyList<string> FontFiles(string themeDir)
    {
        VipsSetup.Ensure();
        return Theme.Read(themeDir).RegisterFonts();
    }

    /// <summary>One right-to-left line set as the card sets its title (bold, the theme's fonts), black on white: to compare its shaping with a browser's.</summary>
    internal static byte[] Sample(string text, int size, string themeDir)
    {
        VipsSetup.Ensure();
        Theme.Read(themeDir).RegisterFonts();
        using var line = Line(text, [0, 0, 0], size, bold: true, 4000, rightToLeft: true);
        using var white = Image.Black(line.Width + 40, line.Height + 40, bands: 3).NewFromImage(255, 255, 255).Copy(interpretation: Enums.Interpretation.Srgb);
        using var sample = white.Composite2(line, Enums.BlendMode.Over, x: 20, y: 20);
        return sample.PngsaveBuffer();
    }

    private static Image Line(string text, double[] colour, int size, bool bold, int width, bool rightToLeft)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            // Pango has nothing to lay out (a series without a name in this language): an empty line.
            return Image.Black(1, 1, bands: 4).Copy(interpretation: Enums.Interpretation.Srgb);
        }

        // Pango takes the paragraph's direction from its first strong letter, and the alignment follows it. A
        // mark of the language's direction (RLM or LRM, strong and invisible) comes first, so that an Arabic
        // title opening with "ISIS" still reads from the right and ends its lines at the right margin.
        var markup = $"<span foreground=\"{Hex(colour)}\">{(rightToLeft ? '\u200F' : '\u200E')}{Escape(text)}</span>";
        return Image.Text(markup, font: $"{Families} {(bold ? "Bold " : string.Empty)}{size}", width: width, dpi: 72, rgba: true, align: Enums.Align.Low, wrap: Enums.TextWrap.WordChar, spacing: size / 3);
    }

    private static Image Place(Image card, Image text, int y, bool rightToLeft)
    {
        var x = rightToLeft ? Width - Margin - text.Width : Margin;
        using var old = card;
        return old.Composite2(text, Enums.BlendMode.Over, x: x, y: y);
    }

    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Hex(double[] colour) => $"#{(int)colour[0]:x2}{(int)colour[1]:x2}{(int)colour[2]:x2}";

    /// <summary>
    /// The theme's fonts and colours as the cards use them: read by each build's <see cref="ImageStore"/> at its
    /// first card, and again once the build has read the theme again (serve: a colour edited in site.css).
    /// </summary>
    internal sealed partial class Theme
    {
        private readonly IReadOnlyList<string> fonts;
        private readonly Lazy<List<string>> registered;

        private Theme(string dir)
        {
            var css = Path.Combine(dir, "assets", "site.css");
            var properties = File.Exists(css)
                ? Property().Matches(File.ReadAllText(css)).GroupBy(m => m.Groups[1].Value).ToDictionary(g => g.Key, g => g.First().Groups[2].Value)
                : [];
            Paper = Colour(properties.GetValueOrDefault("paper"), "#fdfcf9");
            Ink = Colour(properties.GetValueOrDefault("ink"), "#1d1f23");
            Muted = Colour(properties.GetValueOrDefault("muted"), "#555b66");
            Accent = Colour(properties.GetValueOrDefault("accent"), "#7a2e1f");
            var folder = Path.Combine(dir, FontsFolder);
            fonts = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.ttf").Order(StringComparer.Ordinal).ToList() : [];
            Digest = string.Join(',', new[] { Paper, Ink, Muted, Accent }.Select(Hex).Concat(fonts.Select(f => $"{Path.GetFileName(f)}:{new FileInfo(f).Length}")));
            registered = new(() => fonts.Select(CardFonts.Register).ToList());
        }

        /// <summary>The folder of the theme that holds the card's TrueType fonts (the site's own are WOFF2).</summary>
        public const string FontsFolder = "fonts";

        public double[] Paper { get; }

        public double[] Ink { get; }

        public double[] Muted { get; }

        public double[] Accent { get; }

        public string Digest { get; }

        public static Theme Read(string dir) => new(Path.GetFullPath(dir));

        /// <summary>The files libvips was given for the theme's fonts (see <see cref="CardFonts"/>), each still there.</summary>
        public IReadOnlyList<string> RegisterFonts()
        {
            foreach (var file in registered.Value)
            {
                CardFonts.Keep(file);
            }

            return registered.Value;
        }

        private static double[] Colour(string? hex, string fallback)
        {
            var value = (hex ?? fallback).TrimStart('#');
            if (value.Length != 6)
            {
                value = fallback.TrimStart('#');
            }

            return [Convert.ToInt32(value[..2], 16), Convert.ToInt32(value[2..4], 16), Convert.ToInt32(value[4..], 16)];
        }

        [GeneratedRegex(@"--(paper|ink|muted|accent)\s*:\s*(#[0-9a-fA-F]{6})\b")]
        private static partial Regex Property();
    }
}
