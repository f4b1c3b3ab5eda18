using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using ResearchSite.Pages;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Runtime.Accessors;
using Scriban.Syntax;

namespace ResearchSite.Templates;

/// <summary>
/// Scriban does not escape by default; this context does, for every <c>{{ value }}</c>.
/// Only <see cref="RawHtml"/> (rendered Markdown, partials) is written as it is: raw output is the
/// explicit exception, so a title such as &lt;script&gt; can only ever appear as text.
/// </summary>
public sealed class HtmlTemplateContext : TemplateContext
{
    // The builtin functions (string.*, array.*, ...) are built once: creating them per page costs more than rendering it.
    // And only for a theme that names one (TemplateSet.UsesBuiltins): Scriban makes them by reflection, regular
    // expressions and all, while every rendering thread waits (about 0.1 s of CPU at the start of the write phase).
    private static readonly Lazy<ScriptObject> SharedBuiltins = new(GetDefaultBuiltinObject);

    /// <summary>A context whose templates see Scriban's builtin functions (<paramref name="builtins"/>), or none.</summary>
    public HtmlTemplateContext(bool builtins = true)
        : base(builtins ? SharedBuiltins.Value : new ScriptObject())
    {
        StrictVariables = true;
        LoopLimit = int.MaxValue;
        RecursiveLimit = 50;

        // Scriban cuts any value longer than a million characters with "..."; a long study is longer.
        LimitToString = 0;
        EnableRelaxedMemberAccess = false;

        // StrictVariables only covers variables; a misspelt member (page.tilte) must fail too, not print nothing.
        TryGetMember = (TemplateContext _, SourceSpan span, object target, string member, out object? value) =>
            throw new ScriptRuntimeException(span, $"'{member}' is not a member of this {(target is Scriban.Runtime.ScriptObject ? "object" : target.GetType().Name)}");
    }

    /// <summary>The page being rendered, whose language and site-wide members a shared partial's HTML is kept under.</summary>
    public PageView? Page { get; set; }

    // Scriban caches member accessors per context, and Reset (at every page) empties that cache: it would test
    // every type again on every page, by reflection (the interfaces of a list, whether a type is an array). What
    // the accessor of a type is depends only on the type here (every context names members alike): share them.
    private static readonly ConcurrentDictionary<Type, IObjectAccessor> SharedAccessors = new();

    protected override IObjectAccessor? GetMemberAccessorImpl(object target)
    {
        var type = target.GetType();
        if (SharedAccessors.TryGetValue(type, out var shared))
        {
            return shared;
        }

        var inner = base.GetMemberAccessorImpl(target);
        // Our view models get getters bound once per type; Scriban's own objects, strings and collections keep its accessors.
        var accessor = target is IScriptObject or string or System.Collections.IList or System.Collections.IDictionary || type.IsPrimitive
            ? inner ?? NullAccessor.Default
            : inner is { } found ? ViewAccessor.Wrap(this, target, found) : NullAccessor.Default;
        return SharedAccessors.GetOrAdd(type, accessor);
    }

    /// <summary>
    /// Scriban converts every argument of a function call (<c>partial</c>'s value among them) to its parameter's
    /// type, testing the value's type by reflection first even when that type is <see cref="object"/>.
    /// </summary>
    public override object? ToObject(SourceSpan span, object? value, Type destinationType) =>
        destinationType == typeof(object) || (value is not null && value.GetType() == destinationType)
            ? value
            : base.ToObject(span, value, destinationType);

    private HtmlTemplateContext WriteUtf8(Utf8Output output, ReadOnlyMemory<byte> utf8)
    {
        output.WriteUtf8(utf8.Span);
        return this;
    }

    private HtmlTemplateContext WriteHeld(Utf8Output output, Markdown.HeldBody held)
    {
        output.WriteUtf8(held.Length, held);
        return this;
    }

    private HtmlTemplateContext WriteEscaped(SourceSpan span, string text)
    {
        if (Output is Utf8Output bytes && string.IsNullOrEmpty(CurrentIndent))
        {
            // Escaped while encoded to UTF-8, straight into the page: no escaped string made first.
            bytes.WriteEscaped(text);
        }
        else
        {
            base.Write(span, WebUtility.HtmlEncode(text));
        }

        return this;
    }

    public override TemplateContext Write(SourceSpan span, object? textAsObject)
    {
        return textAsObject switch
        {
            null => this,
            RawHtml { Utf8: { } utf8 } when Output is Utf8Output bytes => WriteUtf8(bytes, utf8),
            RawHtml { Held: { } held } when Output is Utf8Output bytes => WriteHeld(bytes, held),
            RawHtml raw => base.Write(span, raw.Html),
            string text => WriteEscaped(span, text),
            IFormattable formattable => WriteEscaped(span, formattable.ToString(null, CultureInfo.InvariantCulture)),
            bool b => base.Write(span, b ? "true" : "false"),
            _ => WriteEscaped(span, ObjectToString(textAsObject) ?? string.Empty),
        };
    }
}
