using System.Globalization;
using ResearchSite.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace ResearchSite.Content;

/// <summary>Splits an article into its YAML front matter (typed, with positions) and its Markdown body.</summary>
public static class FrontMatterParser
{
    public static readonly IReadOnlyList<string> KnownFields =
        ["title", "author", "unit", "category", "date", "summary", "tags", "draft", "aliases", "key_points", "number"];

    /// <summary>How many key points a study shows: fewer or more is a warning, not an error.</summary>
    public const int FewestKeyPoints = 3, MostKeyPoints = 5;

    public sealed record Result(FrontMatter FrontMatter, string Body, int BodyStartLine);

    public static Result? Parse(ReadOnlySpan<char> text, string file, DiagnosticBag diagnostics)
    {
        // Line by line up to the closing '---' only: the body is cut out in one piece, never split.
        var firstEnd = text.IndexOf('\n');
        if ((firstEnd < 0 ? text : text[..firstEnd]).TrimEnd() is not "---")
        {
            diagnostics.Error(file, 1, 1, "no front matter: an article starts with a line '---', then title, author, unit, category and date, then a closing '---'.");
            return null;
        }

        var close = -1;
        var yamlEnd = 0;
        var bodyStart = 0;
        for (int line = 1, at = firstEnd + 1; firstEnd >= 0 && at <= text.Length; line++)
        {
            var end = at < text.Length && text[at..].IndexOf('\n') is >= 0 and var next ? at + next : -1;
            if ((end < 0 ? text[at..] : text[at..end]).TrimEnd() is "---" or "...")
            {
                close = line;
                yamlEnd = Math.Max(firstEnd + 1, at - 1);
                bodyStart = end < 0 ? text.Length : end + 1;
                break;
            }

            if (end < 0)
            {
                break;
            }

            at = end + 1;
        }

        if (close < 0)
        {
            diagnostics.Error(file, 1, 1, "the front matter is never closed: add a line '---' after the last field.");
            return null;
        }

        var yaml = text[(firstEnd + 1)..yamlEnd].ToString();
        var nodes = new YamlNodes(file, lineOffset: 1, diagnostics);
        var mapping = nodes.LoadMapping(yaml, "the front matter");
        if (mapping is null)
        {
            return null;
        }

        var errorsBefore = diagnostics.ErrorCount;
        nodes.WarnUnknownKeys(mapping, KnownFields.ToList(), "the front matter");

        var title = nodes.Scalar(mapping, "title", "the front matter");
        var authors = nodes.ScalarOrList(mapping, "author", "the front matter");
        var units = nodes.ScalarOrList(mapping, "unit", "the front matter");
        var categories = nodes.ScalarOrList(mapping, "category", "the front matter");
        var summary = nodes.Scalar(mapping, "summary", "the front matter");
        var tags = nodes.ScalarOrList(mapping, "tags", "the front matter").Select(t => t.Value).ToList();
        var draft = ParseBool(nodes, mapping, "draft");
        var date = ParseDate(nodes, mapping, file, diagnostics);
        var aliases = nodes.ScalarOrList(mapping, "aliases", "the front matter");
        foreach (var alias in aliases)
        {
            if (Pages.Routes.AliasProblem(alias.Value) is { } problem)
            {
                diagnostics.Error(file, alias.Line, alias.Column, $"alias '{alias.Value}' {problem}");
            }
        }
        var keyPoints = ParseKeyPoints(nodes, mapping);
        var number = ParseNumber(nodes, mapping);

        RequireField(YamlNodes.Get(mapping, "title") is not null, "title", "title: <the study's title>", file, diagnostics);
        // A draft may still lack its people or categories (an import that could not tell them): it is not
        // built, and `build --drafts` says what is missing.
        RequireField(draft || YamlNodes.Get(mapping, "author") is not null, "author", "author: <a key or name from data/authors.yml>", file, diagnostics);
        RequireField(draft || YamlNodes.Get(mapping, "category") is not null, "category", "category: <a key or name from data/categories.yml, or a list>", file, diagnostics);
        if (units.Count > 1)
        {
            diagnostics.Error(file, units[1].Line, units[1].Column, "an article belongs to one unit: give 'unit' a single value.");
        }

        if (diagnostics.ErrorCount > errorsBefore || title is null || date is null || (!draft && (authors.Count == 0 || categories.Count == 0)))
        {
            if (diagnostics.ErrorCount == errorsBefore)
            {
                diagnostics.Error(file, 2, 1, "title, author and category may not be empty: give each a value.");
            }

            return null;
        }

        var frontMatter = new FrontMatter(
            title,
            authors,
            units.Count > 0 ? units[0] : null,
            categories,
            date.Value,
            summary,
            tags,
            draft)
        {
            Aliases = aliases,
            KeyPoints = keyPoints,
            Number = number,
        };
        return new Result(frontMatter, text[bodyStart..].ToString(), close + 2);
    }

    private static void RequireField(bool present, string field, string example, string file, DiagnosticBag diagnostics)
    {
        if (!present)
        {
            diagnostics.Error(file, 1, 1, $"the required field '{field}' is missing from the front matter; add a line such as '{example}'.");
        }
    }

    private static DateOnly? ParseDate(YamlNodes nodes, YamlMappingNode mapping, string file, DiagnosticBag diagnostics)
    {
        var node = YamlNodes.Get(mapping, "date");
        if (node is null)
        {
            diagnostics.Error(file, 1, 1, "the required field 'date' is missing from the front matter; add a line such as 'date: 2024-10-15'.");
            return null;
        }

        if (node is YamlScalarNode { Value: { } value }
            && DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        nodes.Error(node, $"date '{(node as YamlScalarNode)?.Value}' is not an ISO date: write it as YYYY-MM-DD, e.g. 'date: 2024-10-15'.");
        return null;
    }

    private static IReadOnlyList<string> ParseKeyPoints(YamlNodes nodes, YamlMappingNode mapping)
    {
        var node = YamlNodes.Get(mapping, "key_points");
        if (node is YamlScalarNode { Value: { Length: > 0 } value } && !string.IsNullOrWhiteSpace(value))
        {
            nodes.Error(node, "'key_points' is a list: write each point on its own line starting with '- '.");
            return [];
        }

        var points = nodes.ScalarOrList(mapping, "key_points", "the front matter").Select(p => p.Value).ToList();
        if (node is not null && points.Count is > 0 and (< FewestKeyPoints or > MostKeyPoints))
        {
            nodes.Warning(node, $"'key_points' has {points.Count} points; readers expect {FewestKeyPoints} to {MostKeyPoints} short sentences.");
        }

        return points;
    }

    private static int? ParseNumber(YamlNodes nodes, YamlMappingNode mapping)
    {
        var node = YamlNodes.Get(mapping, "number");
        if (node is null || node is YamlScalarNode { Value: var empty } && string.IsNullOrWhiteSpace(empty))
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { } value }
            && int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0)
        {
            return number;
        }

        nodes.Error(node, $"'number' must be the study's number in the series, a whole number from 1 (e.g. 'number: 12'), not '{(node as YamlScalarNode)?.Value}'.");
        return null;
    }

    private static bool ParseBool(YamlNodes nodes, YamlMappingNode mapping, string key)
    {
        var node = YamlNodes.Get(mapping, key);
        if (node is null)
        {
            return false;
        }

        if (node is YamlScalarNode { Value: { } value } && bool.TryParse(value.Trim(), out var result))
        {
            return result;
        }

        nodes.Error(node, $"'{key}' must be true or false.");
        return false;
    }
}
