using System.Text.Json;

namespace ResearchSite.Search;

/// <summary>
/// Makes the ways Arabic is written alike, for the index and for the query: no diacritics or tatweel,
/// one alef for أ إ آ ٱ, ي for ى (and the Persian ی), ك for the Persian ک, ه for ة, the hamza carriers ؤ ئ as و ي, and no definite article, so
/// التَّحالُف, التحالف and تحالف all meet. It is the one place these rules live: the search page carries
/// them (<see cref="Rules"/>) and theme/assets/search.js applies them to the query as they are.
/// Word for word: the n-th word of the text is the n-th word of its normalized form, so a hit found in
/// the normalized index points at the word as the study writes it.
/// </summary>
public static class SearchNormalizer
{
    // Longest first: وال before ال.
    private static readonly string[] ArticlePrefixes = ["وال", "بال", "كال", "فال", "ال", "لل"];

    // What is left of a word after its article must be this long, or the word is left alone (الى, الم).
    private const int MinStem = 2;

    private static readonly (char From, char To)[] DroppedRanges = [('\u064B', '\u065F'), ('\u0670', '\u0670'), ('\u0640', '\u0640')];

    // ک and ی are the kaf and yeh of Persian and Kurdish keyboards, which Arabic text typed or pasted on them carries
    // (ی looks like ى, and like ي in the middle of a word).
    private static readonly Dictionary<char, char> Replacements = new()
    {
        ['أ'] = 'ا', ['إ'] = 'ا', ['آ'] = 'ا', ['ٱ'] = 'ا', ['ى'] = 'ي', ['ة'] = 'ه', ['ؤ'] = 'و', ['ئ'] = 'ي',
        ['ک'] = 'ك', ['ی'] = 'ي',
    };

    // An article is only cut before an Arabic letter (not before a digit or Latin letter).
    private const char LetterFirst = '\u0621';
    private const char LetterLast = '\u064A';

    // The rules above as one lookup over the Arabic block, what each character becomes ('\0': dropped): the build
    // normalizes every word of every study, and a dictionary lookup per character was most of that time.
    private const char BlockFirst = '\u0600';
    private const char BlockLast = '\u06FF';
    private static readonly char[] Block = Enumerable.Range(BlockFirst, BlockLast - BlockFirst + 1)
        .Select(i => (char)i)
        .Select(c => Dropped(c) ? '\0' : Replacements.TryGetValue(c, out var to) ? to : c)
        .ToArray();

    // The letters an article starts with: a word starting otherwise has none to cut.
    private static readonly string ArticleStarts = string.Concat(ArticlePrefixes.Select(p => p[0]).Distinct());

    /// <summary>The rules as JSON, for the search page's script (<c>data-normalize</c>).</summary>
    public static string Rules { get; } = RulesJson();

    // Written member by member: the serializer's reflection over an anonymous type (its first use in the process)
    // cost more than the rest of this class's start, and every build pays it, with or without search.
    private static string RulesJson()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("drop");
            foreach (var (from, to) in DroppedRanges)
            {
                json.WriteStartArray();
                json.WriteStringValue(from.ToString());
                json.WriteStringValue(to.ToString());
                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteStartObject("replace");
            foreach (var (from, to) in Replacements)
            {
                json.WriteString(from.ToString(), to.ToString());
            }

            json.WriteEndObject();
            json.WriteStartArray("articles");
            foreach (var article in ArticlePrefixes)
            {
                json.WriteStringValue(article);
            }

            json.WriteEndArray();
            json.WriteNumber("minStem", MinStem);
            json.WriteStartArray("letters");
            json.WriteStringValue(LetterFirst.ToString());
            json.WriteStringValue(LetterLast.ToString());
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The text with each space-separated word normalized (<see cref="Word(string)"/>).</summary>
    public static string Normalize(string text)
    {
        var words = text.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = Word(words[i]);
        }

        return string.Join(' ', words);
    }

    /// <summary>One word in the form the index keeps.</summary>
    public static string Word(string word)
    {
        Span<char> buffer = word.Length <= 128 ? stackalloc char[word.Length] : new char[word.Length];
        var form = Word(word, buffer);
        return form.SequenceEqual(word) ? word : form.ToString();
    }

    /// <summary>
    /// One word in the form the index keeps, written into <paramref name="buffer"/> (as long as the word):
    /// the part of it that holds the form. The build normalizes millions of words; this allocates nothing.
    /// </summary>
    public static ReadOnlySpan<char> Word(ReadOnlySpan<char> word, Span<char> buffer)
    {
        if (!word.ContainsAnyInRange(BlockFirst, BlockLast))
        {
            // No Arabic: nothing to change (most words of an English study).
            return word;
        }

        var length = 0;
        foreach (var c in word)
        {
            if (c is < BlockFirst or > BlockLast)
            {
                buffer[length++] = c;
            }
            else if (Block[c - BlockFirst] is not '\0' and var to)
            {
                buffer[length++] = to;
            }
        }

        return StripArticle(buffer[..length]);
    }

    private static bool Dropped(char c)
    {
        foreach (var (from, to) in DroppedRanges)
        {
            if (c >= from && c <= to)
            {
                return true;
            }
        }

        return false;
    }

    // The article is looked for after any opening punctuation, so «التحالف» and (التحالف meet تحالف too;
    // the punctuation stays where it was (moved up over the article).
    private static Span<char> StripArticle(Span<char> word)
    {
        var start = 0;
        while (start < word.Length && !char.IsLetterOrDigit(word[start]))
        {
            start++;
        }

        if (start == word.Length || !ArticleStarts.Contains(word[start]))
        {
            return word;
        }

        foreach (var prefix in ArticlePrefixes)
        {
            var rest = start + prefix.Length;
            if (word[start..].StartsWith(prefix, StringComparison.Ordinal) && rest < word.Length
                && CountLetters(word, rest) >= MinStem && word[rest] is >= LetterFirst and <= LetterLast)
            {
                word[..start].CopyTo(word[prefix.Length..]);
                return word[prefix.Length..];
            }
        }

        return word;
    }

    private static int CountLetters(ReadOnlySpan<char> word, int from)
    {
        var count = 0;
        for (var i = from; i < word.Length && char.IsLetterOrDigit(word[i]); i++)
        {
            count++;
        }

        return count;
    }
}
