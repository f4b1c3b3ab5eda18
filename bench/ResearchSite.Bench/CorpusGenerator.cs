using System.Globalization;
using System.Text;

namespace ResearchSite.Bench;

/// <summary>
/// A seeded synthetic bilingual series in the authoring format: Arabic studies of about 1,500 words
/// with 6 h2 sections, h3 subsections, lists and about 10 notes each (archive convention), half of
/// them with an English translation (Markdown footnotes); 40 authors, 8 units, 12 categories.
/// </summary>
public static class CorpusGenerator
{
    private static readonly string[] ArabicWords =
        "التحالف الدولي العراق سوريا الأمن الإرهاب التنظيم القوات الانسحاب الحكومة المنطقة السياسة الاستقرار العمليات الفصائل الدعم الاتفاق المرحلة التهديد المخاوف الإقليمية الحدود المخيمات التعاون التدريب المعلومات الاستراتيجية البرلمان القرار الوجود الولايات المتحدة بغداد واشنطن الاقتصاد الطاقة النفط الموارد المجتمع الشباب التعليم الإعلام الدعاية التمويل المقاتلين الأجانب"
            .Split(' ');

    private static readonly string[] EnglishWords =
        "coalition international Iraq Syria security terrorism organization forces withdrawal government region policy stability operations factions support agreement phase threat fears regional border camps cooperation training intelligence strategy parliament decision presence United States Baghdad Washington economy energy oil resources society youth education media propaganda financing fighters foreign"
            .Split(' ');

    public static void Write(string root, int articles, int seed = 42, bool figures = false)
    {
        var random = new Random(seed);
        Directory.CreateDirectory(Path.Combine(root, "data"));
        Directory.CreateDirectory(Path.Combine(root, "articles", "ar"));
        Directory.CreateDirectory(Path.Combine(root, "articles", "en"));
        File.WriteAllText(Path.Combine(root, "site.yml"), "title: { ar: سلسلة الدراسات, en: Studies Series }\nbase_url: https://research.example.org/\ndefault_language: ar\nlanguages: [ar, en]\npage_size: 20\ndigits: latin\n");

        var units = new StringBuilder();
        for (var u = 1; u <= 8; u++)
        {
            units.Append(CultureInfo.InvariantCulture, $"unit-{u}: {{ ar: وحدة {Word(random, ArabicWords)} {u}, en: Unit {u} of {Word(random, EnglishWords)} }}\n");
        }

        File.WriteAllText(Path.Combine(root, "data", "units.yml"), units.ToString());
        var categories = new StringBuilder();
        for (var c = 1; c <= 12; c++)
        {
            categories.Append(CultureInfo.InvariantCulture, $"category-{c}: {{ ar: تصنيف {Word(random, ArabicWords)} {c}, en: Category {c} {Word(random, EnglishWords)} }}\n");
        }

        File.WriteAllText(Path.Combine(root, "data", "categories.yml"), categories.ToString());
        var authors = new StringBuilder();
        for (var a = 1; a <= 40; a++)
        {
            authors.Append(CultureInfo.InvariantCulture, $"author-{a}:\n  name: {{ ar: باحث {a} {Word(random, ArabicWords)}, en: Researcher {a} }}\n  role: {{ ar: باحث, en: Researcher }}\n  unit: unit-{1 + (a % 8)}\n  bio: {{ ar: نبذة عن الباحث {a}., en: About researcher {a}. }}\n");
        }

        File.WriteAllText(Path.Combine(root, "data", "authors.yml"), authors.ToString());

        var start = new DateOnly(2015, 1, 1);
        for (var i = 1; i <= articles; i++)
        {
            var author = 1 + random.Next(40);
            var category = 1 + random.Next(12);
            var second = 1 + random.Next(12);
            var date = start.AddDays(random.Next(3650)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var slug = string.Create(CultureInfo.InvariantCulture, $"study-{i:D5}");
            var front = $"---\ntitle: \"{Sentence(random, ArabicWords, 8)}\"\nauthor: author-{author}\ncategory: [category-{category}, category-{second}]\ndate: {date}\nsummary: \"{Sentence(random, ArabicWords, 30)}\"\n---\n\n";
            var arabicFigures = figures ? CorpusFigures.Write(root, slug, i, "شكل") : string.Empty;
            File.WriteAllText(Path.Combine(root, "articles", "ar", slug + ".md"), front + arabicFigures + Body(random, ArabicWords, legacyNotes: true));
            if (i % 2 == 0)
            {
                var enFront = $"---\ntitle: \"{Sentence(random, EnglishWords, 8)}\"\nauthor: author-{author}\ncategory: [category-{category}, category-{second}]\ndate: {date}\nsummary: \"{Sentence(random, EnglishWords, 30)}\"\n---\n\n";
                var englishFigures = figures ? CorpusFigures.Markdown(slug, "Figure") : string.Empty;
                File.WriteAllText(Path.Combine(root, "articles", "en", slug + ".md"), enFront + englishFigures + Body(random, EnglishWords, legacyNotes: false));
            }
        }
    }

    private static string Body(Random random, string[] words, bool legacyNotes)
    {
        var body = new StringBuilder();
        var note = 0;
        string Cite() => legacyNotes ? $"[{++note}]" : $"[^{++note}]";
        for (var section = 1; section <= 6; section++)
        {
            body.Append("## ").Append(Sentence(random, words, 5)).Append("\n\n");
            body.Append(Paragraph(random, words, 80)).Append(section <= 5 ? Cite() : string.Empty).Append("\n\n");
            body.Append("### ").Append(Sentence(random, words, 4)).Append("\n\n");
            body.Append(Paragraph(random, words, 70)).Append(Cite()).Append("\n\n");
            for (var item = 0; item < 3; item++)
            {
                body.Append("- ").Append(Sentence(random, words, 12)).Append('\n');
            }

            body.Append('\n').Append(Paragraph(random, words, 70)).Append("\n\n");
        }

        body.Append(legacyNotes ? "المصادر:\n" : string.Empty);
        for (var n = 1; n <= note; n++)
        {
            body.Append(legacyNotes ? $"[{n}] " : $"[^{n}]: ").Append(Sentence(random, words, 10)).Append(CultureInfo.InvariantCulture, $"، https://example.org/source/{n}\n");
        }

        return body.ToString();
    }

    private static string Word(Random random, string[] words) => words[random.Next(words.Length)];

    private static string Sentence(Random random, string[] words, int count) =>
        string.Join(' ', Enumerable.Range(0, count).Select(_ => Word(random, words)));

    private static string Paragraph(Random random, string[] words, int count) => Sentence(random, words, count) + ".";
}
