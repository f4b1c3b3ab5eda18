using ResearchSite.Markdown.Scripts;

namespace ResearchSite.Tests.Markdown.Scripts;

public class ScriptRunTests
{
    private static string Mark(string text, string language) =>
        string.Concat(ScriptRuns.Split(text, arabicPage: language == "ar").Select(r => r.Foreign ? $"[{r.Text}]" : r.Text));

    [Theory]
    [InlineData("القيادة المركزية “سنتكوم” CENTCOM.", "القيادة المركزية “سنتكوم” [CENTCOM].")]
    [InlineData("موقع BBC NEWSعربي، تم", "موقع [BBC NEWS]عربي، تم")]
    [InlineData("موقع RT بالعربي", "موقع [RT] بالعربي")]
    [InlineData("بلا لاتينية 2024", "بلا لاتينية 2024")]
    public void Latin_runs_in_arabic_text_are_found(string text, string expected) =>
        Assert.Equal(expected, Mark(text, "ar"));

    [Fact]
    public void Arabic_runs_in_english_text_are_found() =>
        Assert.Equal("the camp of [مخيم الهول] (al-Hol).", Mark("the camp of مخيم الهول (al-Hol).", "en"));

    [Fact]
    public void Runs_are_marked_up_with_their_language_and_direction()
    {
        var (_, html, _) = Render.Body("أشارت القيادة الأمريكية CENTCOM إلى ذلك.\n");
        var span = html.QuerySelector("p span")!;
        Assert.Equal(("en", "ltr", "CENTCOM"), (span.GetAttribute("lang"), span.GetAttribute("dir"), span.TextContent));
        var (_, english, _) = Render.Body("The camp of الهول is in Syria.\n", "en");
        var arabic = english.QuerySelector("p span")!;
        Assert.Equal(("ar", "rtl", "الهول"), (arabic.GetAttribute("lang"), arabic.GetAttribute("dir"), arabic.TextContent));
    }
}
