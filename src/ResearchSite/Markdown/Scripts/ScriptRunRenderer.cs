using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax.Inlines;

namespace ResearchSite.Markdown.Scripts;

/// <summary>
/// How a page marks runs of the other script. It is keyed by script, not by language: a page in an
/// Arabic-script language (right to left: Arabic, Persian, Urdu) isolates Latin runs, any other page
/// Arabic-script runs; <paramref name="ForeignLanguage"/> is the site's first language of the other
/// direction (null when it has none: the run then gets only its direction).
/// </summary>
public sealed record ScriptIsolation(bool ArabicScriptPage, string? ForeignLanguage, string ForeignDirection)
{
    public static ScriptIsolation For(Text.Language page, IEnumerable<Text.Language> languages) => new(
        page.RightToLeft,
        languages.FirstOrDefault(l => l.RightToLeft != page.RightToLeft)?.Code,
        page.RightToLeft ? "ltr" : "rtl");
}

/// <summary>
/// Isolates runs of the other script: Latin runs (CENTCOM, BBC NEWS, RT) in Arabic text and Arabic runs
/// in English text get their own lang and dir, so the bidi algorithm keeps their punctuation and
/// brackets on the right side and screen readers switch voice.
/// </summary>
public sealed class ScriptRunRenderer(ScriptIsolation scripts) : HtmlObjectRenderer<LiteralInline>
{
    protected override void Write(HtmlRenderer renderer, LiteralInline literal)
    {
        if (!renderer.EnableHtmlForInline || !ScriptRuns.HasForeign(literal.Content.AsSpan(), scripts.ArabicScriptPage) || literal.ContainsParentOfType<LinkInline>())
        {
            renderer.WriteEscape(ref literal.Content);
            return;
        }

        // Runs are written from the source text where they stand: no string of the literal, none per run.
        var content = literal.Content;
        var text = content.AsSpan();
        for (var start = 0; start < text.Length;)
        {
            var (length, foreign) = ScriptRuns.Next(text[start..], scripts.ArabicScriptPage);
            if (foreign)
            {
                renderer.Write("<span");
                if (scripts.ForeignLanguage is { } lang)
                {
                    renderer.Write(" lang=\"").Write(lang).Write('"');
                }

                renderer.Write(" dir=\"").Write(scripts.ForeignDirection).Write("\">").WriteEscape(content.Text, content.Start + start, length).Write("</span>");
            }
            else
            {
                renderer.WriteEscape(content.Text, content.Start + start, length);
            }

            start += length;
        }
    }
}

/// <summary>Splits text into runs of the page's script and runs of the other script.</summary>
public static class ScriptRuns
{
    // Every literal of every article is tested: a vectorized search instead of a test per character.
    private static readonly System.Buffers.SearchValues<char> LatinLetters = LettersWhere(arabicPage: true);
    private static readonly System.Buffers.SearchValues<char> ArabicLetters = LettersWhere(arabicPage: false);

    private static System.Buffers.SearchValues<char> LettersWhere(bool arabicPage) =>
        System.Buffers.SearchValues.Create(Enumerable.Range(0, char.MaxValue + 1).Select(i => (char)i).Where(c => IsForeignLetter(c, arabicPage)).ToArray());

    public static bool HasForeign(ReadOnlySpan<char> text, bool arabicPage) =>
        text.ContainsAny(arabicPage ? LatinLetters : ArabicLetters);

    public static IEnumerable<(string Text, bool Foreign)> Split(string text, bool arabicPage)
    {
        for (var start = 0; start < text.Length;)
        {
            var (length, foreign) = Next(text.AsSpan(start), arabicPage);
            yield return (text.Substring(start, length), foreign);
            start += length;
        }
    }

    /// <summary>The length of the run <paramref name="text"/> starts with (never empty when the text is not), and whether it is of the other script.</summary>
    public static (int Length, bool Foreign) Next(ReadOnlySpan<char> text, bool arabicPage)
    {
        var i = 0;
        while (i < text.Length && !IsForeignLetter(text[i], arabicPage))
        {
            i++;
        }

        if (i > 0)
        {
            return (i, false);
        }

        // A run starts at a letter of the other script and goes on through its letters, digits and
        // the punctuation that joins words (spaces, hyphens, dots, apostrophes), ending on a letter or digit.
        var end = 0;
        for (var j = 0; j < text.Length && (IsForeignLetter(text[j], arabicPage) || char.IsDigit(text[j]) || IsJoiner(text[j], arabicPage)); j++)
        {
            if (IsForeignLetter(text[j], arabicPage) || char.IsDigit(text[j]))
            {
                end = j + 1;
            }
        }

        return (end, true);
    }

    private static bool IsForeignLetter(char c, bool arabicPage) =>
        arabicPage ? c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '\u00C0' and <= '\u024F') : IsArabic(c);

    private static bool IsArabic(char c) => c is >= '\u0600' and <= '\u06FF' and not ('\u060C' or '\u061B' or '\u061F') || c is >= '\u0750' and <= '\u077F' or >= '\uFB50' and <= '\uFDFF' or >= '\uFE70' and <= '\uFEFF';

    private static bool IsJoiner(char c, bool arabicPage) =>
        c is ' ' or '-' or '.' or '\'' or '’' or '&' || (!arabicPage && c == '\u200C');
}
