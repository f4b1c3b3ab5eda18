namespace ResearchSite.Tests.Content;

public class RegistryTests
{
    [Theory]
    [InlineData("ar", "وحدة الدراسات الإقليمية", "وحدة الدراسات الإقلیمیة")]
    [InlineData("ar", "وحدة الاقتصاد والطاقة", "وحدة الإقتصاد والطاقه")]
    [InlineData("ar", "وحدة الكتب", "وحدة الکتب")]
    [InlineData("en", "Media Unit", "media  unit")]
    public void Two_entries_with_the_same_name_in_a_language_are_a_warning_naming_both(string language, string first, string second)
    {
        using var site = Some.Site()
            .File("data/units.yml", $"terrorism-extremism: {{ ar: وحدة الإرهاب والتطرف }}\nregional: {{ ar: وحدة الدراسات }}\neconomy: {{ ar: وحدة الاقتصاد }}\nfirst: {{ {language}: {first} }}\nsecond: {{ {language}: {second} }}\n")
            .Article("ar", "a", Some.FrontMatter());
        var result = site.Build();
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        var warning = Assert.Single(result.Diagnostics, d => d.Message.Contains("same", StringComparison.Ordinal));
        Assert.Equal("units.yml", Path.GetFileName(warning.File));
        Assert.Equal(5, warning.Line);
        Assert.Contains("'second'", warning.Message);
        Assert.Contains("'first'", warning.Message);
        Assert.Contains("line 4", warning.Message);
    }

    [Fact]
    public void Different_names_and_one_entry_named_alike_in_both_languages_are_no_warning()
    {
        using var site = Some.Site()
            .File("data/categories.yml", "security-terrorism: { ar: الأمن, en: Security }\nreports: { ar: تقارير, en: Reports }\nenergy: { ar: Energy, en: Energy }\n")
            .Article("ar", "a", Some.FrontMatter());
        var result = site.Build();
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        Assert.Empty(result.Diagnostics);
    }

    [Theory]
    [InlineData("units.yml", "u1: {  }\n")]
    [InlineData("categories.yml", "c1: { ar: '', en: ' ' }\n")]
    public void A_unit_or_category_without_a_name_is_an_error_at_its_line(string file, string entry)
    {
        using var site = Some.Site().Article("ar", "a", Some.FrontMatter());
        var path = Path.Combine(site.Input, "data", file);
        File.WriteAllText(path, File.ReadAllText(path) + entry);
        var result = site.Build();
        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal(file, Path.GetFileName(error.File));
        Assert.Equal((4, 5), (error.Line, error.Column));
        Assert.Contains("needs a name", error.Message);
    }
}
