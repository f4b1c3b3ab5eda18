namespace ResearchSite.Markdown.Headings;

/// <summary>One entry of an article's table of contents: an h2 with its h3s.</summary>
public sealed record TocEntry(string Id, string Text, IReadOnlyList<TocEntry> Children);

public static class TableOfContents
{
    /// <summary>h2 headings with their h3 subsections; an h3 before any h2 stands at the top level.</summary>
    public static IReadOnlyList<TocEntry> Build(IEnumerable<Heading> headings)
    {
        var entries = new List<(Heading Heading, List<TocEntry> Children)>();
        foreach (var heading in headings.Where(h => h.Level is 2 or 3))
        {
            if (heading.Level == 3 && entries.Count > 0 && entries[^1].Heading.Level == 2)
            {
                entries[^1].Children.Add(new TocEntry(heading.Id, heading.Text, []));
            }
            else
            {
                entries.Add((heading, []));
            }
        }

        return entries.Select(e => new TocEntry(e.Heading.Id, e.Heading.Text, e.Children)).ToList();
    }
}
