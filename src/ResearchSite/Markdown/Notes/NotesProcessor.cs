using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using ResearchSite.Diagnostics;

namespace ResearchSite.Markdown.Notes;

/// <summary>What the notes step needs to know about the article it works on.</summary>
public sealed record NotesContext(
    string File,
    int FirstBodyLine,
    NoteLabels Labels,
    Func<int, string> FormatNumber,
    MarkdownPipeline NoteContentPipeline,
    DiagnosticBag Diagnostics);

/// <summary>
/// Turns both conventions into one model: references numbered by first citation, and one
/// <see cref="NotesBlock"/> at the end of the document that replaces the archive's sources section.
/// </summary>
public static partial class NotesProcessor
{
    private static readonly string[] SectionWords = ["المصادر", "المراجع", "الهوامش", "sources", "references", "notes"];

    public static IReadOnlyList<NoteBlock> Process(MarkdownDocument document, string body, NotesContext context)
    {
        var definitions = new Dictionary<(NoteConvention, string), Definition>();
        CollectMarkdownDefinitions(document, definitions, context);
        CollectLegacySection(document, body, definitions, context);

        // The text's references first, in reading order; then those inside the notes they cite, so
        // that a note cited only by another note is numbered after every note the text cites.
        var notes = new List<NoteBlock>();
        var pending = new Queue<NoteReferenceInline>(References(document));
        while (pending.TryDequeue(out var reference))
        {
            if (reference.ContainsParentOfType<LinkInline>())
            {
                reference.ReplaceBy(new LiteralInline(Written(reference)));
                continue;
            }

            if (!definitions.TryGetValue((reference.Convention, reference.Label), out var definition))
            {
                context.Diagnostics.Error(context.File, context.FirstBodyLine + reference.Line, reference.Column + 1, MissingNoteMessage(reference));
                reference.ReplaceBy(new LiteralInline(Written(reference)));
                continue;
            }

            if (definition.Note is null)
            {
                definition.Note = new NoteBlock
                {
                    Number = notes.Count + 1,
                    DisplayNumber = context.FormatNumber(notes.Count + 1),
                };
                foreach (var block in definition.Blocks)
                {
                    definition.Note.Add(block);
                }

                notes.Add(definition.Note);
                foreach (var inner in References(definition.Note))
                {
                    pending.Enqueue(inner);
                }
            }

            reference.Note = definition.Note;
            reference.CitationIndex = definition.Note.Citations.Count;
            definition.Note.Citations.Add(reference);
        }

        foreach (var definition in definitions.Values.Where(d => d.Note is null))
        {
            var written = definition.Convention == NoteConvention.Markdown ? $"[^{definition.Label}]" : $"[{definition.Label}]";
            context.Diagnostics.Warning(context.File, definition.Line, 1, $"note {written} is never cited: cite it as {written} in the text, or remove it.");
        }

        if (notes.Count > 0)
        {
            var notesBlock = new NotesBlock { Labels = context.Labels };
            foreach (var note in notes)
            {
                notesBlock.Add(note);
            }

            document.Add(notesBlock);
        }

        return notes;
    }

    private sealed class Definition(NoteConvention convention, string label, int line, IReadOnlyList<Block> blocks)
    {
        public NoteConvention Convention { get; } = convention;

        public string Label { get; } = label;

        public int Line { get; } = line;

        public IReadOnlyList<Block> Blocks { get; } = blocks;

        public NoteBlock? Note { get; set; }
    }

    private static void CollectMarkdownDefinitions(MarkdownDocument document, Dictionary<(NoteConvention, string), Definition> definitions, NotesContext context)
    {
        // Definitions only open at the top level (see NoteDefinitionParser).
        foreach (var block in document.OfType<NoteDefinitionBlock>().ToList())
        {
            document.Remove(block);
            var line = context.FirstBodyLine + block.Line;
            var key = (NoteConvention.Markdown, block.Label);
            if (definitions.TryGetValue(key, out var first))
            {
                context.Diagnostics.Error(context.File, line, block.Column + 1, $"note [^{block.Label}] is defined twice (first at line {first.Line}): give one of them another label, or merge them.");
                continue;
            }

            var children = block.ToList();
            block.Clear();
            definitions[key] = new Definition(NoteConvention.Markdown, block.Label, line, children);
        }
    }

    /// <summary>
    /// The archive's sources section: a heading or a paragraph that is only one of the section words,
    /// followed by entries that start with [1], [2], … Parsed from the source lines, because in pasted
    /// documents the entries are often one paragraph with a line each.
    /// </summary>
    private static void CollectLegacySection(MarkdownDocument document, string body, Dictionary<(NoteConvention, string), Definition> definitions, NotesContext context)
    {
        var lines = new Lines(body);
        var start = -1;
        for (var i = document.Count - 1; i >= 0; i--)
        {
            if (document[i] is HeadingBlock or ParagraphBlock
                && IsSectionTitle(lines.Span(document[i].Line))
                && FirstEntryFollows(lines, document[i].Line + 1))
            {
                start = i;
                break;
            }
        }

        if (start < 0)
        {
            return;
        }

        var firstLine = document[start].Line + 1;
        while (document.Count > start)
        {
            document.RemoveAt(document.Count - 1);
        }

        var entries = new List<(int Number, int Line, int Column, List<string> Text)>();
        for (var i = firstLine; i < lines.Count; i++)
        {
            var match = EntryPattern().Match(lines[i]);
            if (match.Success)
            {
                entries.Add((int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), i, match.Groups[2].Index, [match.Groups[2].Value]));
            }
            else if (entries.Count > 0)
            {
                entries[^1].Text.Add(lines[i]);
            }
        }

        var expected = 1;
        foreach (var (number, line, column, text) in entries)
        {
            var fileLine = context.FirstBodyLine + line;
            var key = (NoteConvention.Legacy, number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (definitions.TryGetValue(key, out var first))
            {
                context.Diagnostics.Error(context.File, fileLine, 1, $"source [{number}] is defined twice (first at line {first.Line}): renumber the list.");
                continue;
            }

            if (number != expected)
            {
                context.Diagnostics.Error(context.File, fileLine, 1, $"the numbered source list has a gap or is out of order: expected [{expected}] here, found [{number}]; number the sources 1, 2, 3, … in order.");
            }

            expected = number + 1;
            var entry = string.Join('\n', text);
            var trimmed = entry.TrimStart();
            var skipped = entry[..(entry.Length - trimmed.Length)];
            var entryLine = line + skipped.Count(c => c == '\n');
            var entryColumn = skipped.Contains('\n') ? skipped.Length - skipped.LastIndexOf('\n') - 1 : column + skipped.Length;
            MarkdownDocument content;
            try
            {
                content = Markdig.Markdown.Parse(trimmed.TrimEnd(), context.NoteContentPipeline);
            }
            catch (NestingTooDeepException e)
            {
                throw e.Shifted(entryLine);
            }

            // Parsed on its own, the entry counts lines and columns from its start: its diagnostics need the body's.
            Shift(content, entryLine, entryColumn);

            var blocks = content.ToList();
            content.Clear();
            definitions[key] = new Definition(NoteConvention.Legacy, key.Item2, fileLine, blocks);
        }
    }

    /// <summary>
    /// Moves every node of <paramref name="root"/> by <paramref name="lines"/>, and those of its first line by
    /// <paramref name="columns"/> too (every source of the archive's lists is moved: see <see cref="SyntaxWalk"/>).
    /// </summary>
    private static void Shift(ContainerBlock root, int lines, int columns)
    {
        void Move(MarkdownObject node)
        {
            if (node.Line == 0)
            {
                node.Column += columns;
            }

            node.Line += lines;
        }

        SyntaxWalk.Visit(root, Move, Move);
    }

    // Every paragraph of the body is asked, from the last: the test makes no string, and lowers only a short line.
    private static bool IsSectionTitle(ReadOnlySpan<char> line)
    {
        var text = line.Trim().TrimStart('#').Trim().Trim("*_").Trim().TrimEnd(":： ").Trim("*_").Trim();
        if (text.Length > LongestSectionWord)
        {
            return false;
        }

        // Lowered without ICU: only ASCII has case among the words, and no other letter lowers to ASCII
        // but the Kelvin sign and the dotted capital I, which no word holds.
        Span<char> lower = stackalloc char[LongestSectionWord];
        if (System.Text.Ascii.ToLower(text, lower, out _) != System.Buffers.OperationStatus.Done)
        {
            text.CopyTo(lower);
        }

        foreach (var word in SectionWords)
        {
            if (lower[..text.Length].SequenceEqual(word))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly int LongestSectionWord = SectionWords.Max(w => w.Length);

    /// <summary>The lines of a body, cut out one by one when asked for: the sources are at the end, and only they are read.</summary>
    private sealed class Lines
    {
        private readonly string text;
        private readonly List<int> starts = [0];

        public Lines(string text)
        {
            this.text = text;
            for (var at = text.IndexOf('\n'); at >= 0; at = text.IndexOf('\n', at + 1))
            {
                starts.Add(at + 1);
            }
        }

        public int Count => starts.Count;

        public string this[int index] => Span(index).ToString();

        public ReadOnlySpan<char> Span(int index) =>
            text.AsSpan()[starts[index]..(index + 1 < starts.Count ? starts[index + 1] - 1 : text.Length)];
    }

    private static bool FirstEntryFollows(Lines lines, int from)
    {
        for (var i = from; i < lines.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(lines[i]))
            {
                return EntryPattern().IsMatch(lines[i]);
            }
        }

        return false;
    }

    private static List<NoteReferenceInline> References(ContainerBlock root)
    {
        var found = new List<NoteReferenceInline>();
        SyntaxWalk.Visit(root, null, inline =>
        {
            if (inline is NoteReferenceInline reference)
            {
                found.Add(reference);
            }
        });

        return found;
    }

    private static string Written(NoteReferenceInline reference) =>
        reference.Convention == NoteConvention.Markdown ? $"[^{reference.Label}]" : $"[{reference.Label}]";

    private static string MissingNoteMessage(NoteReferenceInline reference) =>
        reference.Convention == NoteConvention.Markdown
            ? $"note marker [^{reference.Label}] has no note: add a line '[^{reference.Label}]: <the note>' at the end of the article."
            : $"note marker [{reference.Label}] has no note: add an entry '[{reference.Label}] <the source>' to the sources section (المصادر / Sources) at the end of the article.";

    [GeneratedRegex(@"^\s*(?:[-*+]\s+|\d+[.)]\s+)?\[(\d{1,4})\]\s*(.*)$")]
    private static partial Regex EntryPattern();
}
