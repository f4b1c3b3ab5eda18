using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using ResearchSite.Content;

namespace ResearchSite.Scaffold;

/// <summary>
/// A JSON Schema for the front matter, with the registries' keys and names as the allowed values, so
/// editors complete field names and list every author, unit and category.
/// </summary>
public static class FrontMatterSchema
{
    public static string Generate(Registries registries)
    {
        JsonNode Names<T>(Registry<T> registry, Func<T, string> key, Func<T, LocalizedText> name)
            where T : class =>
            new JsonArray(registry.Entries.SelectMany(e => name(e).All().Prepend(key(e))).Distinct().Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());

        JsonObject OneOrList(JsonNode values, string description) => new()
        {
            ["description"] = description,
            ["anyOf"] = new JsonArray(
                new JsonObject { ["enum"] = values.DeepClone() },
                new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = new JsonObject { ["enum"] = values.DeepClone() } }),
        };

        var schema = new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-07/schema#",
            ["title"] = "ResearchSite article front matter",
            ["type"] = "object",
            // A draft may still lack its author and category (an import that could not tell them).
            ["required"] = new JsonArray("title", "date"),
            ["if"] = new JsonObject { ["properties"] = new JsonObject { ["draft"] = new JsonObject { ["const"] = true } }, ["required"] = new JsonArray("draft") },
            ["else"] = new JsonObject { ["required"] = new JsonArray("author", "category") },
            ["additionalProperties"] = false,
            ["properties"] = new JsonObject
            {
                ["title"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["description"] = "The study's title." },
                ["author"] = OneOrList(Names(registries.Authors, a => a.Key, a => a.Name), "A key or name from data/authors.yml, or a list."),
                ["unit"] = new JsonObject { ["enum"] = Names(registries.Units, u => u.Key, u => u.Name), ["description"] = "A key or name from data/units.yml (default: the author's unit)." },
                ["category"] = OneOrList(Names(registries.Categories, c => c.Key, c => c.Name), "A key or name from data/categories.yml, or a list."),
                ["date"] = new JsonObject { ["type"] = "string", ["pattern"] = "^\\d{4}-\\d{2}-\\d{2}$", ["description"] = "ISO date, Gregorian: 2024-10-15." },
                ["summary"] = new JsonObject { ["type"] = "string", ["description"] = "An optional one-paragraph abstract." },
                ["tags"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
                ["key_points"] = new JsonObject
                {
                    ["type"] = "array",
                    ["minItems"] = FrontMatterParser.FewestKeyPoints,
                    ["maxItems"] = FrontMatterParser.MostKeyPoints,
                    ["items"] = new JsonObject { ["type"] = "string", ["minLength"] = 1 },
                    ["description"] = "Optional: the study's key points, 3 to 5 sentences, shown below the title.",
                },
                ["number"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["description"] = "Optional: the study's number in the series (never assigned automatically)." },
                ["draft"] = new JsonObject { ["type"] = "boolean", ["description"] = "Drafts are built only with --drafts." },
                ["aliases"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string", ["pattern"] = "^/[^/]" }, ["description"] = "The study's old addresses (paths of the old host, e.g. /2024/10/old-title/ or /?p=201), each redirected here." },
            },
        };
        return schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) }) + "\n";
    }
}
