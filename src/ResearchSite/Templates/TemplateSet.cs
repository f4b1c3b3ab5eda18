using ResearchSite.Content;
using ResearchSite.Diagnostics;
using ResearchSite.Pages;
using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace ResearchSite.Templates;

/// <summary>
/// Every template of the theme, parsed once at start-up; all parse errors are reported together.
/// Rendering makes one <see cref="TemplateContext"/> per page, so pages render in parallel.
/// </summary>
public sealed class TemplateSet
{
    public static readonly IReadOnlyList<string> RequiredTemplates = [BaseLayout, "article", "list", "terms", "404", "redirect", "search"];

    private readonly IReadOnlyDictionary<string, Template> templates;
    private readonly UiStrings strings;
    private readonly PartialFunction partial;
    private readonly ScriptObject assets;

    // The interface words of each language, built once and shared (read-only) by every page.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ScriptObject> words = new(StringComparer.Ordinal);

    /// <summary>The layout that wraps every page.</summary>
    public const string BaseLayout = "base";

    internal const string PartialsFolder = "partials/";

    // The names every template sees besides its own variables; docs/theme-reference.md is written from these.
    internal static readonly TemplateGlobal PageGlobal = new("page", typeof(PageView), "The page: what every page has, and in `page.body` what its kind has (see *Page kinds*).");
    internal static readonly TemplateGlobal WordsGlobal = new("t", typeof(UiStrings), "The interface words of the page's language, from theme/strings.yml (see *Interface words*): `{{ t.contents }}`.");
    internal static readonly TemplateGlobal PartialGlobal = new("partial", typeof(PartialFunction), "`{{ partial 'name' value }}` writes theme/layouts/partials/name.html where it stands and returns nothing. The partial sees the value as `arg`, in a scope of its own: partials it calls and variables it sets leave the caller's `arg` and variables alone. A partial that reads nothing but `arg`, `t`, `assets`, the fields of `page` marked *same on every page of a language* and other such partials is rendered once per distinct value and language, and its HTML written again wherever it is called with an equal value.");
    internal static readonly TemplateGlobal AssetsGlobal = new("assets", typeof(IReadOnlyDictionary<string, string>), "The fingerprinted URL of each file of theme/assets/, by its path there: `{{ assets[\"site.css\"] }}`.");
    internal static readonly TemplateGlobal ContentGlobal = new("content", typeof(RawHtml), "In base.html only: the page as its own layout (article.html, list.html, ...) wrote it.");

    /// <summary>Every name a template sees besides its own variables, in the order the reference lists them.</summary>
    public static readonly IReadOnlyList<TemplateGlobal> Globals = [PageGlobal, WordsGlobal, AssetsGlobal, PartialGlobal, ContentGlobal];

    private TemplateSet(IReadOnlyDictionary<string, Template> templates, UiStrings strings, ScriptObject assets, ThemeIds ids)
    {
        this.templates = templates;
        this.strings = strings;
        this.assets = assets;
        Ids = ids;
        partial = new PartialFunction(templates);
        UsesBuiltins = templates.Values.Any(NamesBuiltin);
    }

    /// <summary>
    /// The names of Scriban's builtin objects (its <c>BuiltinFunctions</c>; a test holds this list to them), and the
    /// keywords that might read as variables: a theme that names none of them renders without the builtins being made.
    /// </summary>
    internal static readonly IReadOnlySet<string> BuiltinNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "include", "include_join", "object", "date", "timespan", "html", "array", "string", "math", "regex", "empty", "blank",
    };

    /// <summary>Whether a template of the theme names one of Scriban's builtin objects (<see cref="BuiltinNames"/>).</summary>
    internal bool UsesBuiltins { get; }

    private static bool NamesBuiltin(Template template)
    {
        var finder = new BuiltinFinder();
        finder.Visit(template.Page);
        return finder.Found;
    }

    private sealed class BuiltinFinder : ScriptVisitor
    {
        public bool Found { get; private set; }

        public override void Visit(ScriptVariableGlobal node)
        {
            Found |= BuiltinNames.Contains(node.Name);
            base.Visit(node);
        }

        // In `arg.date` the member is a variable node too, but names a member, not a builtin: only the target is looked at.
        public override void Visit(ScriptMemberExpression node) => Visit(node.Target);
    }

    /// <summary>The ids the theme's layouts and scripts give elements, per page kind (see <see cref="Pages.Routes"/>).</summary>
    public ThemeIds Ids { get; }

    /// <summary>Every id the theme gives an element: an article's headings and raw HTML must take others.</summary>
    public IReadOnlySet<string> PageIds => Ids.All;

    /// <summary>The same templates, with <c>assets["site.css"]</c> giving each theme asset's fingerprinted URL.</summary>
    public TemplateSet WithAssets(IReadOnlyDictionary<string, string> names, string basePath)
    {
        var urls = new ScriptObject();
        foreach (var (name, target) in names)
        {
            urls.SetValue(name, basePath + Routes.ThemeAsset(target), true);
        }

        // Pages render on several threads, and a shared partial's key leaves assets out: a template must not change them.
        urls.IsReadOnly = true;
        return new TemplateSet(templates, strings, urls, Ids);
    }

    public static TemplateSet? Load(string themeDir, DiagnosticBag diagnostics)
    {
        var theme = InputFolder.Open(themeDir, "theme");
        var layouts = Path.Combine(theme.Root, "layouts");
        var stringsPath = Path.Combine(theme.Root, "strings.yml");
        var strings = theme.Allows(stringsPath, diagnostics) ? UiStrings.Load(stringsPath, diagnostics) : null;
        if (!Directory.Exists(layouts))
        {
            diagnostics.Error(ContentLoader.Display(layouts), 1, 1, "the theme has no layouts/ folder; pass --theme with the folder that holds layouts/ and assets/.");
            return null;
        }

        var templates = new Dictionary<string, Template>(StringComparer.Ordinal);
        // base.html and the partials are in every page; a page kind's own layout only in its pages.
        var everyPage = new HashSet<string>(StringComparer.Ordinal);
        var byLayout = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var entry in theme.Walk(layouts, diagnostics).Where(e => !e.IsDirectory && e.Name.EndsWith(".html", StringComparison.Ordinal)))
        {
            var file = entry.Path;
            var display = ContentLoader.Display(file);
            var text = SourceText.Read(file, display, diagnostics);
            if (text is null)
            {
                continue;
            }

            var name = entry.Name[..^".html".Length];
            if (name == BaseLayout || name.StartsWith(PartialsFolder, StringComparison.Ordinal))
            {
                everyPage.UnionWith(ThemeIds.InLayout(text));
            }
            else
            {
                byLayout[name] = ThemeIds.InLayout(text).ToHashSet(StringComparer.Ordinal);
            }

            var template = Template.Parse(text, display);
            foreach (var message in template.Messages)
            {
                diagnostics.Add(new Diagnostic(
                    message.Type == Scriban.Parsing.ParserMessageType.Error ? Severity.Error : Severity.Warning,
                    display,
                    message.Span.Start.Line + 1,
                    message.Span.Start.Column + 1,
                    message.Message));
            }

            templates[name] = template;
        }

        foreach (var missing in RequiredTemplates.Where(t => !templates.ContainsKey(t)))
        {
            diagnostics.Error(ContentLoader.Display(Path.Combine(layouts, missing + ".html")), 1, 1, $"the theme has no '{missing}.html' template; every page kind needs one.");
        }

        var scripts = Path.Combine(Path.GetFullPath(themeDir), "assets");
        foreach (var entry in Directory.Exists(scripts) ? theme.Walk(scripts, diagnostics).Where(e => !e.IsDirectory && e.Name.EndsWith(".js", StringComparison.Ordinal)) : [])
        {
            everyPage.UnionWith(ThemeIds.InScript(SourceText.Read(entry.Path, ContentLoader.Display(entry.Path), diagnostics) ?? string.Empty));
        }

        return strings is null || diagnostics.HasErrors ? null : new TemplateSet(templates, strings, new ScriptObject(), new ThemeIds(everyPage, byLayout));
    }

    public UiStrings Strings => strings;

    /// <summary>The partials rendered once per distinct value and shared (see <see cref="SharedPartials"/>).</summary>
    internal IReadOnlyCollection<string> SharedPartialNames => partial.Shared.Keys.ToList();

    // One pair of buffers and one template context per thread, reused for every page that thread renders.
    [ThreadStatic]
    private static Utf8Output? pageOutput;

    [ThreadStatic]
    private static HtmlTemplateContext? threadContext;

    // For themes that name no builtin (UsesBuiltins): a context without them, so that they are never made.
    [ThreadStatic]
    private static HtmlTemplateContext? bareContext;

    [ThreadStatic]
    private static Utf8Output? contentOutput;

    /// <summary>
    /// Renders a page into its template, then into base.html around it; returns its UTF-8 HTML, valid
    /// until this thread renders the next page, or an empty span after a template error (reported).
    /// </summary>
    public ReadOnlySpan<byte> Render(Page page, PageView view, DiagnosticBag diagnostics)
    {
        var output = pageOutput ??= new Utf8Output();
        var content = contentOutput ??= new Utf8Output();
        output.Clear();
        content.Clear();
        // One context per thread, reset for each page: building one costs more than many a page.
        var context = UsesBuiltins ? threadContext ??= new HtmlTemplateContext() : bareContext ??= new HtmlTemplateContext(builtins: false);
        context.Reset();
        context.Page = view;
        var globals = new ScriptObject();
        globals.SetValue(PageGlobal.Name, view, true);
        globals.SetValue(WordsGlobal.Name, words.TryGetValue(page.Lang, out var pageWords) ? pageWords : words.GetOrAdd(page.Lang, Words), true);
        globals.SetValue(PartialGlobal.Name, partial, true);
        globals.SetValue(AssetsGlobal.Name, assets, true);
        context.PushGlobal(globals);
        try
        {
            RenderInto(context, templates[page.Template], content);
            globals.SetValue(ContentGlobal.Name, new RawHtml(content.WrittenMemory), true);
            RenderInto(context, templates[BaseLayout], output);
            return output.Written;
        }
        catch (ScriptRuntimeException e)
        {
            diagnostics.Error(e.Span.FileName ?? page.Template, e.Span.Start.Line + 1, e.Span.Start.Column + 1, $"{e.OriginalMessage} (while writing {page.OutputPath})");
            return [];
        }
        finally
        {
            context.Page = null;
        }
    }

    private ScriptObject Words(string language)
    {
        var words = new ScriptObject();
        foreach (var (key, value) in strings.For(strings.Language(language)))
        {
            words.SetValue(key, value, true);
        }

        words.IsReadOnly = true;
        return words;
    }

    private static void RenderInto(TemplateContext context, Template template, Utf8Output output)
    {
        context.PushOutput(output);
        try
        {
            Evaluate(context, template);
        }
        finally
        {
            context.PopOutput();
        }
    }

    /// <summary>
    /// What <see cref="Template.Render(TemplateContext)"/> does, less its last step: it returns the whole
    /// output as a string, which for a partial would decode the page written so far, at every call.
    /// </summary>
    internal static void Evaluate(TemplateContext context, Template template)
    {
        if (template.Page is not { } page)
        {
            return;
        }

        // Every template is parsed with its path, which error messages name.
        context.PushSourceFile(template.SourceFilePath ?? string.Empty);
        try
        {
            if (context.Evaluate(page) is { } result)
            {
                context.Write(page.Span, result);
            }
        }
        finally
        {
            context.PopSourceFile();
        }
    }
}
