using ResearchSite.Text;

namespace ResearchSite.Tests.Text;

public class LocalizerTests
{
    [Fact]
    public void Arabic_dates_use_gregorian_month_names() =>
        Assert.Equal("15 أكتوبر 2024", new Localizer(Language.Arabic, DigitStyle.Latin).Date(new DateOnly(2024, 10, 15)));

    [Fact]
    public void English_dates_use_english_month_names() =>
        Assert.Equal("15 October 2024", new Localizer(Language.English, DigitStyle.Latin).Date(new DateOnly(2024, 10, 15)));

    [Fact]
    public void Arabic_indic_digits_are_used_on_arabic_pages_when_the_site_asks_for_them()
    {
        Assert.Equal("١٥ يناير ٢٠٢٤", new Localizer(Language.Arabic, DigitStyle.ArabicIndic).Date(new DateOnly(2024, 1, 15)));
        Assert.Equal("12", new Localizer(Language.English, DigitStyle.ArabicIndic).Number(12));
    }
}
