using System.Text;
using System.Text.Json;
using ResearchSite.Search;

namespace ResearchSite.Tests.Search;

public class PagefindServiceTests
{
    [Fact]
    public void A_page_is_sent_as_a_json_string_that_reads_back_as_the_same_text()
    {
        // Every ASCII character (the quotes of attributes, backslashes, control characters), Arabic, and a character beyond the BMP.
        var text = new string(Enumerable.Range(0, 128).Select(i => (char)i).ToArray()) + "<p lang=\"ar\">التَّحالُف \\ \"«قوة»\"</p> 🎉";
        var buffer = new byte[4];

        var quoted = PagefindService.Quoted(Encoding.UTF8.GetBytes(text), ref buffer).ToArray();

        Assert.Equal(text, JsonDocument.Parse(quoted).RootElement.GetString());
        Assert.Equal(Encoding.UTF8.GetBytes("\"التَّحالُف\""), PagefindService.Quoted(Encoding.UTF8.GetBytes("التَّحالُف"), ref buffer).ToArray());
    }
}
