using ResearchSite.Text;

namespace ResearchSite.Tests.Text;

public class SlugTests
{
    [Theory]
    [InlineData("أولاً: نُبذة عن التحالف الدولي", "أولا-نبذة-عن-التحالف-الدولي")]
    [InlineData("التَّحالُف", "التحالف")]
    [InlineData("المُقدمة:", "المقدمة")]
    [InlineData("Café au lait!", "cafe-au-lait")]
    [InlineData("CENTCOM and the الحشد", "centcom-and-the-الحشد")]
    [InlineData("مخاوفُ شيعية .. وأخرى", "مخاوف-شيعية-وأخرى")]
    public void Heading_text_keeps_its_letters_and_loses_diacritics(string text, string expected) =>
        Assert.Equal(expected, Slug.FromText(text));

    [Fact]
    public void Tatweel_is_removed_and_hamza_forms_are_kept() =>
        Assert.Equal("إنهاء-مهـام".Replace("ـ", string.Empty), Slug.FromText("إنهاء مهـــام"));

    [Theory]
    [InlineData("coalition-withdrawal", true)]
    [InlineData("انسحاب-التحالف", true)]
    [InlineData("../etc", false)]
    [InlineData("a/b", false)]
    [InlineData("con", false)]
    [InlineData("", false)]
    public void Only_safe_segments_may_become_urls(string segment, bool safe) =>
        Assert.Equal(safe, Slug.IsSafeSegment(segment));

    [Theory]
    [InlineData("Results 🎉", "results")]
    [InlineData("🎉 Party 🎉 time", "party-time")]
    [InlineData("𝐁old", "𝐁old")]
    [InlineData("𠀀 and 𠀁", "𠀀-and-𠀁")]
    [InlineData("🎉🎉", "")]
    public void Characters_outside_the_basic_plane_are_kept_or_dropped_whole(string text, string expected) =>
        Assert.Equal(expected, Slug.FromText(text));

    [Theory]
    [InlineData("𠀀-study", true)]
    [InlineData("𝐁old", true)]
    [InlineData("🎉", false)]
    public void Letters_outside_the_basic_plane_may_be_in_a_url_and_emoji_may_not(string segment, bool safe) =>
        Assert.Equal(safe, Slug.IsSafeSegment(segment));
}
