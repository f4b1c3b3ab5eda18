using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ResearchSite.Content;
using ResearchSite.Diagnostics;

namespace ResearchSite.Output;

/// <summary>One theme asset as it will be written: its fingerprinted name and, for CSS, its rewritten content.</summary>
public sealed record AssetFile(string SourcePath, string TargetName, byte[] Content);

/// <summary>
/// Theme assets get a content hash in their file name (site.3f2a9c1e.css), so the host may cache
/// them for a year and a new theme is still seen at once. CSS files are rewritten to point at the
/// fingerprinted fonts and images they use.
/// </summary>
public sealed partial class AssetManifest
{
    private static readonly string[] Fingerprinted = [".css", ".js", ".woff2", ".woff", ".ttf", ".svg", ".png", ".jpg", ".jpeg", ".webp", ".ico"];

    private readonly Dictionary<string, string> names;

    private AssetManifest(IReadOnlyList<AssetFile> files, Dictionary<string, string> names)
    {
        Files = files;
        this.names = names;
    }

    public IReadOnlyList<AssetFile> Files { get; }

    public IReadOnlyDictionary<string, string> Names => names;

    /// <summary>The written name of an asset ("site.css" → "site.3f2a9c1e.css"), relative to assets/.</summary>
    public string? Resolve(string name) => names.GetValueOrDefault(name);

    /// <summary>The manifest of the theme's assets/ files (as the theme folder gave them).</summary>
    public static AssetManifest Build(IEnumerable<InputEntry> assets, DiagnosticBag diagnostics)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = new List<AssetFile>();
        var all = assets
            .Where(f => !f.IsDirectory)
            .OrderBy(f => f.Name.EndsWith(".css", StringComparison.Ordinal))
            .ThenBy(f => f.Name, StringComparer.Ordinal)
            .ToList();

        // CSS last: it refers to the others by their fingerprinted names.
        foreach (var (path, realPath, name, _) in all)
        {
            byte[] content;
            try
            {
                content = File.ReadAllBytes(realPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                diagnostics.Error(ContentLoader.Display(path), 1, 1, $"the file cannot be read ({e.Message}); give the build read access to it.");
                continue;
            }

            if (name.EndsWith(".css", StringComparison.Ordinal))
            {
                content = Encoding.UTF8.GetBytes(RewriteUrls(Encoding.UTF8.GetString(content), name, names));
            }

            var extension = Path.GetExtension(name);
            var target = Fingerprinted.Contains(extension.ToLowerInvariant())
                ? $"{name[..^extension.Length]}.{Hash(content)}{extension}"
                : name;
            names[name] = target;
            files.Add(new AssetFile(path, target, content));
        }

        return new AssetManifest(files, names);
    }

    private static string Hash(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content))[..10];

    private static string RewriteUrls(string css, string cssName, Dictionary<string, string> names)
    {
        var folder = cssName.Contains('/') ? cssName[..(cssName.LastIndexOf('/') + 1)] : string.Empty;
        return CssUrl().Replace(css, match =>
        {
            var url = match.Groups["url"].Value;
            var key = folder + url;
            return names.TryGetValue(key, out var target)
                ? $"url(\"{(folder.Length > 0 && target.StartsWith(folder, StringComparison.Ordinal) ? target[folder.Length..] : target)}\")"
                : match.Value;
        });
    }

    [GeneratedRegex("""url\(\s*["']?(?<url>[^"')]+)["']?\s*\)""")]
    private static partial Regex CssUrl();
}
