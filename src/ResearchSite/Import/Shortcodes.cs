using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace ResearchSite.Import;

/// <summary>
/// WordPress's shortcodes and wpautop, undone before the HTML is read: footnote plugins' notes become
/// markers with their text kept aside, [caption] and [embed] become the figures the block editor writes,
/// and a classic-editor post's bare lines become paragraphs as WordPress showed them.
/// </summary>
public static partial class Shortcodes
{
    /// <summary>The footnote plugins' shortcodes: easy-footnotes, footnotes and the ref of several others.</summary>
    public static IReadOnlyList<string> NoteNames { get; } = ["efn_note", "footnote", "ref"];

    /// <summary>Shortcodes turned into content; any other is kept visibly as text and reported.</summary>
    public static IReadOnlyList<string> Known { get; } = [.. NoteNames, "caption", "wp_caption", "embed"];

    /// <summary>The attribute that marks where a footnote shortcode stood (its value: the note's index in the list <see cref="Expand"/> fills).</summary>
    public const string NoteAttribute = "data-import-note";

    /// <summary>The attribute that marks a shortcode WordPress escaped ('[[gallery]]'): it shows as the text '[gallery]'.</summary>
    public const string LiteralAttribute = "data-import-literal";

    public static string Expand(string html, List<string> notes)
    {
        html = EscapedShortcode().Replace(html, m => $"<span {LiteralAttribute}=\"\">{WebUtility.HtmlEncode(m.Groups["code"].Value)}</span>");
        html = NoteShortcode().Replace(html, m =>
        {
            notes.Add(m.Groups["text"].Value);
            return $"<sup {NoteAttribute}=\"{notes.Count - 1}\"></sup>";
        });
        html = CaptionShortcode().Replace(html, m =>
        {
            var inner = m.Groups["inner"].Value;
            var image = ImageTag().Match(inner);
            if (!image.Success)
            {
                return m.Value;
            }

            var caption = inner.Remove(image.Index, image.Length);
            caption = LinkAroundNothing().Replace(caption, string.Empty).Trim();
            return $"<figure>{image.Value}<figcaption>{caption}</figcaption></figure>";
        });
        html = EmbedShortcode().Replace(html, m =>
            $"<figure class=\"wp-block-embed\"><div class=\"wp-block-embed__wrapper\">{WebUtility.HtmlEncode(m.Groups["url"].Value.Trim())}</div></figure>");
        return html;
    }

    /// <summary>The names of shortcodes left in a text (to report them): bracketed words starting with a Latin letter.</summary>
    public static IEnumerable<string> Unknown(string text) =>
        AnyShortcode().Matches(text).Select(m => m.Groups["name"].Value).Where(n => !Known.Contains(n, StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// WordPress's wpautop for classic-editor posts: a blank line ends a paragraph, a single line break is a
    /// line break, and a chunk that starts with a block element stays as it is.
    /// </summary>
    public static string AutoParagraphs(string html)
    {
        if (html.Contains("<!-- wp:", StringComparison.Ordinal) || ParagraphTag().IsMatch(html))
        {
            return html;
        }

        var builder = new StringBuilder();
        foreach (var chunk in BlankLines().Split(html.Replace("\r\n", "\n", StringComparison.Ordinal)))
        {
            var text = chunk.Trim();
            if (text.Length == 0)
            {
                continue;
            }

            builder.Append(BlockStart().IsMatch(text) ? text : "<p>" + text.Replace("\n", "<br />\n", StringComparison.Ordinal) + "</p>").Append("\n\n");
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"\[(?<name>efn_note|footnote|ref)(?:\s[^\]]*)?\](?<text>.*?)\[/\k<name>\]", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex NoteShortcode();

    [GeneratedRegex(@"\[(?<name>caption|wp_caption)(?:\s[^\]]*)?\](?<inner>.*?)\[/\k<name>\]", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex CaptionShortcode();

    [GeneratedRegex(@"\[embed(?:\s[^\]]*)?\](?<url>.*?)\[/embed\]", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex EmbedShortcode();

    [GeneratedRegex(@"(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?", RegexOptions.IgnoreCase)]
    private static partial Regex ImageTag();

    [GeneratedRegex(@"<a\b[^>]*>\s*</a>", RegexOptions.IgnoreCase)]
    private static partial Regex LinkAroundNothing();

    // Not after a backslash: '\[x\]' is TeX or an author's escape, never a shortcode.
    [GeneratedRegex(@"(?<!\\)\[/?(?<name>[A-Za-z][\w-]*)(?:\s[^\]]*)?\]")]
    private static partial Regex AnyShortcode();

    [GeneratedRegex(@"\[(?<code>\[/?[A-Za-z][\w-]*(?:\s[^\]]*)?\])\]")]
    private static partial Regex EscapedShortcode();

    [GeneratedRegex(@"<p[\s>]", RegexOptions.IgnoreCase)]
    private static partial Regex ParagraphTag();

    [GeneratedRegex(@"\n[ \t]*\n\s*")]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"^<(?:h[1-6]|ul|ol|table|blockquote|pre|figure|div|hr|dl|section|iframe)\b", RegexOptions.IgnoreCase)]
    private static partial Regex BlockStart();
}
