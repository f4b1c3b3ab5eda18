using System.Text.Json.Serialization;

namespace ResearchSite.Serve;

/// <summary>What <c>/__status</c> answers: whether the served site built, its version, and what went wrong.</summary>
internal sealed record ServeStatus(bool Ok, int Version, IReadOnlyList<string> Errors);

/// <summary>
/// The JSON `serve` sends (the reload events' lists of paths or errors, the status), written by serializers made at
/// compile time: reflection-based serialization is not available in the trimmed (Native AOT) program.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(ServeStatus))]
internal sealed partial class ServeJson : JsonSerializerContext;
