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

    [Fact]
    public void Line_breaks_other_than_newline_become_spaces_and_other_control_characters_are_dropped()
    {
        var text = "a\u000Bb\u000Cc\u0085d\u2028e\u2029f\n\tg\u0001h\u001Fi\u007Fj\u0090k\uFFFEl";
        Assert.Equal("a b c d e f\n\tghijkl", SourceText.Decode(Encoding.UTF8.GetBytes(text), "a.md", new DiagnosticBag()));
    }

    [Fact]
    public void Text_without_control_characters_is_returned_as_it_is()
    {
        var text = "عنوان\u00A0مع مسافة 🎉\n";
        Assert.Equal(text, SourceText.Decode(Encoding.UTF8.GetBytes(text), "a.md", new DiagnosticBag()));
    }
}
