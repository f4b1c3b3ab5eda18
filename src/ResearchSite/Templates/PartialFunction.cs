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
/// </summary>
public sealed class PartialFunction(IReadOnlyDictionary<string, Template> templates) : IScriptCustomFunction
{
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

        var scope = new ScriptObject(1);
        scope.SetValue("arg", arguments.Count > 1 ? arguments[1] : null, false);
        context.PushGlobal(scope);
        try
        {
            TemplateSet.Evaluate(context, template);
        }
        finally
        {
            context.PopGlobal();
        }

        return null;
    }

    public ValueTask<object?> InvokeAsync(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement) =>
        ValueTask.FromResult(Invoke(context, callerContext, arguments, blockStatement));
}
