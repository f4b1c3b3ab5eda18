using ResearchSite.Text;

namespace ResearchSite.Import;

/// <summary>
/// The slugs and registry keys an import makes: always ones the site accepts (the same test as the
/// build's, <see cref="Slug.SegmentProblem"/>) and not taken; when the wished one is not, a numbered one.
/// </summary>
public static class ImportSlugs
{
    /// <returns>The slug to use, and why it is not <paramref name="wished"/> (null when it is).</returns>
    public static (string Slug, string? Why) Unique(string wished, Func<string, bool> taken)
    {
        // A suffix cures a reserved name; a slug too long or with other characters is spelled anew first.
        var basis = Slug.SegmentProblem(wished + "-2") is null ? wished : Scaffold.Transliteration.SlugFor(wished) ?? "study";
        var unique = basis;
        for (var n = 2; Slug.SegmentProblem(unique) is not null || taken(unique); n++)
        {
            unique = $"{basis}-{n}";
        }

        return unique == wished ? (wished, null)
            : Slug.SegmentProblem(wished) is { } problem ? (unique, $"the slug '{wished}' cannot be used: {problem}; so the study is '{unique}'")
            : (unique, $"the slug '{wished}' is taken, so the study is '{unique}'");
    }
}
