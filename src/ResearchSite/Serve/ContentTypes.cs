using Microsoft.AspNetCore.StaticFiles;

namespace ResearchSite.Serve;

/// <summary>
/// The Content-Type `serve` sends for a file of the site. Authors put any kind of file in
/// input/assets (PDF, spreadsheets, AVIF, video), so the base is ASP.NET Core's table of several
/// hundred extensions; the entries below are the ones the site itself writes and the table lacks or
/// names otherwise. Text is UTF-8, as the build writes it.
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
        table.Mappings[".js"] = "text/javascript";
        table.Mappings[".mjs"] = "text/javascript";
        table.Mappings[".avif"] = "image/avif";
        table.Mappings[".wasm"] = "application/wasm";
        table.Mappings[".woff2"] = "font/woff2";
        table.Mappings[".woff"] = "font/woff";
        table.Mappings[".ttf"] = "font/ttf";
        table.Mappings[".webmanifest"] = "application/manifest+json";
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
