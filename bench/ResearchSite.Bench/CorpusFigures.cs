using System.Globalization;
using NetVips;

namespace ResearchSite.Bench;

/// <summary>
/// Three figures per study for the --figures corpus, each its own file (the cache keys by content, so shared
/// images would flatter it): a field photo (JPEG, 2,000 px, with noise as photos have), a chart (PNG, 1,000 px)
/// and a diagram (SVG).
/// </summary>
public static class CorpusFigures
{
    /// <summary>Writes the study's images under assets/figures/&lt;slug&gt;/ and returns the Markdown showing them.</summary>
    public static string Write(string root, string slug, int number, string word)
    {
        var folder = Path.Combine(root, "assets", "figures", slug);
        Directory.CreateDirectory(folder);
        using (var photo = Photo(2000, 1333, number))
        {
            photo.WriteToFile(Path.Combine(folder, "photo.jpg"), new VOption { { "Q", 85 } });
        }

        using (var chart = Chart(1000, 600, number))
        {
            chart.WriteToFile(Path.Combine(folder, "chart.png"));
        }

        var bars = string.Concat(Enumerable.Range(0, 6).Select(b => $"<rect x=\"{40 + (b * 100)}\" y=\"{300 - ((number * 37 + b * 53) % 250)}\" width=\"60\" height=\"{(number * 37 + b * 53) % 250}\" fill=\"#7a2e1f\"/>"));
        File.WriteAllText(Path.Combine(folder, "diagram.svg"), $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"680\" height=\"320\" viewBox=\"0 0 680 320\"><rect width=\"680\" height=\"320\" fill=\"#f3ebe4\"/>{bars}</svg>");
        return Markdown(slug, word);
    }

    /// <summary>The Markdown of a study's three figures (the same files from every language's version).</summary>
    public static string Markdown(string slug, string word) =>
        string.Create(CultureInfo.InvariantCulture, $"![{word}: photo](../../assets/figures/{slug}/photo.jpg \"{word} 1\")\n\n![{word}: chart](../../assets/figures/{slug}/chart.png \"{word} 2\")\n\n![{word}: diagram](../../assets/figures/{slug}/diagram.svg \"{word} 3\")\n\n");

    private static Image Photo(int width, int height, int seed)
    {
        using var noise = Image.Gaussnoise(width, height, mean: 128, sigma: 30 + (seed % 10));
        using var xy = Image.Xyz(width, height);
        using var x = xy[0];
        using var y = xy[1];
        using var r = (x * (200.0 / width)) + (noise * 0.3);
        using var g = (y * (200.0 / height)) + (noise * 0.2);
        using var b = ((x + y) * (100.0 / (width + height))) + ((seed * 13) % 100);
        using var rgb = r.Bandjoin(g, b);
        return rgb.Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
    }

    private static Image Chart(int width, int height, int seed)
    {
        using var paper = Image.Black(width, height, bands: 3).NewFromImage(253, 252, 249).Cast(Enums.BandFormat.Uchar);
        return paper.Mutate(m =>
        {
            for (var bar = 0; bar < 8; bar++)
            {
                var h = 50 + ((seed * 31 + bar * 71) % (height - 100));
                m.DrawRect([122, 46, 31], 60 + (bar * 115), height - h - 20, 80, h, fill: true);
            }
        }).Copy(interpretation: Enums.Interpretation.Srgb);
    }
}
