using System.Text.RegularExpressions;
using System.Xml;
using ResearchSite.Markdown.Safety;

namespace ResearchSite.Content;

/// <summary>
/// Files of assets/ that a browser would run: published under /files/ they would act with the site's own
/// origin, past the safety filter every article goes through (an `evil.html` with a script, an SVG with
/// an onload). Pages and scripts are refused; an SVG is published when it holds drawing only: opened on
/// its own (a reader's "open image in new tab") it would also load what it references, telling other sites
/// who reads what, so it may reference only its own parts and data it carries (links to the web stay).
/// </summary>
public static partial class ActiveAssets
{
    private static readonly HashSet<string> Runnable = new(StringComparer.OrdinalIgnoreCase)
    {
        ".html", ".htm", ".xhtml", ".shtml", ".xht", ".js", ".mjs", ".cjs", ".php", ".xsl", ".xslt",
    };

    // SVG elements that run script, embed documents or react to events.
    private static readonly HashSet<string> ActiveElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "foreignObject", "iframe", "embed", "object", "handler", "listener", "set", "animate",
    };

    /// <summary>Why the file may not be published, and at which of its lines (1 when the whole file is the problem); or null.</summary>
    public static (int Line, string Message)? Problem(string path, string name)
    {
        var extension = Path.GetExtension(name);
        if (Runnable.Contains(extension))
        {
            return (1, $"'{name}' is a page or script ({extension}): from assets/ it would run with the site's rights, past the checks articles get. Write it as a study, or publish it as a .zip or .txt.");
        }

        return extension.Equals(".svg", StringComparison.OrdinalIgnoreCase) ? SvgProblem(path, name) : null;
    }

    private static (int Line, string Message)? SvgProblem(string path, string name)
    {
        // Design tools write an internal DTD of entities (Illustrator's &ns_svg;): they are expanded, so what
        // they hide is checked too, with no file or address ever fetched and a bound on nested expansion.
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Parse,
            XmlResolver = null,
            MaxCharactersInDocument = 50_000_000,
            MaxCharactersFromEntities = 1_000_000,
        };
        try
        {
            using var reader = XmlReader.Create(path, settings);
            var root = true;
            var inStyle = false;
            while (reader.Read())
            {
                var line = ((IXmlLineInfo)reader).LineNumber;
                // The reader fetches no external entity, but a browser must not be asked to either.
                if (reader.NodeType == XmlNodeType.DocumentType && ExternalEntity().IsMatch(reader.Value))
                {
                    return (line, $"'{name}' declares an entity that reads another file (line {line}); export the drawing again without it.");
                }

                if (reader.NodeType == XmlNodeType.ProcessingInstruction && reader.Name == "xml-stylesheet")
                {
                    return (line, $"'{name}' has an <?xml-stylesheet?> instruction (line {line}), which loads a style sheet from another file; export the drawing again with its styles inside.");
                }

                if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA && inStyle && Loads(reader.Value) is { } inCss)
                {
                    return (line, Loading(name, inCss, line));
                }

                if (reader.NodeType == XmlNodeType.EndElement)
                {
                    inStyle = false;
                }

                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                inStyle = reader.LocalName == "style" && !reader.IsEmptyElement;
                var element = reader.LocalName;

                if (root && reader.LocalName != "svg")
                {
                    return (line, $"'{name}' is not an SVG image (its root element is <{reader.LocalName}>); export it again as SVG, or as PNG.");
                }

                root = false;
                if (ActiveElements.Contains(reader.LocalName))
                {
                    return (line, $"'{name}' holds <{reader.LocalName}> (line {line}), which runs or embeds content; export the drawing again without scripts, animations or embedded pages.");
                }

                while (reader.MoveToNextAttribute())
                {
                    var attribute = reader.LocalName;
                    if (attribute.StartsWith("on", StringComparison.OrdinalIgnoreCase))
                    {
                        return (line, $"'{name}' has an event handler {reader.Name} (line {line}); export the drawing again without scripts.");
                    }

                    if (attribute == "href" && !Inside(reader.Value) && !UrlPolicy.IsAllowed(reader.Value))
                    {
                        return (line, $"'{name}' links to '{UrlPolicy.Describe(reader.Value)}' (line {line}), which is not allowed; link to http(s) addresses or to the drawing's own parts.");
                    }

                    // Only a link (<a>) may lead elsewhere; an <image>, <use> or filter's href is loaded.
                    if (attribute == "href" && element != "a" && !Inside(reader.Value))
                    {
                        return (line, Loading(name, reader.Value, line));
                    }

                    if (attribute == "style" && Loads(reader.Value) is { } loaded)
                    {
                        return (line, Loading(name, loaded, line));
                    }
                }
            }

            return root ? (1, $"'{name}' is empty; export the drawing again.") : null;
        }
        catch (XmlException e)
        {
            return (Math.Max(1, e.LineNumber), $"'{name}' is not a well-formed SVG image ({e.Message}); export it again.");
        }
    }

    private static string Loading(string name, string reference, int line) =>
        $"'{name}' loads '{(reference.Length <= 60 ? reference : reference[..57] + "…")}' (line {line}) from outside the drawing; embed it (as a data: URI) or remove it, and export the drawing again.";

    /// <summary>A reference to the drawing's own parts or to data it carries itself.</summary>
    private static bool Inside(string reference)
    {
        var value = reference.Trim();
        return value.StartsWith('#') || value.StartsWith("data:", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>What CSS would load from outside the drawing, or null.</summary>
    private static string? Loads(string css)
    {
        if (CssImport().Match(css) is { Success: true } import)
        {
            return import.Value;
        }

        return CssUrl().Matches(css).Select(m => m.Groups[1].Value).FirstOrDefault(u => !Inside(u));
    }

    [GeneratedRegex(@"<!ENTITY[^>]*\s(SYSTEM|PUBLIC)\s", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalEntity();

    [GeneratedRegex(@"@import[^;]*", RegexOptions.IgnoreCase)]
    private static partial Regex CssImport();

    [GeneratedRegex(@"url\(\s*['""]?\s*([^'""\)\s]*)", RegexOptions.IgnoreCase)]
    private static partial Regex CssUrl();
}
