using ResearchSite.Build;
using ResearchSite.Tests.Markdown.Figures;

namespace ResearchSite.Tests.Images;

/// <summary>The files made of a figure: sizes, formats, no metadata, and made once (the cache).</summary>
public class ImageVariantTests
{
    // Force: these tests are about the image cache in whole builds, which a rebuild with nothing changed skips.
    private static BuildResult Build(FixtureSite site, string cache) =>
        BuildPipeline.Run(new BuildOptions(site.Input, Some.Theme, site.Output, false, null) { CacheDir = cache, Force = true });

    [Fact]
    public void A_field_photo_is_published_without_its_camera_or_gps_data_and_in_srgb()
    {
        using var site = FigureTests.Study();
        Assert.True(site.Build().Succeeded);

        var folder = site.OutputFile("ar/articles/study");
        var variants = Directory.GetFiles(folder, "figure-1-*").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            ["figure-1-1200.jpg", "figure-1-1200.webp", "figure-1-1600.jpg", "figure-1-1600.webp", "figure-1-480.jpg", "figure-1-480.webp", "figure-1-800.jpg", "figure-1-800.webp"],
            variants.Select(Path.GetFileName));
        foreach (var variant in variants)
        {
            var (_, width, height, fields) = TestImages.Read(variant);
            Assert.Equal(Math.Round(width * 1600 / 2400.0), height, 0);
            Assert.DoesNotContain(fields, f => f.StartsWith("exif", StringComparison.Ordinal) || f.StartsWith("xmp", StringComparison.Ordinal) || f.StartsWith("iptc", StringComparison.Ordinal) || f.StartsWith("icc", StringComparison.Ordinal));
            var bytes = File.ReadAllBytes(variant);
            Assert.Equal(-1, bytes.AsSpan().IndexOf("FieldCam"u8));
            Assert.Equal(-1, bytes.AsSpan().IndexOf("SN-4471"u8));
        }

        // The original published under /files/ (linked by an inline image, or typed into a browser) has
        // lost them too, and is still the whole photo.
        var original = site.OutputFile("files/figures/photo.jpg");
        var published = TestImages.Read(original);
        Assert.DoesNotContain(published.Fields, f => f.StartsWith("exif", StringComparison.Ordinal) || f.StartsWith("xmp", StringComparison.Ordinal) || f.StartsWith("iptc", StringComparison.Ordinal));
        Assert.Equal(-1, File.ReadAllBytes(original).AsSpan().IndexOf("FieldCam"u8));
        Assert.Equal(2400, published.Width);

        // The source had them: the test would prove nothing otherwise.
        var source = File.ReadAllBytes(Path.Combine(site.Input, "assets/figures/photo.jpg"));
        Assert.NotEqual(-1, source.AsSpan().IndexOf("FieldCam"u8));
        Assert.Contains(TestImages.Read(Path.Combine(site.Input, "assets/figures/photo.jpg")).Fields, f => f == "icc-profile-data");
    }

    /// <summary>
    /// A photo stored on its side with an EXIF orientation (as phones save them) is shown upright, whatever its
    /// format: the page gives its upright size, each variant is as wide as its srcset says, and the copy under
    /// /files/, which loses the EXIF that said how to turn it, is turned itself.
    /// </summary>
    [Theory]
    [InlineData("jpg")]
    [InlineData("webp")]
    [InlineData("png")]
    public void A_photo_turned_by_its_exif_orientation_is_published_upright_in_every_format(string format)
    {
        var file = $"assets/figures/upright.{format}";
        using var site = Some.Site()
            .Bytes(file, TestImages.TurnedPhoto(format))
            .Article("en", "study", Some.FrontMatter(title: "A Study"), $"![A photo taken upright](../../{file} \"Upright\")\n\nAnd inline ![the same](../../{file}).\n");
        var result = site.Build();
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));

        // The source is stored on its side and says so: the test would prove nothing otherwise.
        using (var source = NetVips.Image.NewFromFile(Path.Combine(site.Input, file)))
        {
            Assert.Equal((1200, 800, 6), (source.Width, source.Height, (int)source.Get("orientation")));
        }

        var img = site.Page("en/articles/study/index.html").QuerySelector("#figure-1 picture img")!;
        Assert.Equal(("800", "1200"), (img.GetAttribute("width"), img.GetAttribute("height")));
        foreach (var candidate in img.ParentElement!.QuerySelectorAll("[srcset]").SelectMany(e => e.GetAttribute("srcset")!.Split(", ")))
        {
            var parts = candidate.Split(' ');
            var (_, width, height, _) = TestImages.Read(site.OutputFile(parts[0].TrimStart('/')));
            Assert.Equal(parts[1], $"{width}w");
            Assert.Equal(Math.Round(width * 1.5), height, 0);
        }

        var published = TestImages.Read(site.OutputFile($"files/figures/upright.{format}"));
        Assert.Equal((800, 1200), (published.Width, published.Height));
        Assert.DoesNotContain(published.Fields, f => f.StartsWith("exif", StringComparison.Ordinal) || f == "orientation");
    }

    [Fact]
    public void A_rebuild_encodes_nothing_that_did_not_change_and_a_changed_image_only_its_own_files()
    {
        using var site = FigureTests.Study();
        var cache = Path.Combine(site.Root, "cache");
        var first = Build(site, cache);
        Assert.True(first.Succeeded, string.Join('\n', first.Diagnostics));

        // 8 variants of the photo, 6 of the 900 px chart, the study's social card unless another test drew the same one,
        // and the originals published under /files/ without their metadata (the photo, and the two PNGs libvips wrote with theirs).
        Assert.InRange(first.ImagesEncoded, 17, 18);
        Assert.Equal(18, Directory.GetFiles(cache, "*", SearchOption.AllDirectories).Count(f => Path.GetFileName(f) != ResearchSite.Images.ImageIndex.FileName && Path.GetFileName(Path.GetDirectoryName(f)) != ResearchSite.Build.Incremental.BuildRecord.Folder));
        var before = Directory.GetFiles(site.Output, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);

        var again = Build(site, cache);
        Assert.Equal(0, again.ImagesEncoded);
        Assert.All(before, f => Assert.Equal(f.Value, File.ReadAllBytes(f.Key)));

        // Another chart, as wide: the page stays as it was, the chart's six files are made again.
        site.Bytes("assets/figures/chart.png", TestImages.Png(900, 500));
        var changed = Build(site, cache);
        Assert.InRange(changed.ImagesEncoded, 6, 7);
        Assert.Equal("500", site.Page("ar/articles/study/index.html").QuerySelector("#figure-2 img")!.GetAttribute("height"));
    }

    [Fact]
    public void A_rebuild_knows_unchanged_sources_by_their_stamp_and_copies_cached_files_without_reading_them()
    {
        using var site = FigureTests.Study();
        var cache = Path.Combine(site.Root, "cache");
        Assert.True(Build(site, cache).Succeeded);

        // Bytes that are no image, with the photo's length and last-write time: a build that read the photo
        // again would fail on them, one that knows it by its stamp does not look.
        var photo = Path.Combine(site.Input, "assets/figures/photo.jpg");
        var stamp = File.GetLastWriteTimeUtc(photo);
        File.WriteAllBytes(photo, new byte[new FileInfo(photo).Length]);
        File.SetLastWriteTimeUtc(photo, stamp);
        var again = Build(site, cache);
        Assert.True(again.Succeeded, string.Join('\n', again.Diagnostics));
        Assert.Equal(0, again.ImagesEncoded);

        // Each variant and card is a copy of the cache's file with its last-write time, by which the next
        // build sees it is in place without reading either.
        var cached = Directory.GetFiles(cache, "*.*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".log", StringComparison.Ordinal))
            .ToLookup(f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));
        var published = Directory.GetFiles(site.OutputFile("ar/articles/study"), "*.*").Where(f => !f.EndsWith(".html", StringComparison.Ordinal) && Path.GetFileName(f).StartsWith("figure-", StringComparison.Ordinal) || Path.GetFileName(f) == "card.png").ToList();
        Assert.Equal(15, published.Count);
        foreach (var file in published)
        {
            var source = Assert.Single(cached[Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)))]);
            Assert.Equal(File.GetLastWriteTimeUtc(source), File.GetLastWriteTimeUtc(file));
        }
    }

    private static string Inode(string path)
    {
        var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%d:%i", path]) { RedirectStandardOutput = true })!;
        var identity = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        Assert.Equal(0, stat.ExitCode);
        return identity;
    }

    [Fact]
    public void Cached_files_are_published_as_read_only_links_and_an_edit_or_deletion_in_output_never_reaches_the_next_site()
    {
        using var site = FigureTests.Study();
        var cache = Path.Combine(site.Root, "cache");
        Assert.True(Build(site, cache).Succeeded);
        Assert.True(Build(site, cache).Succeeded);
        var folder = site.OutputFile("ar/articles/study");
        var first = Directory.GetFiles(site.Output, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(site.Output, f), File.ReadAllBytes);
        var cached = Directory.GetFiles(cache, "*.*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".log", StringComparison.Ordinal))
            .ToDictionary(Inode, f => f);

        // Every variant and card, and the photo published without its metadata, is a second name of the
        // cache's file (no bytes copied), which nobody but root may write.
        var published = Directory.GetFiles(folder, "figure-*").Append(Path.Combine(folder, "card.png")).Append(site.OutputFile("files/figures/photo.jpg")).ToList();
        Assert.Equal(16, published.Count);
        foreach (var file in published)
        {
            Assert.True(cached.ContainsKey(Inode(file)), $"{file} is not a link of the cache");
            Assert.Equal(UnixFileMode.None, new FileInfo(file).UnixFileMode & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite));
        }

        // The input's own files are copies: editing the site never edits the input.
        Assert.NotEqual(Inode(Path.Combine(site.Input, "assets/figures/diagram.svg")), Inode(site.OutputFile("files/figures/diagram.svg")));

        // Root writes into a read-only file: through output/ into the cache. Another is deleted.
        var edited = Path.Combine(folder, "figure-1-800.webp");
        var editedSource = cached[Inode(edited)];
        var deleted = Path.Combine(folder, "card.png");
        var deletedSource = cached[Inode(deleted)];
        var deletedBytes = File.ReadAllBytes(deletedSource);
        File.WriteAllBytes(edited, "edited through output/"u8.ToArray());
        File.Delete(deleted);
        Assert.Equal(deletedBytes, File.ReadAllBytes(deletedSource));

        // Builds after it (each reusing a folder of the builds before) publish what a build from scratch does;
        // the cache's file that was written through is made again, once.
        var again = Build(site, cache);
        Assert.True(again.Succeeded, string.Join('\n', again.Diagnostics));
        Assert.Equal(1, again.ImagesEncoded);
        Assert.Equal(first[Path.GetRelativePath(site.Output, edited)], File.ReadAllBytes(editedSource));
        for (var build = 0; build < 2; build++)
        {
            var now = Directory.GetFiles(site.Output, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(site.Output, f), File.ReadAllBytes);
            Assert.Equal(first.Keys.Order(StringComparer.Ordinal), now.Keys.Order(StringComparer.Ordinal));
            Assert.All(first, f => Assert.Equal(f.Value, now[f.Key]));
            Assert.Equal(Inode(editedSource), Inode(edited));
            Assert.True(Build(site, cache).Succeeded);
        }
    }

    [Fact]
    public void A_cached_file_cut_short_or_overwritten_is_made_again_and_never_published()
    {
        using var site = FigureTests.Study();
        var cache = Path.Combine(site.Root, "cache");
        Assert.True(Build(site, cache).Succeeded);
        var folder = site.OutputFile("ar/articles/study");
        var first = Directory.GetFiles(folder, "figure-*").ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

        var files = Directory.GetFiles(Path.Combine(cache, "figures"), "*.*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var cut = files[0];
        var overwritten = files[1];
        var bytes = File.ReadAllBytes(cut);
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        File.WriteAllBytes(overwritten, new byte[new FileInfo(overwritten).Length]);

        var again = Build(site, cache);
        Assert.True(again.Succeeded, string.Join('\n', again.Diagnostics));
        Assert.Equal(2, again.ImagesEncoded);
        Assert.All(first, f => Assert.Equal(f.Value, File.ReadAllBytes(Path.Combine(folder, f.Key))));
        Assert.Equal(bytes, File.ReadAllBytes(cut));
    }

    [Fact]
    public void The_cache_may_not_lie_in_the_output_or_input_folder()
    {
        using var site = FigureTests.Study();
        var (code, _, err) = Some.Cli("build", "--input", site.Input, "--theme", Some.Theme, "--output", site.Output, "--cache", Path.Combine(site.Output, "cache"));
        Assert.Equal(2, code);
        Assert.Contains("overlaps the output folder", err, StringComparison.Ordinal);
        (code, _, err) = Some.Cli("build", "--input", site.Input, "--theme", Some.Theme, "--output", site.Output, "--cache", Path.Combine(site.Input, "assets", "cache"));
        Assert.Equal(2, code);
        Assert.Contains("overlaps the input folder", err, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_libvips_fails_on_while_encoding_is_an_error_at_the_figure_s_line_and_leaves_the_previous_site_as_it_was()
    {
        using var site = FigureTests.Study();
        var cache = Path.Combine(site.Root, "cache");
        string[] build = ["build", "--input", site.Input, "--theme", Some.Theme, "--output", site.Output, "--no-search", "--no-pdf", "--cache", cache];
        Assert.Equal(0, Some.Cli(build).Code);
        var before = site.Snapshot();

        // The photo replaced by bytes no decoder reads, with its length and last-write time kept: the index
        // vouches for it as checked (as for any edit that keeps both), and the cache has lost its files.
        var photo = Path.Combine(site.Input, "assets", "figures", "photo.jpg");
        var stamp = File.GetLastWriteTimeUtc(photo);
        File.WriteAllBytes(photo, new byte[new FileInfo(photo).Length]);
        File.SetLastWriteTimeUtc(photo, stamp);
        foreach (var folder in Directory.GetDirectories(cache))
        {
            Directory.Delete(folder, recursive: true);
        }

        var (code, output, errors) = Some.Cli(build);
        Assert.Equal(1, code);
        var lines = (output + errors).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains("study.md(10,1): error: the image '", StringComparison.Ordinal) && l.Contains("photo.jpg' passed its checks but libvips failed to make 'ar/articles/study/figure-1-", StringComparison.Ordinal));
        // Its copy under /files/ (saved without its GPS data) is an error at the file.
        Assert.Contains(lines, l => l.Contains("photo.jpg(1,1): error: the image '", StringComparison.Ordinal) && l.Contains("failed to make 'files/figures/photo.jpg'", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("   at ", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal));
        Assert.Equal(before, site.Snapshot());
    }

    [Fact]
    public void A_cache_folder_that_cannot_be_written_costs_no_error_and_no_second_encoding()
    {
        using var site = FigureTests.Study();
        var cache = Path.Combine(site.Root, "cache");
        // A file where the figures' folder of the cache goes: no variant can be stored (root ignores permissions).
        Directory.CreateDirectory(cache);
        File.WriteAllText(Path.Combine(cache, "figures"), "in the way");
        var result = Build(site, cache);
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        Assert.Equal(480, TestImages.Read(site.OutputFile("ar/articles/study/figure-1-480.webp")).Width);

        // Each file encoded once, as with a cache that can be written.
        using var twin = FigureTests.Study();
        var written = Build(twin, Path.Combine(twin.Root, "cache"));
        Assert.True(written.Succeeded);
        Assert.Equal(written.ImagesEncoded, result.ImagesEncoded);
    }
}
