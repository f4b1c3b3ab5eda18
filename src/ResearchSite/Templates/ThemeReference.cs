using System.Reflection;
using System.Text;
using System.Xml.Linq;
using ResearchSite.Pages;
using ResearchSite.Site;
using Scriban.Runtime;

namespace ResearchSite.Templates;

/// <summary>The kind of a template-visible global: its name, its type and what it is.</summary>
public sealed record TemplateGlobal(string Name, Type Type, string Description);

/// <summary>
/// docs/theme-reference.md, the theme designer's reference: every name a template can use, per page kind,
/// written from the view-model records themselves (their properties as Scriban names them, their types and
/// their doc comments, read from the documentation file the compiler writes beside the assembly), so that it
/// cannot say something the code does not do. A test fails when the committed file is stale.
/// </summary>
public static class ThemeReference
{
    public const string DefaultPath = "docs/theme-reference.md";

    /// <summary>Each page layout, the values of <c>page.kind</c> its pages carry, and the type of <c>page.body</c>.</summary>
    public static readonly IReadOnlyList<(string Layout, IReadOnlyList<string> Kinds, Type Body)> Layouts =
    [
        (Routes.ArticleLayout, ["article"], typeof(ArticleView)),
        ("list", ["home", .. Enum.GetValues<IndexKind>().Select(k => k.ToString().ToLowerInvariant())], typeof(ListView)),
        ("terms", ["terms"], typeof(TermsView)),
        ("search", ["search"], typeof(SearchView)),
        ("404", ["not-found"], typeof(NotFoundView)),
        ("redirect", ["redirect"], typeof(RedirectView)),
    ];

    private static readonly NullabilityInfoContext Nullability = new();

    public static string Generate()
    {
        var docs = Documentation.Load();
        var text = new StringBuilder();
        text.Append("""
            # Theme reference

            <!-- Generated from the view models (src/ResearchSite/Pages/) and the template globals (src/ResearchSite/Templates/TemplateSet.cs).
                 Do not edit: run `dotnet run --project src/ResearchSite -- theme-reference` after changing them. -->

            Every name a template in `theme/layouts/` can use. Field names are as the templates see them
            (`page.body.date_iso` for `DateIso`). Every value is HTML-escaped when printed, except those of
            type *HTML*, printed as they are. A field that may be *null* prints nothing and is false in an
            `if`. A misspelt name or field is an error at its line in the template, not an empty string.

            ## Top-level names

            | name | type | what it is |
            | --- | --- | --- |

            """.Replace("\r", string.Empty, StringComparison.Ordinal));
        foreach (var global in TemplateSet.Globals)
        {
            text.Append($"| `{global.Name}` | {TypeName(global.Type)} | {Cell(global.Description)} |\n");
        }

        text.Append("""

            ## Page kinds

            Each page is written by its layout, then by `base.html` around it (as `content`). The partials see
            whatever their caller's page is.

            | layout | `page.kind` | `page.body` |
            | --- | --- | --- |

            """.Replace("\r", string.Empty, StringComparison.Ordinal));
        foreach (var (layout, kinds, body) in Layouts)
        {
            text.Append($"| `{layout}.html` | {string.Join(", ", kinds.Select(k => $"`{k}`"))} | {TypeName(body)} |\n");
        }

        text.Append("""

            ## Interface words

            `t.<key>` is the word or phrase for the key in the page's language, from `theme/strings.yml`. Every
            language must have these keys; a theme may add its own. The `articles_count_*` keys are the plural
            forms of a count, used by the build.


            """.Replace("\r", string.Empty, StringComparison.Ordinal));
        text.Append(string.Join(", ", UiStrings.RequiredKeys.Order(StringComparer.Ordinal).Select(k => $"`{k}`"))).Append('\n');

        text.Append("\n## Types\n");
        foreach (var type in Reachable())
        {
            text.Append($"\n### {type.Name}\n\n");
            if (docs.Summary("T:" + type.FullName) is { } summary)
            {
                text.Append(summary).Append("\n\n");
            }

            text.Append("| field | type | what it is |\n| --- | --- | --- |\n");
            foreach (var property in Fields(type))
            {
                var siteWide = property.IsDefined(typeof(SiteWideAttribute)) ? " *Same on every page of a language.*" : string.Empty;
                text.Append($"| `{StandardMemberRenamer.Rename(property.Name)}` | {TypeName(property)} | {Cell(docs.Summary($"P:{type.FullName}.{property.Name}") ?? string.Empty)}{siteWide} |\n");
            }
        }

        return text.ToString();
    }

    /// <summary>The properties a template can read, in declaration order (the order of a record's parameters).</summary>
    internal static IEnumerable<PropertyInfo> Fields(Type type) =>
        (ViewTypes.Of(type) ?? throw new InvalidOperationException($"{type.Name} is a view model a template can reach, but ViewTypes does not list it: add it there, or a trimmed build cannot read its fields."))
            .Select(g => g.Property);

    /// <summary>Every view-model type a template can reach from its globals, in the order it first meets them.</summary>
    internal static IReadOnlyList<Type> Reachable()
    {
        var seen = new List<Type>();
        var queue = new Queue<Type>(TemplateSet.Globals.Select(g => g.Type).Concat(Layouts.Select(l => l.Body)));
        while (queue.TryDequeue(out var type))
        {
            type = Element(type);
            if (!IsModel(type) || seen.Contains(type))
            {
                continue;
            }

            seen.Add(type);
            foreach (var property in Fields(type))
            {
                queue.Enqueue(property.PropertyType);
            }
        }

        return seen;
    }

    private static bool IsModel(Type type) => type.Namespace == typeof(PageView).Namespace && type != typeof(RawHtml) && !type.IsAbstract;

    private static Type Element(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? type.GetGenericArguments()[0] : type;

    private static string TypeName(PropertyInfo property)
    {
        var name = property.PropertyType == typeof(object) && property.Name == nameof(PageView.Body) ? "see *Page kinds*" : TypeName(property.PropertyType);
        return Nullability.Create(property).ReadState == NullabilityState.Nullable ? name + " or *null*" : name;
    }

    private static string TypeName(Type type) => type switch
    {
        _ when type == typeof(string) => "text",
        _ when type == typeof(bool) => "true/false",
        _ when type == typeof(int) || type == typeof(long) => "number",
        _ when type == typeof(RawHtml) => "*HTML*",
        _ when type == typeof(UiStrings) => "words",
        _ when type == typeof(PartialFunction) => "function",
        _ when type == typeof(IReadOnlyDictionary<string, string>) => "text by name",
        _ when type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) => "list of " + TypeName(type.GetGenericArguments()[0]) + " (`.size`, `for`)",
        _ when IsModel(type) => $"[{type.Name}](#{type.Name.ToLowerInvariant()})",
        _ => throw new InvalidOperationException($"the theme reference has no name for {type}; add one to ThemeReference.TypeName."),
    };

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    /// <summary>The compiler's documentation file (GenerateDocumentationFile), beside the program.</summary>
    private sealed class Documentation(IReadOnlyDictionary<string, XElement> members)
    {
        public static Documentation Load()
        {
            // Beside the program: the assembly has no file of its own in a native (AOT) build, so not its Location.
            var path = Path.Combine(AppContext.BaseDirectory, typeof(ThemeReference).Assembly.GetName().Name + ".xml");
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"the documentation file {path} is missing; build the project (its GenerateDocumentationFile writes it).", path);
            }

            var members = XDocument.Load(path).Descendants("member")
                .Where(m => m.Attribute("name") is not null)
                .GroupBy(m => m.Attribute("name")!.Value, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            return new Documentation(members);
        }

        public string? Summary(string member) =>
            members.TryGetValue(member, out var element) && element.Element("summary") is { } summary ? Plain(summary) : null;

        private static string Plain(XElement element)
        {
            var text = new StringBuilder();
            foreach (var node in element.Nodes())
            {
                text.Append(node switch
                {
                    XText t => t.Value,
                    XElement { Name.LocalName: "c" } c => $"`{c.Value}`",
                    XElement { Name.LocalName: "see" } see => $"`{(see.Attribute("cref")?.Value ?? see.Attribute("langword")?.Value ?? string.Empty).Split('.', ':')[^1]}`",
                    XElement e => Plain(e),
                    _ => string.Empty,
                });
            }

            return string.Join(' ', text.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        }
    }
}
