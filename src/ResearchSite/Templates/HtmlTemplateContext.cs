using System.Globalization;
using System.Net;
using ResearchSite.Pages;
using Scriban;
using Scriban.Parsing;
using Scriban.Syntax;

namespace ResearchSite.Templates;

/// <summary>
/// Scriban does not escape by default; this context does, for every <c>{{ value }}</c>.
/// Only <see cref="RawHtml"/> (rendered Markdown, partials) is written as it is: raw output is the
/// explicit exception, so a title such as &lt;script&gt; can only ever appear as text.
/// </summary>
public sealed class HtmlTemplateContext : TemplateContext
{
    public HtmlTemplateContext()
    {
        StrictVariables = true;
        LoopLimit = int.MaxValue;
        RecursiveLimit = 50;
        EnableRelaxedMemberAccess = false;

        // StrictVariables only covers variables; a misspelt member (page.tilte) must fail too, not print nothing.
        TryGetMember = (TemplateContext _, SourceSpan span, object target, string member, out object? value) =>
            throw new ScriptRuntimeException(span, $"'{member}' is not a member of this {(target is Scriban.Runtime.ScriptObject ? "object" : target.GetType().Name)}");
    }

    public override TemplateContext Write(SourceSpan span, object? textAsObject)
    {
        return textAsObject switch
        {
            null => this,
            RawHtml raw => base.Write(span, raw.Html),
            string text => base.Write(span, WebUtility.HtmlEncode(text)),
            IFormattable formattable => base.Write(span, WebUtility.HtmlEncode(formattable.ToString(null, CultureInfo.InvariantCulture))),
            bool b => base.Write(span, b ? "true" : "false"),
            _ => base.Write(span, WebUtility.HtmlEncode(ObjectToString(textAsObject) ?? string.Empty)),
        };
    }
}
