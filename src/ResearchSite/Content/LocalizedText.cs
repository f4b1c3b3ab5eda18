namespace ResearchSite.Content;

/// <summary>A name or text in both languages; English may be missing and then falls back to Arabic.</summary>
public sealed record LocalizedText(string? Ar, string? En)
{
    public static readonly LocalizedText Empty = new(null, null);

    /// <summary>The text in the language asked for, or the other one when it is missing.</summary>
    public string Get(string language) =>
        (language == "ar" ? Ar ?? En : En ?? Ar) ?? string.Empty;

    /// <summary>The language the text returned by <see cref="Get"/> is actually in.</summary>
    public string LanguageOf(string language) =>
        language == "ar" ? (Ar is not null ? "ar" : "en") : (En is not null ? "en" : "ar");

    public IEnumerable<string> All()
    {
        if (Ar is not null)
        {
            yield return Ar;
        }

        if (En is not null)
        {
            yield return En;
        }
    }
}
