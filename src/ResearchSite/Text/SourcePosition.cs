namespace ResearchSite.Text;

/// <summary>Maps character offsets in a text to 1-based line and column numbers.</summary>
public sealed class SourcePosition
{
    private readonly int[] lineStarts;

    public SourcePosition(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        lineStarts = starts.ToArray();
    }

    public (int Line, int Column) At(int offset)
    {
        var index = Array.BinarySearch(lineStarts, offset);
        if (index < 0)
        {
            index = ~index - 1;
        }

        return (index + 1, offset - lineStarts[index] + 1);
    }
}
