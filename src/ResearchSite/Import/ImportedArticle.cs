using System.Globalization;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ResearchSite.Import;

/// <summary>One language version of an imported study, ready to be written as input/articles/&lt;lang&gt;/&lt;slug&gt;.md.</summary>
public sealed record ImportedArticle(
    string Source,
    string Language,
    string Slug,
    string Title,
    IReadOnlyList<string> Authors,
    IReadOnlyList<string> Categories,
    string? Unit,
    DateOnly? Date,
    string? Summary,
    IReadOnlyList<string> Tags,
    bool Draft,
    IReadOnlyList<string> Aliases,
    string Body)
{
    /// <summary>Why the study comes in as a draft, and what a person must add (for the report).</summary>
    public List<string> DraftReasons { get; init; } = [];

    /// <summary>What was converted and what needs a person, for the report.</summary>
    public List<string> Notes { get; init; } = [];

    public List<string> Attention { get; init; } = [];

    public string RelativePath => $"articles/{Language}/{Slug}.md";

    /// <summary>
    /// A line of the file written without 'draft: true', as it is once that line is added (the lines after it
    /// move down one): the report names the lines of the file as it is left.
    /// </summary>
    public int LineAsDraft(int line)
    {
        var draftLine = Array.IndexOf(Render(true).Split('\n'), "draft: true") + 1;
        return line >= draftLine ? line + 1 : line;
    }

    /// <summary>
    /// The file's text: front matter written by YamlDotNet's emitter (so no title or name can add a field of
    /// its own), then the body.
    /// </summary>
    public string Render(bool draft)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(writer, EmitterSettings.Default.WithBestWidth(int.MaxValue).WithNewLine("\n"));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Block));
        Pair(emitter, "title", Quoted(Title));
        List(emitter, "author", Authors);
        if (Unit is not null)
        {
            Pair(emitter, "unit", Plain(Unit));
        }

        List(emitter, "category", Categories);
        // None known: left out, so that `check` names the file until a person gives the study its date.
        if (Date is { } date)
        {
            Pair(emitter, "date", Plain(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }

        if (!string.IsNullOrWhiteSpace(Summary))
        {
            Pair(emitter, "summary", Quoted(Summary));
        }

        if (Tags.Count > 0)
        {
            emitter.Emit(Plain("tags"));
            emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Flow));
            foreach (var tag in Tags)
            {
                emitter.Emit(Quoted(tag));
            }

            emitter.Emit(new SequenceEnd());
        }

        if (draft)
        {
            Pair(emitter, "draft", Plain("true"));
        }

        if (Aliases.Count > 0)
        {
            emitter.Emit(Plain("aliases"));
            emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Block));
            foreach (var alias in Aliases)
            {
                emitter.Emit(Quoted(alias));
            }

            emitter.Emit(new SequenceEnd());
        }

        emitter.Emit(new MappingEnd());
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        var text = new StringBuilder("---\n").Append(writer.ToString().TrimEnd('\n')).Append("\n---\n\n").Append(Body);
        return text.ToString();
    }

    private static void Pair(IEmitter emitter, string key, Scalar value)
    {
        emitter.Emit(Plain(key));
        emitter.Emit(value);
    }

    // Keys are URL slugs (letters, digits, '-'): plain, as editors write them; a list only for several.
    private static void List(IEmitter emitter, string key, IReadOnlyList<string> values)
    {
        // None known: left out, for the draft's reasons in the report say what to add.
        if (values.Count == 0)
        {
            return;
        }

        emitter.Emit(Plain(key));
        if (values.Count == 1)
        {
            emitter.Emit(Plain(values[0]));
            return;
        }

        emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Flow));
        foreach (var value in values)
        {
            emitter.Emit(Plain(value));
        }

        emitter.Emit(new SequenceEnd());
    }

    private static Scalar Plain(string value) => new(null, null, value, ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false);

    private static Scalar Quoted(string value) => new(null, null, value, ScalarStyle.DoubleQuoted, isPlainImplicit: false, isQuotedImplicit: true);
}
