using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ResearchSite.Tests.Pdf;

/// <summary>poppler-utils and qpdf (installed by test.sh), run on a PDF, and what the tests compare.</summary>
internal static partial class PdfTools
{
    public static string ResultsFolder { get; } = Path.Combine(Some.RepoRoot, "test-results", "pdf");

    public static (int Code, string Out) Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>The text pdftotext copies out of the PDF (its reading order, as a reader's copy and paste).</summary>
    public static string Text(string pdf)
    {
        var (code, text) = Run("pdftotext", "-enc", "UTF-8", pdf, "-");
        Assert.True(code == 0, text);
        return text;
    }

    public static int Pages(string pdf)
    {
        var (code, info) = Run("pdfinfo", pdf);
        Assert.True(code == 0, info);
        return int.Parse(PagesLine().Match(info).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The words of a text in their order: letters of one script, or digits, without diacritics, bidi
    /// marks or punctuation (pdftotext places neutral punctuation between runs of two directions by its
    /// own guess; the words and their order are the text).
    /// </summary>
    public static List<string> Words(string text)
    {
        var kept = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.Format))
            {
                kept.Append(c);
            }
        }

        return WordPattern().Matches(kept.ToString()).Select(m => m.Value).ToList();
    }

    /// <summary>Whether <paramref name="words"/> stand one after the other in <paramref name="text"/>.</summary>
    public static bool InOrder(IReadOnlyList<string> text, IReadOnlyList<string> words)
    {
        for (var i = 0; i + words.Count <= text.Count; i++)
        {
            var j = 0;
            while (j < words.Count && text[i + j] == words[j])
            {
                j++;
            }

            if (j == words.Count)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The text without spaces, line breaks and bidi marks, and without the colons pdftotext moves to the end of
    /// a left-to-right run in an Arabic line ("التالي: https://…" comes out as "التالي https://… :"): a URL
    /// broken over two lines is whole again.
    /// </summary>
    public static string Joined(string text)
    {
        var kept = new string(text.Where(c => !char.IsWhiteSpace(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format).ToArray());
        return StrayColon().Replace(kept, string.Empty);
    }

    [GeneratedRegex(@":(?!//)")]
    private static partial Regex StrayColon();

    [GeneratedRegex(@"Pages:\s+(\d+)")]
    private static partial Regex PagesLine();

    [GeneratedRegex(@"[A-Za-z]+|\d+|[\p{L}-[A-Za-z]]+")]
    private static partial Regex WordPattern();
}
