namespace ResearchSite.Content;

/// <summary>
/// A name or text in the site's languages, the default language's first. A language it is missing in
/// is shown in the default language (or, missing there too, in the first one it has).
/// </summary>
public sealed class LocalizedText
{
    private readonly KeyValuePair<string, string>[] texts;

    /// <param name="texts">(language code, text) in the site's order, the default language first; null texts are left out.</param>
    public LocalizedText(IEnumerable<(string Language, string? Text)> texts) =>
        this.texts = texts.Where(t => t.Text is not null).Select(t => KeyValuePair.Create(t.Language, t.Text!)).ToArray();

    public static readonly LocalizedText Empty = new([]);

    public bool IsEmpty => texts.Length == 0;

    /// <summary>The text written in exactly this language, or null.</summary>
    public string? In(string language) => Array.Find(texts, t => t.Key == language).Value;

    /// <summary>The text in the language asked for, or the one it falls back to when missing.</summary>
    public string Get(string language) => Pick(language)?.Value ?? string.Empty;

    /// <summary>The language the text returned by <see cref="Get"/> is actually in.</summary>
    public string LanguageOf(string language) => Pick(language)?.Key ?? language;

    /// <summary>Every text with its language.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Texts => texts;

    public IEnumerable<string> All() => texts.Select(t => t.Value);

    private KeyValuePair<string, string>? Pick(string language)
    {
        foreach (var text in texts)
        {
            if (text.Key == language)
            {
                return text;
            }
        }

        return texts.Length > 0 ? texts[0] : null;
    }

    public override bool Equals(object? obj) => obj is LocalizedText other && texts.SequenceEqual(other.texts);

    public override int GetHashCode() => texts.Length == 0 ? 0 : texts[0].GetHashCode();
}
