using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using ResearchSite.Content;
using ResearchSite.Pages;
using ResearchSite.Scaffold;
using ResearchSite.Text;

namespace ResearchSite.Import;

/// <summary>
/// Turns a WordPress export into the studies of the site: posts only (pages, attachments, revisions and
/// menu items are counted and skipped), translations paired into one study, names matched to the
/// registries, bodies converted, links between posts rewritten to .md links, old addresses kept as aliases.
/// </summary>
public sealed partial class WordPressImporter
{
    private static readonly HtmlParser Parser = new();

    private readonly WxrExport export;
    private readonly SiteConfig site;
    private readonly RegistryMatcher matcher;
    private readonly ExistingArticles existing;
    private readonly string? uploads;
    private readonly ImportPlan plan = new();
    private readonly Dictionary<string, (string Language, string Slug, bool Published)> oldAddresses = new(StringComparer.Ordinal);

    // Posts whose id an earlier post of the export has: their '?p=ID' is the other's, so they are known by their permalink only.
    private readonly HashSet<WxrItem> twins = new(ReferenceEqualityComparer.Instance);
    private readonly Uri? baseUri;

    private WordPressImporter(WxrExport export, SiteConfig site, RegistryMatcher matcher, ExistingArticles existing, string? uploads)
    {
        this.export = export;
        this.site = site;
        this.matcher = matcher;
        this.existing = existing;
        this.uploads = uploads;
        baseUri = Uri.TryCreate(export.BaseUrl.TrimEnd('/') + "/", UriKind.Absolute, out var uri) ? uri : null;
    }

    public static ImportPlan Plan(WxrExport export, SiteConfig site, RegistryMatcher matcher, ExistingArticles existing, string? uploads, string source)
    {
        var importer = new WordPressImporter(export, site, matcher, existing, uploads);
        importer.plan.Source = source;
        if (!WxrReader.KnownVersions.Contains(export.Version))
        {
            importer.plan.Warnings.Add($"the export says WXR version '{export.Version}', which this import does not know (it reads 1.0–1.2): it was read as 1.2; check the studies below.");
        }

        importer.Run();
        importer.plan.RegistryEntries = matcher.Added;
        return importer.plan;
    }

    private sealed record Post(WxrItem Item, string Language, string Group, bool Published);

    private void Run()
    {
        var posts = new List<Post>();
        var groups = PolylangGroups();
        var firstWithId = new Dictionary<long, WxrItem>();
        foreach (var item in export.Items)
        {
            var name = Describe(item);
            if (item.PostType != "post")
            {
                plan.Skipped.Add(new SkippedItem(item.Title, Id(item), item.PostType.Length == 0 ? "item" : item.PostType, item.PostType switch
                {
                    "page" => "a page, not a study: add its text to the site by hand if it is still needed",
                    "attachment" => "an upload: images used by posts are copied with --uploads",
                    "revision" => "an old revision of a post",
                    "nav_menu_item" => "a menu item: the new site's navigation is the theme's",
                    _ => $"an item of type '{item.PostType}', which is not a post",
                }));
                continue;
            }

            if (item.Status is not ("publish" or "draft" or "pending" or "future" or "private"))
            {
                plan.Skipped.Add(new SkippedItem(item.Title, Id(item), "post", $"its status is '{item.Status}' (trash, auto-draft and the like are not studies)"));
                continue;
            }

            var language = LanguageOf(item);
            if (language is null)
            {
                plan.Skipped.Add(new SkippedItem(item.Title, Id(item), "post", $"its language is none of the site's ({string.Join(", ", site.Languages.Select(l => l.Code))}): add the language to site.yml first"));
                continue;
            }

            if (string.IsNullOrWhiteSpace(item.Title))
            {
                plan.Warnings.Add($"{name} has no title: it was skipped; give it one in WordPress or add the study by hand.");
                plan.Skipped.Add(new SkippedItem(item.Title, Id(item), "post", "it has no title"));
                continue;
            }

            if (item.Id > 0 && !firstWithId.TryAdd(item.Id, item))
            {
                // An id is a post's own in an export WordPress wrote: a second one was pasted in or merged from another site.
                twins.Add(item);
                plan.Warnings.Add($"{name} has the same post id as {Describe(firstWithId[item.Id])}: it comes in as a study of its own, without the old address '/?p={Id(item)}' (the other's); check that it is not a copy.");
            }

            // A twin's id names no translation group of its own (Polylang's map and '?p=' are by id).
            var group = twins.Contains(item) ? "twin:" + item.Line.ToString(CultureInfo.InvariantCulture)
                : item.Terms.FirstOrDefault(t => t.Domain == "post_translations")?.Slug
                ?? groups.GetValueOrDefault(item.Id)
                ?? (Meta(item, WpmlGroupKeys) is { Length: > 0 } trid ? "wpml:" + trid : null)
                ?? "post:" + item.Id;
            posts.Add(new Post(item, language, group, item.Status == "publish" && WillBuild(item)));
        }

        // One study per translation group and language: a second post of a language in a group is a study of its own.
        var studies = new List<List<Post>>();
        foreach (var group in posts.GroupBy(p => p.Group))
        {
            var study = new List<Post>();
            foreach (var post in group)
            {
                if (study.Any(p => p.Language == post.Language))
                {
                    plan.Warnings.Add($"{Describe(post.Item)} is a second '{post.Language}' post in one translation group; it comes in as a study of its own.");
                    studies.Add([post]);
                }
                else
                {
                    study.Add(post);
                }
            }

            studies.Add(study);
        }

        var slugs = new Dictionary<List<Post>, string>();
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var study in studies)
        {
            var slug = SlugFor(study, used);
            used.Add(slug);
            slugs[study] = slug;
            foreach (var post in study)
            {
                foreach (var address in OldAddresses(post.Item))
                {
                    oldAddresses.TryAdd(address, (post.Language, slug, post.Published));
                }
            }
        }

        // The bodies, the import's work, are converted in parallel; names, registries and assets are then
        // settled in the export's order, so that the same export always gives the same keys and files.
        var work = studies.SelectMany(study => study.Select(post => (Post: post, Slug: slugs[study]))).ToList();
        var bodies = new (ConvertedBody Body, PostContext Context)[work.Count];
        Parallel.For(0, work.Count, i =>
        {
            var item = work[i].Post.Item;
            var context = new PostContext(this, work[i].Post.Language);
            var body = HtmlToMarkdown.Convert(item.Content, item.Meta.GetValueOrDefault("footnotes") ?? string.Empty, context);
            foreach (var (line, what) in UnsafeHtml.Find(item.Content))
            {
                context.Attention.Add(string.Create(CultureInfo.InvariantCulture, $"line {item.ContentLine + line}: {what}"));
            }

            bodies[i] = (body, context);
        });
        var assets = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < work.Count; i++)
        {
            plan.Assets.AddRange(bodies[i].Context.Assets.Where(a => assets.Add(a.RelativeTarget)));
            plan.Articles.Add(Convert(work[i].Post, work[i].Slug, bodies[i].Body, bodies[i].Context));
        }
    }

    /// <summary>Whether a published post has what the build needs (an author with a unit, a category), so that links to it can be rewritten.</summary>
    private bool WillBuild(WxrItem item)
    {
        var login = item.Creator.Trim();
        var display = export.Authors.FirstOrDefault(a => a.Login == login)?.DisplayName is { Length: > 0 } shown ? shown : login;
        return display.Length > 0
            && matcher.FindAuthor(display, login) is { } author && matcher.UnitOf(author) is not null
            && item.Terms.Any(t => t.Domain == "category" && !IsDefaultCategory(t));
    }

    private string SlugFor(List<Post> study, HashSet<string> used)
    {
        // Imported before: found by its '?p=ID', or by its permalink (a post whose id is another's has only that).
        var before = study.Where(p => !twins.Contains(p.Item)).Select(p => existing.SlugOf(p.Item.Id)).FirstOrDefault(s => s is not null)
            ?? study.SelectMany(p => OldAddresses(p.Item)).Where(a => a.StartsWith('/')).Select(existing.SlugOfAlias).FirstOrDefault(s => s is not null);
        if (before is not null)
        {
            return before;
        }

        // A Latin slug the old site had is kept (its readers knew it); an Arabic one is transliterated as `new` does.
        var ordered = study.OrderBy(p => p.Language != site.DefaultLanguage.Code).ToList();
        var names = ordered.Select(p => Decode(p.Item.PostName)).ToList();
        var slug = names.FirstOrDefault(n => n.Length > 0 && n.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            ?? names.Select(n => Transliteration.SlugFor(n)).FirstOrDefault(s => s is not null)
            ?? ordered.Select(p => Transliteration.SlugFor(p.Item.Title)).FirstOrDefault(s => s is not null)
            ?? "post-" + study[0].Item.Id.ToString(CultureInfo.InvariantCulture);
        var (unique, why) = ImportSlugs.Unique(slug, s => used.Contains(s) || existing.Taken(s));
        if (why is not null)
        {
            plan.Warnings.Add($"{Describe(study[0].Item)}: {why}; rename the file (and its translation) if you prefer another.");
        }

        return unique;
    }

    private ImportedArticle Convert(Post post, string slug, ConvertedBody body, PostContext context)
    {
        var item = post.Item;
        var reasons = new List<string>();
        if (item.Status != "publish")
        {
            reasons.Add($"it was '{item.Status}' on the old site; set 'draft: false' when it may be published");
        }

        var login = item.Creator.Trim();
        var display = export.Authors.FirstOrDefault(a => a.Login == login)?.DisplayName is { Length: > 0 } shown ? shown : login;
        var authors = new List<string>();
        string? unit = null;
        if (display.Length == 0)
        {
            reasons.Add("it names no author: add 'author:'");
        }
        else
        {
            var author = matcher.Author(display, ScriptLanguage(display), login);
            authors.Add(author);
            if (matcher.IsNew("authors", author))
            {
                context.Attention.Add($"the author '{display}' is new in data/authors.yml as '{author}': add the other language's name, role and unit there");
            }

            if (matcher.UnitOf(author) is null)
            {
                reasons.Add($"its author '{author}' has no unit: add 'unit: <a key of data/units.yml>' to '{author}' in data/authors.yml (or to the study), then set 'draft: false'");
            }
        }

        var categories = new List<string>();
        foreach (var term in item.Terms.Where(t => t.Domain == "category"))
        {
            if (IsDefaultCategory(term))
            {
                continue;
            }

            var key = matcher.Category(term.Name, ScriptLanguage(term.Name), term.Slug);
            if (matcher.IsNew("categories", key) && !categories.Contains(key))
            {
                context.Attention.Add($"the category '{term.Name}' is new in data/categories.yml as '{key}': add its name in the other language there");
            }

            if (!categories.Contains(key))
            {
                categories.Add(key);
            }
        }

        if (categories.Count == 0)
        {
            reasons.Add("it has no category of the series (WordPress's default category is none): add 'category:'");
        }

        // A draft never published has '0000-00-00 00:00:00' as its post_date: its GMT date, else its last change.
        var date = ParseDate(item.PostDate) ?? ParseDate(item.OtherDates.ElementAtOrDefault(0));
        if (date is null && item.OtherDates.Skip(1).Select(ParseDate).FirstOrDefault(d => d is not null) is { } modified)
        {
            date = modified;
            context.Attention.Add(string.Create(CultureInfo.InvariantCulture, $"it has no date on the old site; its last modification ({modified:yyyy-MM-dd}) is its date: correct 'date:' if the study is older"));
        }

        if (date is null)
        {
            reasons.Add("it has no date: add 'date:' (`check` refuses the file until it has one)");
            plan.Warnings.Add($"{Describe(item)} has no valid date (its post_date, post_date_gmt and post_modified are empty or 0000-00-00): it is written without 'date:', and `check` fails until you add the study's date.");
        }

        foreach (var shortcode in body.UnknownShortcodes)
        {
            context.Attention.Add($"the shortcode [{shortcode}] is kept as text: replace or remove it");
        }

        var tags = item.Terms.Where(t => t.Domain == "post_tag").Select(t => t.Name).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var summary = PlainText(item.Excerpt);
        var remote = body.RemoteImages > 0 ? string.Create(CultureInfo.InvariantCulture, $"{body.RemoteImages} remote image(s) left as links, ") : string.Empty;
        var notes = new List<string> { string.Create(CultureInfo.InvariantCulture, $"{body.Notes} note(s), {body.Figures} figure(s), {remote}{context.RewrittenLinks} link(s) to other studies") };
        return new ImportedArticle(
            $"{Describe(item)}",
            post.Language,
            slug,
            Spaced(item.Title),
            authors,
            categories,
            unit,
            date,
            summary.Length > 0 ? summary : null,
            tags,
            reasons.Count > 0,
            OldAddresses(item).Select(a => a.StartsWith("p=", StringComparison.Ordinal) ? "/?" + a : a).Distinct(StringComparer.Ordinal).ToList(),
            body.Markdown)
        {
            DraftReasons = reasons,
            Notes = notes,
            Attention = context.Attention,
        };
    }

    private static bool IsDefaultCategory(WxrItemTerm term) =>
        Decode(term.Slug) is "uncategorized" or "غير-مصنف" || term.Name is "Uncategorized" or "غير مصنف";

    private static DateOnly? ParseDate(string? text) =>
        DateTime.TryParseExact(text?.Trim(), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date.Year > 1
            ? DateOnly.FromDateTime(date)
            : null;

    /// <summary>The old addresses of a post: its permalink's path (decoded) and its '?p=ID'; keys of <see cref="oldAddresses"/>.</summary>
    private IEnumerable<string> OldAddresses(WxrItem item)
    {
        if (item.Id > 0 && !twins.Contains(item))
        {
            yield return "p=" + item.Id.ToString(CultureInfo.InvariantCulture);
        }

        if (Uri.TryCreate(item.Link.Trim(), UriKind.Absolute, out var link) && link.Query.Length == 0)
        {
            var path = Decode(link.AbsolutePath);
            if (path.Length > 1 && Routes.AliasProblem(path) is null)
            {
                yield return path;
            }
        }
    }

    private Dictionary<long, string> PolylangGroups()
    {
        var groups = new Dictionary<long, string>();
        foreach (var term in export.Terms.Where(t => t.Taxonomy == "post_translations"))
        {
            foreach (Match match in SerializedIds().Matches(term.Description))
            {
                groups.TryAdd(long.Parse(match.Groups["id"].Value, CultureInfo.InvariantCulture), term.Slug);
            }
        }

        return groups;
    }

    private string? LanguageOf(WxrItem item)
    {
        var codes = site.Languages.Select(l => l.Code).ToList();
        var tagged = item.Terms.FirstOrDefault(t => t.Domain == "language")?.Slug
            ?? Meta(item, WpmlLanguageKeys);
        if (tagged is { Length: > 0 })
        {
            var code = Code(tagged);
            return codes.Contains(code) ? code : null;
        }

        var channel = Code(export.Language);
        return codes.Contains(channel) ? channel : ScriptLanguage(item.Title + " " + PlainText(item.Content));
    }

    private static string Code(string language) => language.Trim().Split('-', '_')[0].ToLowerInvariant();

    /// <summary>A text's language by its script: Arabic letters make it the site's Arabic, else its first other language.</summary>
    private string ScriptLanguage(string text)
    {
        var arabic = text.Count(c => c is >= '\u0600' and <= '\u06FF');
        var latin = text.Count(char.IsAsciiLetter);
        var codes = site.Languages.Select(l => l.Code).ToList();
        if (arabic >= latin && codes.Contains("ar"))
        {
            return "ar";
        }

        return codes.FirstOrDefault(c => c != "ar") ?? site.DefaultLanguage.Code;
    }

    // WPML's fields: those its Export and Import add to an export, and older ones of its own.
    private static readonly string[] WpmlLanguageKeys = ["_wpml_import_language_code", "_wpml_language", "wpml_language", "_icl_lang"];

    private static readonly string[] WpmlGroupKeys = ["_wpml_import_translation_group", "_wpml_trid", "wpml_trid", "_icl_translation_group", "wpml_translation_group"];

    private static string? Meta(WxrItem item, params string[] keys) =>
        keys.Select(k => item.Meta.GetValueOrDefault(k)).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();

    private static string Id(WxrItem item) => item.Id.ToString(CultureInfo.InvariantCulture);

    /// <summary>How the report and warnings name an item: its title and id, and where it is in the export.</summary>
    public static string Describe(WxrItem item) =>
        string.Create(CultureInfo.InvariantCulture, $"'{(item.Title.Length > 0 ? Spaced(item.Title) : "(no title)")}' (id {item.Id}, line {item.Line})");

    private static string Spaced(string text) => Names.Spaced(text);

    private static string Decode(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text.Trim()).Normalize();
        }
        catch (UriFormatException)
        {
            return text.Trim();
        }
    }

    private static string PlainText(string html) =>
        html.Length == 0 ? string.Empty : Names.Spaced(Parser.ParseDocument("<!DOCTYPE html><html><body>" + html + "</body></html>").Body?.TextContent ?? string.Empty);

    private string? OldAddressOf(string href)
    {
        if (baseUri is null || !Uri.TryCreate(baseUri, href, out var url) || !SameHost(url, baseUri))
        {
            return null;
        }

        if (PostQuery().Match(url.Query) is { Success: true } query)
        {
            return "p=" + query.Groups[1].Value;
        }

        return Decode(url.AbsolutePath);
    }

    private static bool SameHost(Uri a, Uri b) =>
        string.Equals(a.Host.Replace("www.", string.Empty, StringComparison.OrdinalIgnoreCase), b.Host.Replace("www.", string.Empty, StringComparison.OrdinalIgnoreCase), StringComparison.OrdinalIgnoreCase);

    private (string Language, string Slug, bool Published)? Find(string address)
    {
        foreach (var candidate in new[] { address, address.TrimEnd('/') + "/", address.TrimEnd('/') })
        {
            if (oldAddresses.TryGetValue(candidate, out var found))
            {
                return found;
            }
        }

        // A language-prefixed path (/en/2024/…) of a post whose permalink has none, or the other way round.
        var segments = address.TrimStart('/').Split('/', 2);
        if (segments.Length == 2 && site.Languages.Any(l => l.Code == segments[0]) && oldAddresses.TryGetValue("/" + segments[1], out var unprefixed))
        {
            return unprefixed;
        }

        return null;
    }

    /// <summary>The links and images of one post.</summary>
    private sealed class PostContext(WordPressImporter importer, string language) : IConversionContext
    {
        public List<string> Attention { get; } = [];

        public int RewrittenLinks { get; private set; }

        /// <summary>The uploads this post's figures need; gathered per post, since posts are converted in parallel.</summary>
        public List<AssetCopy> Assets { get; } = [];

        public string Link(string href)
        {
            if (importer.OldAddressOf(href) is not { } address)
            {
                return href;
            }

            if (importer.Find(address) is { } target)
            {
                if (!target.Published)
                {
                    Attention.Add($"a link to {href} leads to a study that comes in as a draft: it keeps its old address until that study is published");
                    return href;
                }

                RewrittenLinks++;
                return target.Language == language ? target.Slug + ".md" : $"../{target.Language}/{target.Slug}.md";
            }

            if (!address.Contains("/wp-content/", StringComparison.Ordinal))
            {
                Attention.Add($"a link to {href} on the old site leads to no imported study: it keeps its old address");
            }

            return href;
        }

        public string Figure(string src, string alt, string caption)
        {
            var label = alt.Length > 0 ? alt : caption;
            var relative = UploadsPath().Match(src) is { Success: true } match ? Decode(match.Groups["path"].Value) : null;
            if (relative is not null && importer.uploads is not null && relative.Split('/').All(s => s.Length > 0 && s is not ("." or "..") && !s.Contains('\\') && !s.Any(char.IsControl)))
            {
                // A resized copy (name-1024x576.png) stands for the original, which is the one kept.
                var original = SizeSuffix().Replace(relative, string.Empty);
                foreach (var candidate in new[] { original, relative }.Distinct(StringComparer.Ordinal))
                {
                    var file = Path.Combine(importer.uploads, candidate.Replace('/', Path.DirectorySeparatorChar));
                    if (File.Exists(file))
                    {
                        var target = "assets/figures/" + candidate;
                        if (!Assets.Any(a => a.RelativeTarget == target))
                        {
                            Assets.Add(new AssetCopy(file, target));
                        }

                        var title = caption.Length > 0 ? $" \"{caption.Replace("\"", "\\\"", StringComparison.Ordinal)}\"" : string.Empty;
                        return $"![{HtmlToMarkdown.Escape(label)}](../../{Uri.EscapeDataString(target).Replace("%2F", "/", StringComparison.Ordinal)}{title})";
                    }
                }

                Attention.Add($"the image {src} is not in --uploads ({original}): the link stays remote; copy the file and make it a figure");
            }
            else
            {
                Attention.Add($"the image {src} {(importer.uploads is null ? "was not copied (no --uploads)" : "is not from the old site's uploads")}: the link stays remote; copy the file and make it a figure");
            }

            var text = label.Length > 0 ? label : src;
            return $"[{(caption.Length > 0 && caption != label ? $"{text} ({caption})" : text)}]({src})";
        }

        public void Notice(string message) => Attention.Add(message);
    }

    [GeneratedRegex(@"s:\d+:""(?<lang>[^""]+)"";i:(?<id>\d+);")]
    private static partial Regex SerializedIds();

    [GeneratedRegex(@"(?:^|[?&])p=(\d+)(?:&|$)")]
    private static partial Regex PostQuery();

    [GeneratedRegex(@"/wp-content/uploads/(?<path>[^?#]+)")]
    private static partial Regex UploadsPath();

    [GeneratedRegex(@"-\d+x\d+(?=\.[A-Za-z0-9]+$)")]
    private static partial Regex SizeSuffix();
}
