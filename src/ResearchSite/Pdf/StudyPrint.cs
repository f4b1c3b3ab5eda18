using System.Security.Cryptography;
using System.Text.Json;
using ResearchSite.Content;
using ResearchSite.Site;
using ResearchSite.Templates;
using ResearchSite.Text;

namespace ResearchSite.Pdf;

/// <summary>An image the PDF shows: the site URL the study uses, the file, and where the compiler sees it.</summary>
public sealed record PrintImage(string Url, string RealPath, string Shadow);

/// <summary>One study version to typeset: its data for the template, the images it shows, and the hash of all that.</summary>
/// <param name="File">The study's Markdown file, named by errors.</param>
/// <param name="Path">The study page's path (the PDF is its companion).</param>
/// <param name="Study">The data the template walks (JSON).</param>
/// <param name="Images">The images mapped into the compiler.</param>
/// <param name="Hash">Of the data, the images' bytes and the template and fonts (<see cref="Typesetter.TemplateDigest"/>): the cache key.</param>
public sealed record PrintJob(string File, string Path, string Study, IReadOnlyList<PrintImage> Images, string Hash);

/// <summary>
/// What the PDF of a study holds besides its body: the title block, running header, labels and
/// metadata, in the study's language and digits, with the rendered body (<see cref="Markdown.Print.PrintRenderer"/>).
/// </summary>
public static class StudyPrint
{
    private const int ShortTitleLength = 70;

    public static PrintJob Job(Article article, SiteConfig config, UiStrings strings, Pages.Routes routes, IReadOnlyDictionary<string, string> files, string templateDigest)
    {
        var lang = article.Language.Code;
        var localizer = new Localizer(article.Language, config.Digits);
        var images = new List<PrintImage>();
        var read = new List<byte[]>();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(article.Rendered.PrintJson?.Length + 2048 ?? 4096);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("lang", lang);
            json.WriteString("dir", article.Language.RightToLeft ? "rtl" : "ltr");
            json.WriteString("digits", localizer.Number("0123456789"));
            json.WriteString("series", config.Title.Get(lang));
            json.WriteString("title", article.Title);
            json.WriteString("short_title", Excerpt.Shorten(article.Title, ShortTitleLength));
            json.WriteStartArray("authors");
            foreach (var author in article.Authors)
            {
                json.WriteStartObject();
                json.WriteString("name", author.Name.Get(lang));
                if (!author.Role.IsEmpty)
                {
                    json.WriteString("role", author.Role.Get(lang));
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("unit", article.Unit.Name.Get(lang));
            json.WriteString("date", localizer.Date(article.Date));
            if (article.Summary is { } summary)
            {
                json.WriteString("summary", summary);
            }

            if (Pages.PagePlanner.SeriesNumber(article, strings, localizer) is { } number)
            {
                json.WriteString("number", number);
            }

            json.WriteStartArray("key_points");
            foreach (var point in article.KeyPoints)
            {
                json.WriteStringValue(point);
            }

            json.WriteEndArray();
            json.WriteString("subject", article.Summary ?? Excerpt.Shorten(article.Rendered.FirstParagraph, 300));
            json.WriteStartArray("keywords");
            foreach (var keyword in article.Categories.Select(c => c.Name.Get(lang)).Concat(article.Tags).Distinct())
            {
                json.WriteStringValue(keyword);
            }

            json.WriteEndArray();
            json.WriteStartObject("labels");
            foreach (var key in new[] { "unit", "published", "contents", "summary", "key_points" })
            {
                json.WriteString(key, strings.Get(article.Language, key));
            }

            json.WriteEndObject();
            json.WriteString("url", routes.Absolute(article.Path));
            json.WriteString("origin", config.BaseUrl.GetLeftPart(UriPartial.Authority));
            json.WriteBoolean("toc", article.Rendered.Toc.Count > 0);
            json.WriteStartObject("images");
            foreach (var url in ImageUrls(article.Rendered.PrintJson))
            {
                if (routes.FromHref(url) is { } path && files.TryGetValue(path, out var real) && images.All(i => i.Url != url)
                    && ReadOrEmpty(real) is var bytes && Printable(bytes))
                {
                    var shadow = $"/images/{images.Count}{System.IO.Path.GetExtension(real).ToLowerInvariant()}";
                    images.Add(new PrintImage(url, real, shadow));
                    read.Add(bytes);
                    json.WriteString(url, shadow);
                }
            }

            json.WriteEndObject();
            json.WritePropertyName("body");
            json.WriteRawValue(article.Rendered.PrintJson ?? """{"blocks":[],"notes":[]}"""u8, skipInputValidation: true);
            json.WriteEndObject();
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(templateDigest));
        hash.AppendData(buffer.WrittenSpan);
        foreach (var bytes in read)
        {
            hash.AppendData(bytes);
        }

        return new PrintJob(article.File, article.Path, System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan), images, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>The URLs of the figures in a rendered body.</summary>
    private static IEnumerable<string> ImageUrls(byte[]? body)
    {
        if (body is null || body.AsSpan().IndexOf("\"figure\""u8) < 0)
        {
            return [];
        }

        var urls = new List<string>();
        var reader = new Utf8JsonReader(body);
        var figure = false;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("t"u8) && reader.Read())
            {
                figure = reader.ValueTextEquals("figure"u8);
            }
            else if (figure && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("src"u8) && reader.Read())
            {
                urls.Add(reader.GetString() ?? string.Empty);
                figure = false;
            }
        }

        return urls;
    }

    /// <summary>
    /// Whether Typst can show the image: the site publishes AVIF figures too, which Typst does not read. Any
    /// other prints as its alt text, as a figure whose file is missing does, rather than failing the PDF.
    /// </summary>
    private static bool Printable(ReadOnlySpan<byte> bytes) =>
        Images.ImageProbe.Sniff(bytes) is Images.ImageFormat.Jpeg or Images.ImageFormat.Png or Images.ImageFormat.Gif or Images.ImageFormat.Webp or Images.ImageFormat.Svg;

    private static byte[] ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
