using System.Collections.Concurrent;
using ResearchSite.Pages;
using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace ResearchSite.Templates;

/// <summary>
/// <c>{{ partial 'name' value }}</c>: renders theme/layouts/partials/name.html with <c>arg</c> set to the value,
/// straight into the current output, where the call stands; it returns nothing (so it is used to print, not
/// to assign). Each call has its own scope: a partial it calls, and the variables it sets, leave the
/// caller's <c>arg</c> and variables as they were.
/// A hand-written function, built once: Scriban's delegate import reflects over its arguments at every call,
/// and listing pages call partials hundreds of times.
/// A partial whose HTML depends only on its value (<see cref="SharedPartials"/>: the footer, a study in a
/// listing) is rendered once per distinct value and page language, and its HTML copied wherever it is called
/// again: each call costs a scope, a frame and every node of the partial, and listings call the same ones with
/// the same values thousands of times.
/// </summary>
public sealed class PartialFunction : IScriptCustomFunction
{
    private readonly IReadOnlyDictionary<string, Template> templates;

    public PartialFunction(IReadOnlyDictionary<string, Template> templates)
    {
        this.templates = templates;
        shared = SharedPartials.Find(templates);
        rendered = new ConcurrentDictionary<byte[], byte[]>(ByteKeyComparer.Instance);
        lookup = rendered.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    // What the kept HTML and its keys may take at most, beyond which partials render at every call again: about
    // what the 20,000 listed studies of a 10,000-study archive take (3 KB each).
    internal const long SharedBudget = 64L * 1024 * 1024;

    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> shared;

    private readonly ConcurrentDictionary<byte[], byte[]> rendered;

    private readonly ConcurrentDictionary<byte[], byte[]>.AlternateLookup<ReadOnlySpan<byte>> lookup;

    private long keptBytes;

    /// <summary>The partials rendered once per distinct value, each with the <c>page</c> members it reads.</summary>
    internal IReadOnlyDictionary<string, IReadOnlyList<string>> Shared => shared;

    public int RequiredParameterCount => 1;

    public int ParameterCount => 2;

    public ScriptVarParamKind VarParamKind => ScriptVarParamKind.None;

    public Type ReturnType => typeof(void);

    public ScriptParameterInfo GetParameterInfo(int index) =>
        index == 0 ? new ScriptParameterInfo(typeof(string), "name") : new ScriptParameterInfo(typeof(object), "value");

    public object? Invoke(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement)
    {
        var name = arguments.Count > 0 ? arguments[0] as string : null;
        if (name is null || !templates.TryGetValue(TemplateSet.PartialsFolder + name, out var template))
        {
            throw new ScriptRuntimeException(callerContext?.Span ?? context.CurrentSpan, $"there is no partial '{name}' (theme/layouts/partials/{name}.html)");
        }

        var value = arguments.Count > 1 ? arguments[1] : null;
        if (shared.TryGetValue(name, out var pageMembers) && context is HtmlTemplateContext { Page: { } page, Output: Utf8Output output })
        {
            // The same view object (the write phase shares a study's entry between every listing that shows it) with the
            // same page members: its HTML is known without writing its key, a kilobyte for a listed study.
            var pageValues = IsView(value) ? PageValues(context, page, pageMembers) : null;
            if (pageValues is not null && known.TryGetValue(value!, out var seen) && seen.Partial == name && seen.Lang == page.Lang && Same(seen.PageValues, pageValues))
            {
                output.WriteUtf8(seen.Html);
                return null;
            }

            if (ValueKey.TryWrite(out var key, context, name, page, pageMembers, value))
            {
                if (lookup.TryGetValue(key, out var html))
                {
                    Remember(value, name, page.Lang, pageValues, html);
                    output.WriteUtf8(html);
                    return null;
                }

                // Kept before rendering: the partials it calls write their keys where this one is.
                var kept = key.ToArray();
                var start = output.Length;
                Render(context, template, value);
                if (Interlocked.Add(ref keptBytes, kept.Length + output.Length - start) <= SharedBudget)
                {
                    var made = output.Written[start..].ToArray();
                    rendered.TryAdd(kept, made);
                    Remember(value, name, page.Lang, pageValues, made);
                }

                return null;
            }
        }

        Render(context, template, value);
        return null;
    }

    /// <summary>A shared partial's HTML as last rendered for a view object, with the page members it was rendered with.</summary>
    private sealed record Known(string Partial, string Lang, object?[] PageValues, byte[] Html);

    // Keyed by the view object itself, and gone with it: the views shared during the write phase are dropped after it.
    // Only for the views the planner shares between pages (ISharedView; a view made for one page would only fill the
    // table), records that templates cannot change (Scriban takes their members for read-only): the same object
    // always has the same key.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, Known> known = new();

    private static bool IsView(object? value) => value is ISharedView;

    private void Remember(object? value, string partial, string lang, object?[]? pageValues, byte[] html)
    {
        if (pageValues is not null)
        {
            known.AddOrUpdate(value!, new Known(partial, lang, pageValues, html));
        }
    }

    /// <summary>The page members the partial reads, as <see cref="ValueKey"/> reads them; null when one cannot be read.</summary>
    private static object?[]? PageValues(TemplateContext context, PageView page, IReadOnlyList<string> members)
    {
        var accessor = context.GetMemberAccessor(page);
        var values = new object?[members.Count];
        for (var i = 0; i < members.Count; i++)
        {
            if (!accessor.TryGetValue(context, default, page, members[i], out values[i]))
            {
                return null;
            }
        }

        return values;
    }

    // Equal when equal strings or the very same objects (a language's navigation is one list): anything else is
    // left to the key, which compares by content.
    private static bool Same(object?[] a, object?[] b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            if (!ReferenceEquals(a[i], b[i]) && !(a[i] is string x && b[i] is string y && x == y))
            {
                return false;
            }
        }

        return true;
    }

    private static void Render(TemplateContext context, Template template, object? value)
    {
        var scope = new ScriptObject(1);
        scope.SetValue("arg", value, false);
        context.PushGlobal(scope);
        try
        {
            TemplateSet.Evaluate(context, template);
        }
        finally
        {
            context.PopGlobal();
        }
    }

    public ValueTask<object?> InvokeAsync(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement) =>
        ValueTask.FromResult(Invoke(context, callerContext, arguments, blockStatement));
}
