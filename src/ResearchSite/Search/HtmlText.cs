using System.Net;
using System.Text;

namespace ResearchSite.Search;

/// <summary>The text of rendered HTML, without a DOM: tags become spaces, entities are decoded.</summary>
public static class HtmlText
{
    public static string FromHtml(string html)
    {
        var text = new StringBuilder(html.Length);
        var inTag = false;
        foreach (var c in html)
        {
            if (c == '<')
            {
                inTag = true;
                text.Append(' ');
            }
            else if (c == '>')
            {
                inTag = false;
            }
            else if (!inTag)
            {
                text.Append(c);
            }
        }

        var decoded = WebUtility.HtmlDecode(text.ToString());
        return string.Join(' ', decoded.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
