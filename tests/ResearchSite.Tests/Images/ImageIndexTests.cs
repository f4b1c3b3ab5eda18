using ResearchSite.Images;

namespace ResearchSite.Tests.Images;

/// <summary>The image cache's index: a log appended a line at a time, compacted when it is mostly dead lines.</summary>
public class ImageIndexTests
{
    private static int Lines(string log) => File.ReadAllLines(log).Length;

    [Fact]
    public void A_log_of_mostly_dead_lines_is_compacted_to_its_live_records_when_next_read()
    {
        using var site = Some.Site();
        var cache = Path.Combine(site.Root, "cache");
        var log = Path.Combine(cache, ImageIndex.FileName);
        Directory.CreateDirectory(Path.Combine(cache, "figures", "ab"));
        File.WriteAllText(Path.Combine(cache, "figures", "ab", "kept.webp"), "kept");

        // An image edited again and again, and a cached file since deleted: each recorded anew, every time.
        var index = new ImageIndex(cache);
        for (var edit = 0; edit < ImageIndex.CompactAt; edit++)
        {
            index.Add(ImageIndex.Kinds.Published, "photo", edit.ToString(System.Globalization.CultureInfo.InvariantCulture), "1", "-");
            index.Add(ImageIndex.Kinds.Stored, "figures/ab/kept.webp", "4", edit.ToString(System.Globalization.CultureInfo.InvariantCulture), "hash");
        }

        index.Add(ImageIndex.Kinds.Stored, "figures/cd/deleted.webp", "4", "1", "hash");
        Assert.Equal((2 * ImageIndex.CompactAt) + 1, Lines(log));

        // The next build (a new process) finds the last of each, and leaves one line per live record.
        var next = new ImageIndex(cache);
        Assert.Equal(["1023", "1", "-"], Assert.IsType<string[]>(next.Find(ImageIndex.Kinds.Published, "photo")));
        Assert.Equal(["4", "1023", "hash"], Assert.IsType<string[]>(next.Find(ImageIndex.Kinds.Stored, "figures/ab/kept.webp")));
        Assert.Null(next.Find(ImageIndex.Kinds.Stored, "figures/cd/deleted.webp"));
        Assert.Equal(2, Lines(log));
        Assert.DoesNotContain(Directory.GetFiles(cache), f => f.EndsWith(".tmp", StringComparison.Ordinal));

        // Lines appended after it are read as before, by this process and the next.
        next.Add(ImageIndex.Kinds.Published, "map", "7", "1", "-");
        Assert.Equal(3, Lines(log));
        Assert.Equal(["7", "1", "-"], Assert.IsType<string[]>(new ImageIndex(cache).Find(ImageIndex.Kinds.Published, "map")));
        Assert.Equal(["1023", "1", "-"], Assert.IsType<string[]>(new ImageIndex(cache).Find(ImageIndex.Kinds.Published, "photo")));
    }

    [Fact]
    public void A_log_of_live_records_is_left_as_it_is()
    {
        using var site = Some.Site();
        var cache = Path.Combine(site.Root, "cache");
        var index = new ImageIndex(cache);
        for (var image = 0; image < ImageIndex.CompactAt + 10; image++)
        {
            index.Add(ImageIndex.Kinds.Published, $"image-{image}", "1", "1", "-");
        }

        var log = Path.Combine(cache, ImageIndex.FileName);
        var before = File.ReadAllBytes(log);
        Assert.NotNull(new ImageIndex(cache).Find(ImageIndex.Kinds.Published, "image-0"));
        Assert.Equal(before, File.ReadAllBytes(log));
    }
}
