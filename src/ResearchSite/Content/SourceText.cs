using System.Text;
using ResearchSite.Diagnostics;

namespace ResearchSite.Content;

/// <summary>Reads an author's file as strict UTF-8 with one kind of line ending, or says where it is not.</summary>
public static class SourceText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string? Read(string path, string displayPath, DiagnosticBag diagnostics)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Error(displayPath, 1, 1, $"the file cannot be read ({e.Message}); give the build read access to it.");
            return null;
        }

        return Decode(bytes, displayPath, diagnostics);
    }

    public static string? Decode(byte[] bytes, string displayPath, DiagnosticBag diagnostics)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            var index = Math.Max(0, e.Index);
            var line = 1;
            var lineStart = 0;
            for (var i = 0; i < index && i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n')
                {
                    line++;
                    lineStart = i + 1;
                }
            }

            diagnostics.Error(displayPath, line, index - lineStart + 1, "the file is not valid UTF-8; save it with the UTF-8 encoding (in Word: Save As, Plain Text, Unicode (UTF-8)).");
            return null;
        }

        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        text = text.Replace("\r\n", "\n").Replace('\r', '\n');
        var nul = text.IndexOf('\0');
        if (nul >= 0)
        {
            var line = text.AsSpan(0, nul).Count('\n') + 1;
            diagnostics.Error(displayPath, line, 1, "the file contains a NUL character; it is probably not a text file, or it was damaged: save it again as UTF-8 text.");
            return null;
        }

        return text;
    }
}
