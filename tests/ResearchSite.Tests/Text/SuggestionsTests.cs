using ResearchSite.Text;

namespace ResearchSite.Tests.Text;

public class SuggestionsTests
{
    [Fact]
    public void A_missing_hamza_still_finds_the_registered_name() =>
        Assert.Equal("إلهام النجار", Suggestions.Closest("الهام النجار", ["عمر صالح", "إلهام النجار", "ilham-elnaggar"])[0]);

    [Fact]
    public void Nothing_is_suggested_for_a_completely_different_name() =>
        Assert.Empty(Suggestions.Closest("Zbigniew", ["إلهام النجار"]));
}
