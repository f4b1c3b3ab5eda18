using Markdig.Renderers;
using Markdig.Renderers.Html;

namespace ResearchSite.Markdown.Notes;

/// <summary>
/// The hover reference: a real link to the note (so it works without JavaScript) that names the note
/// through aria-describedby, so screen readers read the note on focus without opening anything.
/// </summary>
public sealed class NoteReferenceRenderer : HtmlObjectRenderer<NoteReferenceInline>
{
    protected override void Write(HtmlRenderer renderer, NoteReferenceInline reference)
    {
        if (reference.Note is not { } note)
        {
            // A reference inside another note's text: kept as the author wrote it.
            renderer.WriteEscape(reference.Convention == NoteConvention.Markdown ? $"[^{reference.Label}]" : $"[{reference.Label}]");
            return;
        }

        renderer.Write("<sup class=\"note-ref\"><a href=\"#").Write(NoteIds.Note(note.Number))
            .Write("\" id=\"").Write(NoteIds.Reference(note.Number, reference.CitationIndex))
            .Write("\" role=\"doc-noteref\" aria-describedby=\"").Write(NoteIds.Body(note.Number))
            .Write("\"><span class=\"visually-hidden\">");
        renderer.WriteEscape(NoteWordOf(reference));
        renderer.Write(" </span>").WriteEscape(note.DisplayNumber).Write("</a></sup>");
    }

    private static string NoteWordOf(NoteReferenceInline reference)
    {
        for (var block = reference.Note?.Parent; block is not null; block = block.Parent)
        {
            if (block is NotesBlock notes)
            {
                return notes.Labels.NoteWord;
            }
        }

        return "Note";
    }
}

/// <summary>The notes list: each note with back-links to every place that cites it.</summary>
public sealed class NotesBlockRenderer : HtmlObjectRenderer<NotesBlock>
{
    protected override void Write(HtmlRenderer renderer, NotesBlock notes)
    {
        renderer.EnsureLine();
        renderer.Write("<section class=\"notes\" role=\"doc-endnotes\" aria-labelledby=\"").Write(NoteIds.Title).Write("\">\n");
        renderer.Write("<h2 id=\"").Write(NoteIds.Title).Write("\">").WriteEscape(notes.Labels.Title).Write("</h2>\n");
        // The list numbers itself: in the language's own digits, its class names their CSS counter style.
        renderer.Write(notes.Labels.ListStyle is { } style ? $"<ol class=\"notes-list {style}\">\n" : "<ol class=\"notes-list\">\n");
        foreach (var block in notes)
        {
            var note = (NoteBlock)block;
            renderer.Write("<li id=\"").Write(NoteIds.Note(note.Number)).Write("\">");
            renderer.Write("<div class=\"note-body\" id=\"").Write(NoteIds.Body(note.Number)).Write("\">\n");
            renderer.WriteChildren(note);
            renderer.EnsureLine();
            renderer.Write("</div><p class=\"note-backrefs\">");
            for (var i = 0; i < note.Citations.Count; i++)
            {
                var letter = note.Citations.Count > 1 ? " " + NoteIds.Letter(i) : string.Empty;
                renderer.Write("<a href=\"#").Write(NoteIds.Reference(note.Number, i))
                    .Write("\" class=\"note-backref\" role=\"doc-backlink\" aria-label=\"")
                    .WriteEscape($"{notes.Labels.BackTo} {note.DisplayNumber}{letter}")
                    .Write("\">↩").WriteEscape(letter).Write("</a>");
                if (i < note.Citations.Count - 1)
                {
                    renderer.Write(" ");
                }
            }

            renderer.Write("</p></li>\n");
        }

        renderer.Write("</ol>\n</section>\n");
    }
}

/// <summary>
/// Element ids of notes. They contain '_', which heading ids never do, so a heading called
/// "Note 1" cannot collide with a note.
/// </summary>
public static partial class NoteIds
{
    public const string Title = "notes_title";

    public static string Note(int number) => $"note_{number}";

    public static string Body(int number) => $"note_{number}_body";

    public static string Reference(int number, int citation) => $"ref_{number}_{Letter(citation)}";

    /// <summary>Whether <paramref name="id"/> is of the notes' kind (whatever the number): raw HTML may not take it.</summary>
    public static bool IsNoteId(string id) => id == Title || NoteIdPattern().IsMatch(id);

    [System.Text.RegularExpressions.GeneratedRegex("^(?:note_[0-9]+(?:_body)?|ref_[0-9]+_[a-z]+)$")]
    private static partial System.Text.RegularExpressions.Regex NoteIdPattern();

    public static string Letter(int index) =>
        index < 26 ? ((char)('a' + index)).ToString() : $"{(char)('a' + (index / 26) - 1)}{(char)('a' + (index % 26))}";
}
