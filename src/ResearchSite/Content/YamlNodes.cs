using ResearchSite.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace ResearchSite.Content;

/// <summary>
/// YAML read through YamlDotNet's representation model, so every value keeps its line and column
/// and every problem can point at the exact place in the author's file.
/// </summary>
public sealed class YamlNodes(string file, int lineOffset, DiagnosticBag diagnostics)
{
    // Aliases are resolved by reference in the representation model, but a document made of thousands
    // of them ("billion laughs") is still refused: no author needs that many.
    private const int MaxAliases = 100;

    public string File => file;

    public YamlMappingNode? LoadMapping(string text, string what)
    {
        try
        {
            if (text.Contains('*') && CountAliases(text) > MaxAliases)
            {
                diagnostics.Error(file, 1 + lineOffset, 1, $"{what} uses more than {MaxAliases} YAML aliases; write the values out instead.");
                return null;
            }

            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            {
                return new YamlMappingNode();
            }

            if (stream.Documents[0].RootNode is YamlMappingNode mapping)
            {
                RemoveControlCharacters(mapping);
                return mapping;
            }

            Error(stream.Documents[0].RootNode, $"{what} must be a YAML mapping of 'key: value' lines.");
            return null;
        }
        catch (YamlException e)
        {
            var message = (e.InnerException?.Message ?? e.Message).Trim();
            diagnostics.Error(file, (int)e.Start.Line + lineOffset, (int)e.Start.Column, $"malformed YAML in {what}: {message} Check the brackets, quotes and indentation on this line.");
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            var (line, column) = LastGoodPosition(text);
            diagnostics.Error(file, line + lineOffset, column, $"malformed YAML in {what}: the YAML cannot be read past this point. Check the brackets, quotes and indentation here.");
            return null;
        }
    }

    /// <summary>
    /// YAML escapes ("\v", "\x01", "\u000B") make control characters after <see cref="SourceText"/> has
    /// removed the written ones: values get the same treatment, and lose bidi embeddings, overrides and
    /// isolates (see <see cref="SourceText"/>). Keys are left as written (a key's text is
    /// its identity in the mapping); a key with a control character is reported as unknown or unsafe.
    /// </summary>
    private static void RemoveControlCharacters(YamlMappingNode root)
    {
        foreach (var node in root.AllNodes)
        {
            var values = node switch
            {
                YamlMappingNode mapping => mapping.Children.Values,
                YamlSequenceNode sequence => sequence.Children,
                _ => [],
            };
            foreach (var value in values)
            {
                if (value is YamlScalarNode { Value: { } text } scalar && (SourceText.HasControlCharacters(text) || SourceText.HasBidiControls(text)))
                {
                    scalar.Value = SourceText.RemoveBidiControls(SourceText.RemoveControlCharacters(text));
                }
            }
        }
    }

    /// <summary>Where the last event that could be read ends: the best place to point at when YamlDotNet gives no position.</summary>
    private static (int Line, int Column) LastGoodPosition(string text)
    {
        var parser = new Parser(new StringReader(text));
        var position = (Line: 1, Column: 1);
        try
        {
            while (parser.MoveNext())
            {
                position = ((int)parser.Current!.Start.Line, (int)parser.Current.Start.Column);
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException)
        {
        }

        return position;
    }

    private static int CountAliases(string text)
    {
        var parser = new Parser(new StringReader(text));
        var count = 0;
        try
        {
            while (parser.MoveNext())
            {
                if (parser.Current is AnchorAlias)
                {
                    count++;
                }
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException)
        {
            // Malformed YAML: the real load reports it with its position.
        }

        return count;
    }

    public int Line(YamlNode node) => (int)node.Start.Line + lineOffset;

    public int Column(YamlNode node) => (int)node.Start.Column;

    public void Error(YamlNode node, string message) => diagnostics.Error(file, Line(node), Column(node), message);

    public void Warning(YamlNode node, string message) => diagnostics.Warning(file, Line(node), Column(node), message);

    public static YamlNode? Get(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    public string? Scalar(YamlMappingNode mapping, string key, string what)
    {
        var node = Get(mapping, key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode scalar)
        {
            return string.IsNullOrWhiteSpace(scalar.Value) ? null : scalar.Value.Trim();
        }

        Error(node, $"'{key}' in {what} must be a single value, not a list or mapping.");
        return null;
    }

    /// <summary>One value or a list of values, each with its position.</summary>
    public IReadOnlyList<Located<string>> ScalarOrList(YamlMappingNode mapping, string key, string what)
    {
        var node = Get(mapping, key);
        return node switch
        {
            null => [],
            YamlScalarNode scalar when string.IsNullOrWhiteSpace(scalar.Value) => [],
            YamlScalarNode scalar => [Locate(scalar)],
            YamlSequenceNode sequence => sequence.Children
                .Select(child =>
                {
                    if (child is YamlScalarNode { Value: { Length: > 0 } } item)
                    {
                        return Locate(item);
                    }

                    Error(child, $"every entry of '{key}' in {what} must be a single value.");
                    return (Located<string>?)null;
                })
                .OfType<Located<string>>()
                .ToList(),
            _ => ErrorAndEmpty(node, $"'{key}' in {what} must be a value or a list of values."),
        };
    }

    private IReadOnlyList<Located<string>> ErrorAndEmpty(YamlNode node, string message)
    {
        Error(node, message);
        return [];
    }

    public Located<string> Locate(YamlScalarNode scalar) => new(scalar.Value!.Trim(), Line(scalar), Column(scalar));

    /// <summary>The codes of the site's languages, the default first: the keys of a localized text.</summary>
    public IReadOnlyList<string> Languages { get; set; } = [];

    /// <summary>"{ ar: ..., en: ... }" (a key per language), or a bare value taken as the default language's.</summary>
    public LocalizedText Localized(YamlMappingNode mapping, string key, string what)
    {
        var node = Get(mapping, key);
        switch (node)
        {
            case null:
                return LocalizedText.Empty;
            case YamlScalarNode scalar:
                return Languages.Count == 0 || string.IsNullOrWhiteSpace(scalar.Value) ? LocalizedText.Empty : new LocalizedText([(Languages[0], scalar.Value.Trim())]);
            case YamlMappingNode map:
                return Texts(map, $"'{key}' in {what}");
            default:
                Error(node, $"'{key}' in {what} must be text or a mapping with a key per language ({string.Join(", ", Languages)}).");
                return LocalizedText.Empty;
        }
    }

    /// <summary>
    /// A text per language code: the site's languages first (the default one first), then any other
    /// language it is written in, kept so that a site listing fewer languages still reads its registries.
    /// </summary>
    public LocalizedText Texts(YamlMappingNode map, string what)
    {
        var codes = map.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? string.Empty).ToList();
        WarnUnknownKeys(map, codes.Where(Text.Language.IsCode).Union(Languages).ToList(), what);
        return new LocalizedText(Languages.Concat(codes.Where(c => Text.Language.IsCode(c) && !Languages.Contains(c))).Select(l => (l, Scalar(map, l, what))));
    }

    public void WarnUnknownKeys(YamlMappingNode mapping, IReadOnlyCollection<string> known, string what)
    {
        foreach (var key in mapping.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "?";
            if (!known.Contains(name))
            {
                Warning(key, $"unknown field '{name}' in {what} is ignored; known fields: {string.Join(", ", known)}.");
            }
        }
    }
}
