using Markdig.Extensions.Tables;
using Markdig.Renderers.Html;

namespace ResearchSite.Markdown.Tables;

/// <summary>
/// Markdig writes column alignment as style attributes, which a strict Content-Security-Policy
/// refuses; the alignment becomes a class instead, in logical terms (a left-aligned column in an
/// Arabic table is aligned to its start).
/// </summary>
public static class TableAlignment
{
    public static void ToClasses(IEnumerable<Table> tables)
    {
        foreach (var table in tables)
        {
            var alignments = table.ColumnDefinitions.Select(c => c.Alignment).ToList();
            foreach (var row in table.OfType<TableRow>())
            {
                var column = 0;
                foreach (var cell in row.OfType<TableCell>())
                {
                    var index = cell.ColumnIndex >= 0 ? cell.ColumnIndex : column;
                    var alignment = index < alignments.Count ? alignments[index] : null;
                    if (alignment is { } value)
                    {
                        cell.GetAttributes().AddClass(value switch
                        {
                            TableColumnAlign.Left => "align-start",
                            TableColumnAlign.Right => "align-end",
                            _ => "align-center",
                        });
                    }

                    column++;
                }
            }

            foreach (var definition in table.ColumnDefinitions)
            {
                definition.Alignment = null;
            }
        }
    }
}
