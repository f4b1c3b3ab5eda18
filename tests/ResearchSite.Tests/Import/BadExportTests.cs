using ResearchSite.Cli;

namespace ResearchSite.Tests.Import;

/// <summary>Exports that cannot be imported end in one clear error, with nothing written.</summary>
public sealed class BadExportTests
{
    private static (int Code, string Out, string Err, bool Untouched) Run(string xml)
    {
        using var site = Some.Site();
        var before = WordPressImportTests.Snapshot(site.Input);
        var export = Path.Combine(site.Root, "export.xml");
        File.WriteAllText(export, xml);
        var (code, output, error) = Samples.Import(site, "import", "wordpress", export);
        return (code, output, error, before.SequenceEqual(WordPressImportTests.Snapshot(site.Input)) && !File.Exists(Path.Combine(site.Root, "import-report.md")));
    }

    [Fact]
    public void A_file_that_is_not_a_wordpress_export_is_an_error()
    {
        var (code, _, error, untouched) = Run("<?xml version=\"1.0\"?>\n<html><body>not an export</body></html>");
        Assert.Equal(Program.ContentErrors, code);
        Assert.Matches(@"export\.xml\(2,1\): error: this is not a WordPress export \(WXR\)", error);
        Assert.True(untouched);
    }

    [Fact]
    public void Malformed_xml_is_an_error_at_its_line()
    {
        var xml = File.ReadAllText(Samples.Export).Replace("<wp:post_id>203</wp:post_id>", "<wp:post_id>203</wp:postid>", StringComparison.Ordinal);
        var line = xml[..xml.IndexOf("</wp:postid>", StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        var (code, _, error, untouched) = Run(xml);
        Assert.Equal(Program.ContentErrors, code);
        Assert.Contains($"export.xml({line},", error, StringComparison.Ordinal);
        Assert.Contains("not well-formed XML", error, StringComparison.Ordinal);
        Assert.True(untouched);
    }

    [Fact]
    public void A_truncated_export_says_so()
    {
        var xml = File.ReadAllText(Samples.Export);
        var (code, _, error, untouched) = Run(xml[..(xml.Length / 2)]);
        Assert.Equal(Program.ContentErrors, code);
        Assert.Contains("looks truncated", error, StringComparison.Ordinal);
        Assert.True(untouched);
    }

    [Fact]
    public void An_export_with_a_dtd_is_refused_and_no_entity_is_read()
    {
        var secret = Path.Combine(Path.GetTempPath(), "researchsite-xxe-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(secret, "SECRET-CONTENT");
        try
        {
            var xml = File.ReadAllText(Samples.Export)
                .Replace("<rss version", $"<!DOCTYPE rss [<!ENTITY leak SYSTEM \"file://{secret}\">]>\n<rss version", StringComparison.Ordinal)
                .Replace("<p>نص تجريبي.</p>", "<p>&leak;</p>", StringComparison.Ordinal);
            var (code, output, error, untouched) = Run(xml);
            Assert.Equal(Program.ContentErrors, code);
            Assert.Contains("declares a DTD, which is never read", error, StringComparison.Ordinal);
            Assert.DoesNotContain("SECRET-CONTENT", output + error, StringComparison.Ordinal);
            Assert.True(untouched);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public void An_unknown_wxr_version_is_a_warning_and_the_posts_come_in()
    {
        var (code, output, _, _) = Run(File.ReadAllText(Samples.Export).Replace("<wp:wxr_version>1.2</wp:wxr_version>", "<wp:wxr_version>9.0</wp:wxr_version>", StringComparison.Ordinal));
        Assert.Equal(Program.Success, code);
        Assert.Contains("warning: the export says WXR version '9.0'", output, StringComparison.Ordinal);
        Assert.Contains("Imported 5 article(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_export_or_uploads_folder_is_a_command_line_error()
    {
        using var site = Some.Site();
        Assert.Equal(Program.UsageError, Samples.Import(site, "import", "wordpress", Path.Combine(site.Root, "nope.xml")).Code);
        Assert.Equal(Program.UsageError, Samples.Import(site, "import", "wordpress", Samples.Export, "--uploads", Path.Combine(site.Root, "nope")).Code);
        Assert.Equal(Program.UsageError, Samples.Import(site, "import", "text").Code);
        Assert.Empty(Directory.GetFiles(Path.Combine(site.Input, "articles", "ar")));
    }

    [Fact]
    public void A_post_without_a_title_is_skipped_with_a_warning_naming_its_id()
    {
        var (code, output, _, _) = Run(File.ReadAllText(Samples.Export).Replace("<title><![CDATA[تمويل الجماعات المسلحة]]></title>", "<title></title>", StringComparison.Ordinal));
        Assert.Equal(Program.Success, code);
        Assert.Matches(@"warning: '\(no title\)' \(id 204, line \d+\) has no title", output);
    }
}
