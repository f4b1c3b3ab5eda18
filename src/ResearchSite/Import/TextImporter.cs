using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ResearchSite.Content;
using ResearchSite.Scaffold;
using ResearchSite.Text;

namespace ResearchSite.Import;

/// <summary>
/// A study page of the old site copied out as plain text (the seed's shape): a breadcrumb, the title,
/// '- &lt;date&gt;' with Arabic month names ('أكتوبر 15, 2024'), '- Posted by:' (the uploader, not the author),
/// '- Category:' with the names run together, 'إعداد:' the author, the role line ('&lt;role&gt; في &lt;unit&gt;'),
/// then the text: short lines ending in ':' and numbered lines ('أولاً:') are section titles, a line '-'
/// starts a list item, and '[n]' markers point into the final 'المصادر:' list.
/// </summary>
public static partial class TextImporter
{
    private static readonly string[][] Months =
    [
        ["يناير", "كانون الثاني"], ["فبراير", "شباط"], ["مارس", "آذار"], ["أبريل", "إبريل", "ابريل", "نيسان"], ["مايو", "أيار"], ["يونيو", "يونيه", "حزيران"],
        ["يوليو", "يوليه", "تموز"], ["أغسطس", "آب"], ["سبتمبر", "أيلول"], ["أكتوبر", "تشرين الأول"], ["نوفمبر", "تشرين الثاني"], ["ديسمبر", "كانون الأول"],
    ];

    private static readonly string[] Ordinals = ["أولا", "ثانيا", "ثالثا", "رابعا", "خامسا", "سادسا", "سابعا", "ثامنا", "تاسعا", "عاشرا"];

    private static readonly string[] Closings = ["ختام", "خاتمة", "الخاتمة", "الخلاصة", "خلاصة", "conclusion"];

    private static readonly string[] AuthorLabels = ["إعداد", "اعداد", "بقلم", "الكاتب", "by", "author"];

    public static ImportedArticle? Import(string file, string text, LoadedContent content, RegistryMatcher matcher, ImportPlan plan)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var dateLine = lines.FindIndex(l => l.StartsWith('-') && ParseDate(l.TrimStart('-', ' ')) is not null);
        if (dateLine < 1)
        {
            plan.Warnings.Add($"{file}: no line '- <date>' (e.g. '- أكتوبر 15, 2024') after a title was found: this is not a copy of a study page; it was skipped.");
            plan.Skipped.Add(new SkippedItem(Path.GetFileName(file), file, "text", "it has no title and date lines"));
            return null;
        }

        var title = Names.Spaced(lines[dateLine - 1]);
        var date = ParseDate(lines[dateLine].TrimStart('-', ' '))!.Value;
        var attention = new List<string>();
        var reasons = new List<string>();
        var categories = new List<string>();
        var at = dateLine + 1;
        for (; at < lines.Count && lines[at].StartsWith('-') && Field().Match(lines[at]) is { Success: true } field; at++)
        {
            var value = field.Groups["value"].Value.Trim();
            switch (field.Groups["name"].Value.ToLowerInvariant())
            {
                case "posted by":
                    attention.Add($"'Posted by: {value}' names who uploaded the page, not its author: it was not imported");
                    break;
                case "category" or "categories":
                    var (found, rest) = SplitNames(value, matcher);
                    categories.AddRange(found.Where(c => !categories.Contains(c)));
                    if (rest.Count > 0)
                    {
                        attention.Add($"in 'Category: {value}', {string.Join(", ", rest.Select(r => $"'{r}'"))} matches no category of data/categories.yml: add it there and to the study");
                    }

                    break;
            }
        }

        string? authorName = null;
        string? role = null;
        string? unit = null;
        if (at < lines.Count && AuthorLine().Match(lines[at]) is { Success: true } author && AuthorLabels.Contains(author.Groups["label"].Value.Trim().ToLowerInvariant()))
        {
            authorName = Names.Spaced(author.Groups["name"].Value);
            at++;
            // The role line: '<role> في <unit>' when the unit is one of the registry's.
            if (at < lines.Count && lines[at].Split(" في ", 2) is [var roleText, var unitText] && content.Registries.Units.Entries.FirstOrDefault(u => u.Key == unitText.Trim() || u.Name.Texts.Any(t => Names.Alike(t.Value) == Names.Alike(unitText))) is { } found)
            {
                role = roleText.Trim();
                unit = found.Key;
                at++;
            }
        }

        var language = lines.Skip(at).Sum(l => l.Count(c => c is >= '\u0600' and <= '\u06FF')) >= lines.Skip(at).Sum(l => l.Count(char.IsAsciiLetter)) && content.Site.Languages.Any(l => l.Code == "ar")
            ? "ar"
            : content.Site.Languages.Select(l => l.Code).FirstOrDefault(c => c != "ar") ?? content.Site.DefaultLanguage.Code;
        var authors = new List<string>();
        if (authorName is null)
        {
            reasons.Add("no line 'إعداد: <author>' was found: add 'author:'");
        }
        else
        {
            var key = matcher.Author(authorName, language, null, role, unit);
            authors.Add(key);
            if (matcher.IsNew("authors", key))
            {
                attention.Add($"the author '{authorName}' is new in data/authors.yml as '{key}': add the other language's name there");
            }

            if (unit is null && matcher.UnitOf(key) is null)
            {
                reasons.Add($"no unit is known for '{key}': add 'unit:' to the study or to data/authors.yml, then set 'draft: false'");
            }
        }

        if (categories.Count == 0)
        {
            reasons.Add("no category of the series was named: add 'category:'");
        }

        var body = Body(lines.Skip(at).ToList(), out var notes);
        return new ImportedArticle(
            file,
            language,
            Transliteration.SlugFor(title) ?? "study-" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            title,
            authors,
            categories,
            unit,
            date,
            null,
            [],
            reasons.Count > 0,
            [],
            body)
        {
            DraftReasons = reasons,
            Notes = [$"{notes} note(s)"],
            Attention = attention,
        };
    }

    /// <summary>Names run together ('الدراسات الأمنية والإرهاب تقارير وملفات'), split by the longest registry name at each word.</summary>
    private static (List<string> Found, List<string> Unmatched) SplitNames(string value, RegistryMatcher matcher)
    {
        var words = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var found = new List<string>();
        var rest = new List<string>();
        var unknown = new List<string>();
        for (var i = 0; i < words.Length;)
        {
            var matched = false;
            for (var j = words.Length; j > i; j--)
            {
                if (matcher.FindCategory(string.Join(' ', words[i..j])) is { } key)
                {
                    if (unknown.Count > 0)
                    {
                        rest.Add(string.Join(' ', unknown));
                        unknown.Clear();
                    }

                    found.Add(key);
                    i = j;
                    matched = true;
                    break;
                }
            }

            if (!matched)
            {
                unknown.Add(words[i++]);
            }
        }

        if (unknown.Count > 0)
        {
            rest.Add(string.Join(' ', unknown));
        }

        return (found, rest);
    }

    private static string Body(List<string> lines, out int notes)
    {
        var blocks = new List<string>();
        var list = new List<string>();
        var sawNumbered = false;
        notes = 0;
        void EndList()
        {
            if (list.Count > 0)
            {
                blocks.Add(string.Join('\n', list));
                list.Clear();
            }
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (HtmlToMarkdown.SourcesWords.Contains(line.TrimEnd(':', ' ').ToLowerInvariant()) && i + 1 < lines.Count && SourceEntry().IsMatch(lines[i + 1]))
            {
                EndList();
                var entries = new List<string> { line.TrimEnd(':', ' ') + ":" };
                foreach (var entry in lines.Skip(i + 1))
                {
                    if (SourceEntry().IsMatch(entry) || entries.Count == 1)
                    {
                        entries.Add(HtmlToMarkdown.Escape(entry));
                    }
                    else
                    {
                        entries[^1] += " " + HtmlToMarkdown.Escape(entry);
                    }
                }

                notes = entries.Count - 1;
                blocks.Add(string.Join('\n', entries));
                break;
            }

            if (line == "-" && i + 1 < lines.Count)
            {
                list.Add("- " + HtmlToMarkdown.Escape(lines[++i]));
                continue;
            }

            if (line.StartsWith("- ", StringComparison.Ordinal))
            {
                list.Add("- " + HtmlToMarkdown.Escape(line[2..].Trim()));
                continue;
            }

            EndList();
            var bare = Slug.StripDiacritics(line);
            var numbered = Ordinals.Any(o => bare.StartsWith(o, StringComparison.Ordinal) && bare[o.Length..].TrimStart().StartsWith(':'));
            var shortTitle = line.EndsWith(':') && line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 8 && !line.Contains('،', StringComparison.Ordinal) && !line.TrimEnd(':').Contains('.', StringComparison.Ordinal);
            if (numbered || shortTitle)
            {
                var closing = Closings.Any(c => bare.StartsWith(c, StringComparison.OrdinalIgnoreCase));
                var level = numbered || closing || !sawNumbered ? "##" : "###";
                sawNumbered |= numbered;
                blocks.Add(level + " " + HtmlToMarkdown.Escape(line.TrimEnd(':', ' ')));
                continue;
            }

            blocks.Add(HtmlToMarkdown.StartOfLine(HtmlToMarkdown.Escape(line)));
        }

        EndList();
        return string.Join("\n\n", blocks) + "\n";
    }

    /// <summary>A date as the old site printed it: 'أكتوبر 15, 2024' (also '15 أكتوبر 2024' and Levantine month names).</summary>
    public static DateOnly? ParseDate(string text)
    {
        var match = DatePattern().Match(text.Trim());
        if (!match.Success)
        {
            return null;
        }

        var monthName = Names.Alike(match.Groups["month1"].Success ? match.Groups["month1"].Value : match.Groups["month2"].Value);
        var month = Array.FindIndex(Months, names => names.Any(n => Names.Alike(n) == monthName)) + 1;
        var day = int.Parse(match.Groups["day1"].Success ? match.Groups["day1"].Value : match.Groups["day2"].Value, CultureInfo.InvariantCulture);
        var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        return month > 0 && day <= DateTime.DaysInMonth(year, month) && day > 0 ? new DateOnly(year, month, day) : null;
    }

    [GeneratedRegex(@"^(?:(?<month1>[\u0600-\u06FF]+(?: [\u0600-\u06FF]+)?)\s+(?<day1>\d{1,2}),?|(?<day2>\d{1,2})\s+(?<month2>[\u0600-\u06FF]+(?: [\u0600-\u06FF]+)?),?)\s+(?<year>\d{4})$")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^-\s*(?<name>Posted by|Category|Categories)\s*:\s*(?<value>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex Field();

    [GeneratedRegex(@"^(?<label>[^:]{2,12}):\s*(?<name>.+)$")]
    private static partial Regex AuthorLine();

    [GeneratedRegex(@"^\[\d{1,4}\]")]
    private static partial Regex SourceEntry();
}
