using System.Text.RegularExpressions;

namespace ResearchSite.Import;

/// <summary>
/// The articles already in the site, as an import needs them: which slugs are taken, and which old post
/// each imported one came from (its '/?p=ID' alias), so that importing again finds the same file.
/// </summary>
public sealed partial class ExistingArticles
{
    private readonly HashSet<string> slugs = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<long, string> byPostId = [];

    public ExistingArticles(string inputDir)
    {
        var articles = Path.Combine(inputDir, "articles");
        if (!Directory.Exists(articles))
        {
            return;
        }

        foreach (var folder in Directory.EnumerateDirectories(articles))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.md"))
            {
                var slug = Path.GetFileNameWithoutExtension(file);
                slugs.Add(slug);
                // Only the front matter: the aliases are written there, by the import or by hand.
                using var reader = new StreamReader(file);
                var lines = 0;
                for (var line = reader.ReadLine(); line is not null && lines < 200; line = reader.ReadLine(), lines++)
                {
                    if (lines > 0 && line.TrimEnd() == "---")
                    {
                        break;
                    }

                    if (PostAlias().Match(line) is { Success: true } match && long.TryParse(match.Groups[1].Value, out var id))
                    {
                        byPostId.TryAdd(id, slug);
                    }
                }
            }
        }
    }

    public bool Taken(string slug) => slugs.Contains(slug);

    /// <summary>The slug a post was imported under before, if it was.</summary>
    public string? SlugOf(long postId) => byPostId.GetValueOrDefault(postId);

    [GeneratedRegex(@"^\s*-\s*[""']?/\?p=(\d+)[""']?\s*$")]
    private static partial Regex PostAlias();
}
