using System.Xml;
using ResearchSite.Markdown.Safety;

namespace ResearchSite.Content;

/// <summary>
/// Files of assets/ that a browser would run: published under /files/ they would act with the site's own
/// origin, past the safety filter every article goes through (an `evil.html` with a script, an SVG with
/// an onload). Pages and scripts are refused; an SVG is published when it holds drawing only.
/// </summary>
public static class ActiveAssets
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

    /// <summary>Why the file may not be published, or null.</summary>
    public static string? Problem(string path, string name)
    {
        var extension = Path.GetExtension(name);
        if (Runnable.Contains(extension))
        {
            return $"'{name}' is a page or script ({extension}): from assets/ it would run with the site's rights, past the checks articles get. Write it as a study, or publish it as a .zip or .txt.";
        }

        return extension.Equals(".svg", StringComparison.OrdinalIgnoreCase) ? SvgProblem(path, name) : null;
    }

    private static string? SvgProblem(string path, string name)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 50_000_000 };
        try
        {
            using var reader = XmlReader.Create(path, settings);
            var root = true;
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (root && reader.LocalName != "svg")
                {
                    return $"'{name}' is not an SVG image (its root element is <{reader.LocalName}>); export it again as SVG, or as PNG.";
                }

                root = false;
                if (ActiveElements.Contains(reader.LocalName))
                {
                    return $"'{name}' holds <{reader.LocalName}> (line {((IXmlLineInfo)reader).LineNumber}), which runs or embeds content; export the drawing again without scripts, animations or embedded pages.";
                }

                while (reader.MoveToNextAttribute())
                {
                    var attribute = reader.LocalName;
                    if (attribute.StartsWith("on", StringComparison.OrdinalIgnoreCase))
                    {
                        return $"'{name}' has an event handler {reader.Name} (line {((IXmlLineInfo)reader).LineNumber}); export the drawing again without scripts.";
                    }

                    if (attribute == "href" && !reader.Value.TrimStart().StartsWith('#') && !UrlPolicy.IsAllowed(reader.Value))
                    {
                        return $"'{name}' links to '{UrlPolicy.Describe(reader.Value)}' (line {((IXmlLineInfo)reader).LineNumber}), which is not allowed; link to http(s) addresses or to the drawing's own parts.";
                    }
                }
            }

            return root ? $"'{name}' is empty; export the drawing again." : null;
        }
        catch (XmlException e)
        {
            return $"'{name}' is not a well-formed SVG image ({e.Message}); export it again.";
        }
    }
}
