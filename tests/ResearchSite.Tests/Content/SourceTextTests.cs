using System.Text;
using ResearchSite.Content;
using ResearchSite.Diagnostics;

namespace ResearchSite.Tests.Content;

public class SourceTextTests
{
    [Fact]
    public void Invalid_utf8_is_reported_with_its_line()
    {
        var bag = new DiagnosticBag();
        var bytes = Encoding.UTF8.GetBytes("line one\nline two ").Concat(new byte[] { 0xC3, 0x28 }).ToArray();
        Assert.Null(SourceText.Decode(bytes, "a.md", bag));
        var error = Assert.Single(bag.Sorted());
        Assert.Equal(2, error.Line);
        Assert.Contains("not valid UTF-8", error.Message);
    }

    [Fact]
    public void A_bom_and_crlf_or_lone_cr_line_endings_are_normalized()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("a\r\nb\rc")).ToArray();
        Assert.Equal("a\nb\nc", SourceText.Decode(bytes, "a.md", new DiagnosticBag()));
    }
}
