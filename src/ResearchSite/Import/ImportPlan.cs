namespace ResearchSite.Import;

/// <summary>A file of the old site's uploads to copy into the site's assets.</summary>
public sealed record AssetCopy(string Source, string RelativeTarget);

/// <summary>An item that was not imported, and why.</summary>
public sealed record SkippedItem(string Title, string Id, string Kind, string Why);

/// <summary>Everything an import would write, decided before anything is written.</summary>
public sealed class ImportPlan
{
    public List<ImportedArticle> Articles { get; } = [];

    public List<AssetCopy> Assets { get; } = [];

    public IReadOnlyList<NewRegistryEntry> RegistryEntries { get; set; } = [];

    public List<SkippedItem> Skipped { get; } = [];

    /// <summary>Problems of the source as a whole or of an item, each naming the item's title and id.</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>What the source was, for the report's title.</summary>
    public string Source { get; set; } = string.Empty;
}
