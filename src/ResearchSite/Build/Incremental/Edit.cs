using ResearchSite.Content;

namespace ResearchSite.Build.Incremental;

/// <summary>
/// What a set of changed paths touched, in the terms of what the build reads: the theme, the settings
/// (site.yml and the registries), the lists of files (articles/ and assets/), the bytes of assets, and
/// the text of articles it knows. <see cref="Everything"/> when nobody can say (the first build, a
/// watcher that lost events, a path the build may reach only through a link): then file stamps tell.
/// </summary>
internal sealed record Edit(bool Everything, bool Theme, bool Settings, bool Files, bool Assets, IReadOnlySet<string> Articles)
{
    public static readonly Edit All = new(true, false, false, false, false, new HashSet<string>());

    public static readonly Edit None = new(false, false, false, false, false, new HashSet<string>());

    public bool IsEmpty => !Everything && !Theme && !Settings && !Files && !Assets && Articles.Count == 0;

    /// <summary>Whatever either touched: a failed step's changes are built again with the next ones.</summary>
    public Edit With(Edit other) =>
        new(Everything || other.Everything, Theme || other.Theme, Settings || other.Settings, Files || other.Files, Assets || other.Assets, Articles.Union(other.Articles).ToHashSet(StringComparer.Ordinal));

    /// <summary>
    /// Sorts changed paths by what they feed. Only the folder layout is known here (site.yml, data/,
    /// articles/, assets/ under the input; anything under the theme): which files are articles, and
    /// which are ignored, the read step decides as it always does, by walking the folders again.
    /// </summary>
    /// <param name="paths">Full or relative paths of files or folders that changed.</param>
    /// <param name="inputDir">The input folder.</param>
    /// <param name="themeDir">The theme folder.</param>
    /// <param name="isArticle">Whether a full path is an article file the last build read.</param>
    public static Edit Of(IEnumerable<string> paths, string inputDir, string themeDir, Func<string, bool> isArticle)
    {
        var input = Path.TrimEndingDirectorySeparator(Path.GetFullPath(inputDir));
        var theme = Path.TrimEndingDirectorySeparator(Path.GetFullPath(themeDir));
        var edit = None;
        var edited = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths.Select(Path.GetFullPath))
        {
            if (InputFolder.IsEditorLeftover(Path.GetFileName(path)))
            {
                continue;
            }

            if (InputFolder.IsInside(path, theme))
            {
                edit = edit with { Theme = true };
                continue;
            }

            if (!InputFolder.IsInside(path, input))
            {
                // Neither folder: nothing the build reads.
                continue;
            }

            var relative = Path.GetRelativePath(input, path).Replace('\\', '/');
            var first = relative.Split('/')[0];
            if (relative == ContentLoader.SettingsFile || first == ContentLoader.RegistriesFolder)
            {
                edit = edit with { Settings = true };
            }
            else if (first == ContentLoader.ArticlesFolder && isArticle(path) && FileKinds.Of(path) == FileKind.File && InputFolder.LinkTarget(path) is null)
            {
                // A file it read, still a plain file (a link the walk must vet again): only its text changed.
                edited.Add(path);
            }
            else if (first == ContentLoader.ArticlesFolder)
            {
                // Added, removed, renamed, a folder, or no article at all: the walk tells.
                edit = edit with { Files = true };
            }
            else if (first == ContentLoader.AssetsFolder)
            {
                edit = edit with { Files = true, Assets = true };
            }
            else
            {
                // The input folder itself, or a file the build reads only through a link, if at all.
                edit = edit with { Everything = true };
            }
        }

        return edit with { Articles = edited };
    }
}
