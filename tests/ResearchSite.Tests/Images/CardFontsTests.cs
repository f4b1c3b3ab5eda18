using ResearchSite.Images;

namespace ResearchSite.Tests.Images;

/// <summary>
/// The fonts libvips draws the cards with stay where it was told they are. Alone in their collection: one
/// deletes a copy of the theme whose fonts, before the fix, every later card of the process was drawn with.
/// </summary>
[Collection("Process environment")]
public class CardFontsTests
{
    [Fact]
    public void A_theme_folder_that_goes_away_leaves_the_cards_fonts_in_place()
    {
        // libvips never lets go of a font file it was given and fontconfig prefers it to the system's, so a
        // card drawn from a theme that was then deleted (a test's copy, a theme moved during serve) once made
        // every later card of the process empty boxes, Latin too.
        using var site = Some.Site();
        var first = CopyOfTheme(site, "first");
        var files = SocialCard.FontFiles(first);
        Directory.Delete(first, recursive: true);

        Assert.Equal(4, files.Count);
        Assert.All(files, file => Assert.True(File.Exists(file) && !file.StartsWith(first, StringComparison.Ordinal), file));
        Assert.Equal(files, SocialCard.FontFiles(CopyOfTheme(site, "second")));
        Assert.Equal(files, SocialCard.FontFiles(Some.Theme));

        // Letters, not boxes: a box is as wide for every letter, the theme's letters are not.
        static int Wide(string text) => TestImages.Read(SocialCard.Sample(text, 40, Some.Theme)).Width;
        Assert.True(Wide(new string('W', 20)) > 2 * Wide(new string('i', 20)), "Latin letters are drawn as boxes");
        Assert.True(Wide(new string('ش', 20)) > 2 * Wide(new string('ا', 20)), "Arabic letters are drawn as boxes");
    }

    [Fact]
    public void A_card_font_someone_removed_is_put_back()
    {
        // In a folder of the test's own: the process's cards are drawn with the shared one.
        using var site = Some.Site();
        var folder = Path.Combine(site.Root, "fonts");
        var fonts = new CardFonts(folder);
        var font = Path.Combine(Some.Theme, "fonts", "NotoNaskhArabic-Bold.ttf");
        var copy = fonts.Copy(font);
        Assert.StartsWith(folder, copy, StringComparison.Ordinal);
        File.Delete(copy);

        fonts.Restore(copy);

        Assert.Equal(File.ReadAllBytes(font), File.ReadAllBytes(copy));
    }

    [Fact]
    public void A_copy_someone_else_changed_is_replaced_before_it_is_drawn_with()
    {
        using var site = Some.Site();
        var folder = Path.Combine(site.Root, "fonts");
        var font = Path.Combine(Some.Theme, "fonts", "NotoSerif-Regular.ttf");
        var copy = new CardFonts(folder).Copy(font);
        File.WriteAllText(copy, "not the font");

        Assert.Equal(copy, new CardFonts(folder).Copy(font));
        Assert.Equal(File.ReadAllBytes(font), File.ReadAllBytes(copy));
    }

    // The theme's colours and fonts in a folder of the site's.
    private static string CopyOfTheme(FixtureSite site, string name)
    {
        var folder = Path.Combine(site.Root, name);
        Directory.CreateDirectory(Path.Combine(folder, "assets"));
        Directory.CreateDirectory(Path.Combine(folder, "fonts"));
        File.Copy(Path.Combine(Some.Theme, "assets", "site.css"), Path.Combine(folder, "assets", "site.css"));
        foreach (var font in Directory.GetFiles(Path.Combine(Some.Theme, "fonts"), "*.ttf"))
        {
            File.Copy(font, Path.Combine(folder, "fonts", Path.GetFileName(font)));
        }

        return folder;
    }
}
