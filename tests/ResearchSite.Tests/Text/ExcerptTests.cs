using ResearchSite.Text;

namespace ResearchSite.Tests.Text;

public class ExcerptTests
{
    [Theory]
    [InlineData("\u00A0")]
    [InlineData("\u2009")]
    [InlineData("\u3000")]
    [InlineData(" ")]
    public void Text_is_cut_at_the_last_space_of_any_kind_before_the_limit(string space)
    {
        var text = string.Join(space, Enumerable.Repeat("word", 20));
        Assert.Equal(string.Join(space, Enumerable.Repeat("word", 6)) + "…", Excerpt.Shorten(text, 32));
    }

    [Fact]
    public void Short_text_is_kept_whole() => Assert.Equal("a b", Excerpt.Shorten("a b", 3));

    [Theory]
    [InlineData("🎉", 7)]
    [InlineData("q\u0307", 7)]
    [InlineData("👩‍💻", 11)]
    [InlineData("x", 7)]
    public void Text_without_spaces_is_cut_between_whole_characters(string unit, int limit)
    {
        var text = string.Concat(Enumerable.Repeat(unit, 30));
        var shortened = Excerpt.Shorten(text, limit);
        Assert.EndsWith("…", shortened);
        var kept = shortened[..^1];
        Assert.Equal(0, kept.Length % unit.Length);
        Assert.InRange(kept.Length, limit - unit.Length + 1, limit);
    }

    [Fact]
    public void A_space_at_the_very_start_does_not_leave_an_empty_excerpt()
    {
        var text = "a " + new string('b', 50);
        Assert.Equal("a " + new string('b', 18) + "…", Excerpt.Shorten(text, 20));
    }
}
