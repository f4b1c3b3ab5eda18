namespace ResearchSite.Tests.Import;

/// <summary>
/// The shared fixtures beside the clone (../shared, as on CI): the old site's WordPress export with its
/// uploads, and the seed study copied out as text. A missing folder fails the test with where it was looked for.
/// </summary>
public static class Samples
{
    public static string Shared { get; } = Path.GetFullPath(Path.Combine(Some.RepoRoot, "..", "shared"));

    public static string Export => Existing(Path.Combine(Shared, "samples", "wordpress", "export.xml"));

    public static string Uploads => Existing(Path.Combine(Shared, "samples", "wordpress", "uploads"));

    public static string Seed => Existing(Path.Combine(Shared, "seed", "000_ae775055e4532064.txt"));

    private static string Existing(string path) =>
        File.Exists(path) || Directory.Exists(path)
            ? path
            : throw new FileNotFoundException($"The shared test fixture {path} is missing: the import tests need the folder 'shared' beside the clone ({Shared}).");

    /// <summary>Runs an import into the fixture site, with the real theme for its check.</summary>
    public static (int Code, string Out, string Err) Import(FixtureSite site, params string[] args) =>
        Some.Cli([.. args, "--input", site.Input, "--theme", Some.Theme]);

    public static string Report(FixtureSite site) => File.ReadAllText(Path.Combine(site.Root, "import-report.md"));

    public static string Article(FixtureSite site, string language, string slug) =>
        File.ReadAllText(Path.Combine(site.Input, "articles", language, slug + ".md"));
}
