using System.Reflection;
using ResearchSite.Pages;
using Scriban;
using Scriban.Syntax;

namespace ResearchSite.Templates;

/// <summary>
/// Which partials write the same HTML whenever they get the same value: those that read nothing but their
/// <c>arg</c>, the interface words <c>t</c>, <c>assets</c>, the members of <c>page</c> that are the same on
/// every page of a language (<see cref="SiteWideAttribute"/>), variables they bind themselves, and other such
/// partials. Such a partial (the footer; a study in a listing, about five listings per study) is rendered once
/// per distinct value and its HTML written again wherever it is called (<see cref="PartialFunction"/>).
/// The test is on the template's syntax and errs on the safe side: anything it does not know (a builtin
/// function, a pipe, a variable of the caller, <c>capture</c>, comparing two objects) keeps the partial
/// rendered at every call.
/// </summary>
internal static class SharedPartials
{
    /// <summary>The members of <see cref="PageView"/> (by their names in templates) that depend on the page's language only.</summary>
    public static readonly IReadOnlySet<string> SiteWidePageMembers = typeof(PageView)
        .GetProperties(BindingFlags.Instance | BindingFlags.Public)
        .Where(p => p.IsDefined(typeof(SiteWideAttribute)))
        .Select(p => StandardMemberRenamer(p.Name))
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// For each partial whose HTML depends only on its value, the <c>page</c> members it reads, its called
    /// partials' included (their values are part of what the HTML depends on); partials not listed render at every call.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Find(IReadOnlyDictionary<string, Template> templates)
    {
        var found = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        var refused = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in templates.Keys.Where(n => n.StartsWith(TemplateSet.PartialsFolder, StringComparison.Ordinal)))
        {
            Classify(name[TemplateSet.PartialsFolder.Length..], templates, found, visiting, refused);
        }

        return found;
    }

    private static bool Classify(string partial, IReadOnlyDictionary<string, Template> templates, Dictionary<string, IReadOnlyList<string>> found, HashSet<string> visiting, HashSet<string> refused)
    {
        if (found.ContainsKey(partial))
        {
            return true;
        }

        // A partial that calls itself (or is being classified further up) is left alone: its depth depends on its value.
        if (refused.Contains(partial) || !visiting.Add(partial) || !templates.TryGetValue(TemplateSet.PartialsFolder + partial, out var template) || template.Page is null || template.HasErrors)
        {
            return false;
        }

        var walk = new Walk(name => Classify(name, templates, found, visiting, refused) ? found[name] : null);
        var shared = walk.Statement(template.Page);
        visiting.Remove(partial);
        if (shared)
        {
            found[partial] = walk.PageMembers.Order(StringComparer.Ordinal).ToList();
        }
        else
        {
            refused.Add(partial);
        }

        return shared;
    }

    // Scriban's default renamer (PascalCase to snake_case), as the templates name the members.
    private static string StandardMemberRenamer(string name) => Scriban.Runtime.StandardMemberRenamer.Default(typeof(PageView).GetProperty(name)!);

    /// <summary>One partial's syntax, node by node: true while everything it reads is allowed.</summary>
    private sealed class Walk(Func<string, IReadOnlyList<string>?> sharedPartial)
    {
        // Names the partial binds itself (loop variables), while they are bound.
        private readonly List<string> bound = [];

        // Names assigned at the partial's top level, from where they are assigned on.
        private readonly HashSet<string> assigned = new(StringComparer.Ordinal);

        private int depth;

        public HashSet<string> PageMembers { get; } = new(StringComparer.Ordinal);

        public bool Statement(ScriptNode? node)
        {
            switch (node)
            {
                case null:
                case ScriptRawStatement:
                case ScriptNopStatement:
                case ScriptEndStatement:
                case ScriptEscapeStatement:
                case ScriptToken:
                case ScriptKeyword:
                    return true;
                case ScriptPage page:
                    return Statement(page.Body);
                case ScriptBlockStatement block:
                    depth++;
                    var ok = block.Statements.All(Statement);
                    depth--;
                    return ok;
                case ScriptExpressionStatement statement:
                    return statement.Expression is ScriptAssignExpression assign ? Assign(assign) : Expression(statement.Expression);
                case ScriptIfStatement branch:
                    return Expression(branch.Condition) && Statement(branch.Then) && Statement(branch.Else);
                case ScriptElseStatement otherwise:
                    return Statement(otherwise.Body);
                case ScriptForStatement loop when loop.NamedArguments is null or { Count: 0 } && loop.Variable is ScriptVariableGlobal variable:
                    if (!Expression(loop.Iterator))
                    {
                        return false;
                    }

                    bound.Add(variable.Name);
                    var body = Statement(loop.Body);
                    bound.RemoveAt(bound.Count - 1);
                    return body && Statement(loop.Else);
                default:
                    return false;
            }
        }

        // Only `name = value` at the partial's top level: what it sets is then set whenever what follows runs.
        private bool Assign(ScriptAssignExpression assign)
        {
            if (depth != 1 || assign.Target is not ScriptVariableGlobal target || !Expression(assign.Value) || IsReserved(target.Name))
            {
                return false;
            }

            assigned.Add(target.Name);
            return true;
        }

        private static bool IsReserved(string name) =>
            name is "arg" || TemplateSet.Globals.Any(g => g.Name == name);

        private bool Expression(ScriptNode? node)
        {
            switch (node)
            {
                case ScriptLiteral:
                    return true;
                case ScriptNestedExpression nested:
                    return Expression(nested.Expression);
                case ScriptVariableGlobal { Name: "for" }:
                    // for.first and the like: of this partial's own loop, never its caller's.
                    return bound.Count > 0;
                case ScriptVariableGlobal variable:
                    return variable.Name is "arg" || variable.Name == TemplateSet.WordsGlobal.Name || variable.Name == TemplateSet.AssetsGlobal.Name
                        || bound.Contains(variable.Name) || assigned.Contains(variable.Name);
                case ScriptMemberExpression { Target: ScriptVariableGlobal { Name: var target } } member when target == TemplateSet.PageGlobal.Name:
                    if (member.Member is null || !SiteWidePageMembers.Contains(member.Member.Name))
                    {
                        return false;
                    }

                    PageMembers.Add(member.Member.Name);
                    return true;
                case ScriptMemberExpression member:
                    return Expression(member.Target);
                case ScriptIndexerExpression indexer:
                    return Expression(indexer.Target) && Expression(indexer.Index);
                case ScriptUnaryExpression unary when unary.Operator is ScriptUnaryOperator.Not or ScriptUnaryOperator.Negate or ScriptUnaryOperator.Plus:
                    return Expression(unary.Right);
                case ScriptBinaryExpression binary:
                    // Equal values give equal HTML, but == on two objects compares references: only against a literal.
                    return (binary.Operator is not (ScriptBinaryOperator.CompareEqual or ScriptBinaryOperator.CompareNotEqual) || binary.Left is ScriptLiteral || binary.Right is ScriptLiteral)
                        && binary.Operator is not (ScriptBinaryOperator.Custom or ScriptBinaryOperator.EmptyCoalescing) && Expression(binary.Left) && Expression(binary.Right);
                case ScriptConditionalExpression conditional:
                    return Expression(conditional.Condition) && Expression(conditional.ThenValue) && Expression(conditional.ElseValue);
                case ScriptFunctionCall call when call.Target is ScriptVariableGlobal { Name: var function } && function == TemplateSet.PartialGlobal.Name
                    && call.Arguments.Count is 1 or 2 && call.Arguments[0] is ScriptLiteral { Value: string called }:
                    if (sharedPartial(called) is not { } members || (call.Arguments.Count == 2 && !Expression(call.Arguments[1])))
                    {
                        return false;
                    }

                    PageMembers.UnionWith(members);
                    return true;
                default:
                    return false;
            }
        }
    }
}
