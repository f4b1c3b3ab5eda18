using Markdig;
using Markdig.Extensions.AutoIdentifiers;

namespace ResearchSite.Bench;

/// <summary>
/// The floor: what bare Markdig takes for the corpus's studies, the least any Markdig-based generator can do.
/// Each study is read, parsed with the extensions the site's Markdown needs (front matter skipped, footnotes,
/// auto ids, pipe tables), rendered and written as its own index.html, in parallel on every core. No
/// template, listing, note linking or metadata: the site's own work on top of this is what the ratios show.
/// </summary>
public static class Floor
{
    public static int Build(string corpus, string output)
    {
        var pipeline = new MarkdownPipelineBuilder()
            .UseYamlFrontMatter()
            .UseFootnotes()
            .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
            .UsePipeTables()
            .Build();
        var articles = Path.Combine(corpus, "articles");
        var files = Directory.GetFiles(articles, "*.md", SearchOption.AllDirectories);
        Parallel.ForEach(files, file =>
        {
            var html = Markdown.ToHtml(File.ReadAllText(file), pipeline);
            var folder = Path.Combine(output, Path.ChangeExtension(Path.GetRelativePath(articles, file), null));
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "index.html"), html);
        });
        Console.WriteLine($"Built {files.Length} pages");
        return 0;
    }
}
