using Microsoft.AspNetCore.StaticFiles;

namespace ResearchSite.Serve;

/// <summary>
/// The Content-Type `serve` sends for a file of the site. Authors put any kind of file in
/// input/assets (PDF, spreadsheets, AVIF, video), so the types are ASP.NET Core's table of several
/// hundred extensions, plus the one it lacks (.bib, each study's BibTeX) and three it names the old
/// way (XML feeds as text/xml, fonts as application/font-woff and x-font-ttf). Text is UTF-8, as the
/// build writes it.
/// </summary>
public static class ContentTypes
{
    public const string Unknown = "application/octet-stream";

    private static readonly FileExtensionContentTypeProvider Table = Create();

    private static FileExtensionContentTypeProvider Create()
    {
        var table = new FileExtensionContentTypeProvider();
        table.Mappings[".bib"] = "application/x-bibtex";
        table.Mappings[".xml"] = "application/xml";
        table.Mappings[".woff"] = "font/woff";
        table.Mappings[".ttf"] = "font/ttf";
        return table;
    }

    public static string For(string path)
    {
        if (!Table.TryGetContentType(path, out var type))
        {
            return Unknown;
        }

        var text = type.StartsWith("text/", StringComparison.Ordinal) || type.EndsWith("xml", StringComparison.Ordinal) || type == "application/x-bibtex";
        return text ? type + "; charset=utf-8" : type;
    }
}
