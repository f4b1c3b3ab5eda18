using System.Text;
using AngleSharp.Html;
using AngleSharp.Html.Parser;
using AngleSharp.Html.Parser.Tokens;
using AngleSharp.Text;

namespace ResearchSite.Search;

/// <summary>
/// The text a reader reads in rendered HTML, read by AngleSharp's HTML tokenizer (no document is built:
/// the text needs no tree): entities decoded as a browser decodes them, words split by blocks and line
/// breaks but not by inline markup (<c>wo&lt;em&gt;r&lt;/em&gt;d</c> stays one word), and without the notes'
/// navigation (each marker's hidden "Note" and number, the ↩ back-links), which is no text of the study.
/// The notes (the <c>doc-endnotes</c> section) are read apart from the body, for search to weigh them less.
/// </summary>
public static class HtmlText
{
    // Elements inside a line of text: no word ends where they start or end.
    private static readonly HashSet<string> Inline = new(StringComparer.Ordinal)
    {
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd", "mark",
        "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
    };

    /// <summary>The text of an article's HTML, body and notes as one.</summary>
    public static string FromHtml(ReadOnlyMemory<byte> utf8)
    {
        var (body, notes) = Parts(utf8);
        return notes.Length == 0 ? body : body.Length == 0 ? notes : body + " " + notes;
    }

    /// <summary>The text of an article's HTML, read from its UTF-8 as the build keeps it (no string of the whole page in between): the body, and the notes after it.</summary>
    public static (string Body, string Notes) Parts(ReadOnlyMemory<byte> utf8)
    {
        using var source = new TextSource(new ReadOnlyByteTextSource(utf8, Encoding.UTF8));
        var tokenizer = new HtmlTokenizer(source, HtmlEntityProvider.Resolver);
        var text = new StringBuilder(utf8.Length / 2);
        var notesAt = -1;
        var inNoteLink = false;
        for (var token = tokenizer.Get(); token.Type != HtmlTokenType.EndOfFile; token = tokenizer.Get())
        {
            switch (token.Type)
            {
                case HtmlTokenType.Character when !inNoteLink:
                    text.Append(token.Data);
                    break;
                case HtmlTokenType.StartTag when token.Name == "a" && token.AsTag().GetAttribute("role") is "doc-noteref" or "doc-backlink":
                    inNoteLink = true;
                    break;
                case HtmlTokenType.EndTag when inNoteLink && token.Name == "a":
                    inNoteLink = false;
                    break;
                case HtmlTokenType.StartTag when notesAt < 0 && token.Name == "section" && token.AsTag().GetAttribute("role") == "doc-endnotes":
                    text.Append(' ');
                    notesAt = text.Length;
                    break;
                case HtmlTokenType.StartTag or HtmlTokenType.EndTag when !Inline.Contains(token.Name):
                    text.Append(' ');
                    break;
            }
        }

        var all = text.ToString();
        return notesAt < 0 ? (Words(all), string.Empty) : (Words(all[..notesAt]), Words(all[notesAt..]));
    }

    private static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
