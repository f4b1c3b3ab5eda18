using ResearchSite.Text;

namespace ResearchSite.Tests.Text;

public class LocalizerTests
{
    // The languages as the real theme defines them (theme/strings.yml).
    private static readonly ResearchSite.Templates.UiStrings Strings = ResearchSite.Templates.UiStrings.Load(Path.Combine(Some.Theme, "strings.yml"), new ResearchSite.Diagnostics.DiagnosticBag())!;
    private static readonly Language Arabic = Strings.Language("ar");
    private static readonly Language English = Strings.Language("en");

    [Fact]
    public void Arabic_dates_use_gregorian_month_names() =>
        Assert.Equal("15 أكتوبر 2024", new Localizer(Arabic, DigitStyle.Latin).Date(new DateOnly(2024, 10, 15)));

    [Fact]
    public void English_dates_use_english_month_names() =>
        Assert.Equal("15 October 2024", new Localizer(English, DigitStyle.Latin).Date(new DateOnly(2024, 10, 15)));

    [Fact]
    public void Arabic_indic_digits_are_used_on_arabic_pages_when_the_site_asks_for_them()
    {
        Assert.Equal("١٥ يناير ٢٠٢٤", new Localizer(Arabic, DigitStyle.Native).Date(new DateOnly(2024, 1, 15)));
        Assert.Equal("12", new Localizer(English, DigitStyle.Native).Number(12));
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
        Assert.Equal(expected, strings.Count(strings.Language("ar"), "articles_count", n, i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData(1, "1 study")]
    [InlineData(2, "2 studies")]
    [InlineData(11, "11 studies")]
    public void English_counts_are_singular_or_plural(int n, string expected)
    {
        var strings = ResearchSite.Templates.UiStrings.Load(Path.Combine(Some.Theme, "strings.yml"), new ResearchSite.Diagnostics.DiagnosticBag())!;
        Assert.Equal(expected, strings.Count(strings.Language("en"), "articles_count", n, i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
