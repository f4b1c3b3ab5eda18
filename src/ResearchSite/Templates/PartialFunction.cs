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
        if (shared.TryGetValue(name, out var pageMembers) && context is HtmlTemplateContext { Page: { } page, Output: Utf8Output output }
            && ValueKey.TryWrite(out var key, context, name, page, pageMembers, value))
        {
            if (lookup.TryGetValue(key, out var html))
            {
                output.WriteUtf8(html);
                return null;
            }

            // Kept before rendering: the partials it calls write their keys where this one is.
            var kept = key.ToArray();
            var start = output.Length;
            Render(context, template, value);
            if (Interlocked.Add(ref keptBytes, kept.Length + output.Length - start) <= SharedBudget)
            {
                rendered.TryAdd(kept, output.Written[start..].ToArray());
            }

            return null;
        }

        Render(context, template, value);
        return null;
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
