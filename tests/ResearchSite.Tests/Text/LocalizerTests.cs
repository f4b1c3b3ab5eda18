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

public class PluralTests
{
    [Theory]
    [InlineData(0, "لا دراسات")]
    [InlineData(1, "دراسة واحدة")]
    [InlineData(2, "دراستان")]
    [InlineData(3, "3 دراسات")]
    [InlineData(10, "10 دراسات")]
    [InlineData(11, "11 دراسة")]
    [InlineData(100, "100 دراسة")]
    [InlineData(103, "103 دراسات")]
    public void Arabic_counts_follow_arabic_plural_rules(int n, string expected)
    {
        var strings = ResearchSite.Templates.UiStrings.Load(Path.Combine(Some.Theme, "strings.yml"), new ResearchSite.Diagnostics.DiagnosticBag())!;
        Assert.Equal(expected, strings.Count(Language.Arabic, "articles_count", n, i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData(1, "1 study")]
    [InlineData(2, "2 studies")]
    [InlineData(11, "11 studies")]
    public void English_counts_are_singular_or_plural(int n, string expected)
    {
        var strings = ResearchSite.Templates.UiStrings.Load(Path.Combine(Some.Theme, "strings.yml"), new ResearchSite.Diagnostics.DiagnosticBag())!;
        Assert.Equal(expected, strings.Count(Language.English, "articles_count", n, i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
