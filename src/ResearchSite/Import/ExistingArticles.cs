using System.Text.RegularExpressions;
using ResearchSite.Content;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ResearchSite.Import;

/// <summary>
/// The articles already in the site, as an import needs them: which slugs are taken, which old post each
/// imported one came from (its aliases: '/?p=ID' and the permalink), and which study each is (language,
/// title and date), so that importing again finds the same file instead of making a second one.
/// </summary>
public sealed partial class ExistingArticles
{
    private readonly HashSet<string> slugs = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> byAlias = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Language, string Title, string Date), string> byStudy = [];

    public ExistingArticles(string inputDir)
    {
        var articles = Path.Combine(inputDir, "articles");
        if (!Directory.Exists(articles))
        {
            return;
        }

        foreach (var folder in Directory.EnumerateDirectories(articles))
        {
            var language = Path.GetFileName(folder);
            foreach (var file in Directory.EnumerateFiles(folder, "*.md"))
            {
                var slug = Path.GetFileNameWithoutExtension(file);
                slugs.Add(slug);
                // Only the front matter: the aliases are written there, by the import or by hand.
                using var reader = new StreamReader(file);
                string? title = null;
                string? date = null;
                var lines = 0;
                for (var line = reader.ReadLine(); line is not null && lines < 200; line = reader.ReadLine(), lines++)
                {
                    if (lines > 0 && line.TrimEnd() == "---")
                    {
                        break;
                    }

                    if (AliasLine().Match(line) is { Success: true } alias)
                    {
                        byAlias.TryAdd(Scalar(alias.Groups[1].Value), slug);
                    }
                    else if (Field().Match(line) is { Success: true } field)
                    {
                        if (field.Groups["name"].Value == "title")
                        {
                            title = Scalar(field.Groups["value"].Value);
                        }
                        else
                        {
                            date = Scalar(field.Groups["value"].Value);
                        }
                    }
                }

                if (title is not null && date is not null)
                {
                    byStudy.TryAdd((language, Names.Alike(title), date), slug);
                }
            }
        }
    }

    public bool Taken(string slug) => slugs.Contains(slug);

    /// <summary>The slug a post was imported under before, if it was.</summary>
    public string? SlugOf(long postId) => SlugOfAlias("/?p=" + postId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The slug of the article that has this old address among its aliases.</summary>
    public string? SlugOfAlias(string alias) => byAlias.GetValueOrDefault(alias);

    /// <summary>The slug of the article of that language with that title (as readers tell titles apart) and date.</summary>
    public string? SlugOfStudy(string language, string title, DateOnly date) =>
        byStudy.GetValueOrDefault((language, Names.Alike(title), date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>A YAML scalar as written on one line (plain, single- or double-quoted), read by YamlDotNet when it has escapes.</summary>
    private static string Scalar(string text)
    {
        text = text.Trim();
        if (text.Length < 2 || !(text[0] is '"' or '\''))
        {
            return text;
        }

        if (text[0] == '"' && !text.Contains('\\', StringComparison.Ordinal) || text[0] == '\'' && !text[1..^1].Contains('\'', StringComparison.Ordinal))
        {
            return text[1..^1];
        }

        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            parser.Consume<DocumentStart>();
            return parser.Consume<YamlDotNet.Core.Events.Scalar>().Value;
        }
        catch (YamlException)
        {
            return text;
        }
    }

    [GeneratedRegex(@"^\s*-\s*(""[^""]*(?:\\.[^""]*)*""|'[^']*(?:''[^']*)*'|/\S*)\s*$")]
    private static partial Regex AliasLine();

    [GeneratedRegex(@"^(?<name>title|date):\s*(?<value>.+?)\s*$")]
    private static partial Regex Field();
}
