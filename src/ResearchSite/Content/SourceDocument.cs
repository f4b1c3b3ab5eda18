namespace ResearchSite.Content;

/// <summary>A value read from YAML with the place it was written, for diagnostics.</summary>
public readonly record struct Located<T>(T Value, int Line, int Column);

/// <summary>The front matter as the author wrote it; names are resolved against the registries later.</summary>
public sealed record FrontMatter(
    string Title,
    IReadOnlyList<Located<string>> Authors,
    Located<string>? Unit,
    IReadOnlyList<Located<string>> Categories,
    DateOnly Date,
    string? Summary,
    IReadOnlyList<string> Tags,
    bool Draft)
{
    /// <summary>The study's old addresses (site paths, with a query string where the old site used one), each redirected to its page.</summary>
    public IReadOnlyList<Located<string>> Aliases { get; init; } = [];

    /// <summary>The study's key points (<c>key_points:</c>), shown below the title; empty when it has none.</summary>
    public IReadOnlyList<string> KeyPoints { get; init; } = [];

    /// <summary>The study's number in the series (<c>number:</c>), never assigned automatically; null when it has none.</summary>
    public int? Number { get; init; }
}

/// <summary>One article file: where it came from, its language and slug, its front matter and its Markdown body.</summary>
public sealed record SourceDocument(
    string File,
    string Language,
    string Slug,
    FrontMatter FrontMatter,
    string Body,
    int BodyStartLine);
