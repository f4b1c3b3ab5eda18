using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using ResearchSite.Build;

namespace ResearchSite.Tests;

/// <summary>Test data: small sites written to a temporary folder and built with the real theme.</summary>
public static class Some
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Theme => Path.Combine(RepoRoot, "theme");

    private static string FindRepoRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "ResearchSite.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("ResearchSite.sln not found above the test binaries");
        }

        return dir;
    }

    public static FixtureSite Site() => new();

    /// <summary>A loopback port nothing listens on now, for a preview server under test.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static IDocument Html(string html) => new HtmlParser().ParseDocument(html);

    /// <summary>Runs the command line in-process, as a user would type it.</summary>
    public static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = ResearchSite.Cli.Program.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public static string FrontMatter(
        string title = "عنوان الدراسة",
        string author = "ilham-elnaggar",
        string category = "security-terrorism",
        string date = "2024-10-15",
        string? unit = null,
        string extra = "") =>
        $"---\ntitle: \"{title}\"\nauthor: {author}\n{(unit is null ? string.Empty : $"unit: {unit}\n")}category: {category}\ndate: {date}\n{extra}---\n";
}

/// <summary>A site on disk: site.yml, registries with a few authors, units and categories, and articles.</summary>
public sealed class FixtureSite : IDisposable
{
    public FixtureSite()
    {
        Root = Path.Combine(Path.GetTempPath(), "researchsite-tests", Guid.NewGuid().ToString("N"));
        Input = Path.Combine(Root, "input");
        Output = Path.Combine(Root, "output");
        Directory.CreateDirectory(Path.Combine(Input, "data"));
        Directory.CreateDirectory(Path.Combine(Input, "articles", "ar"));
        Directory.CreateDirectory(Path.Combine(Input, "articles", "en"));
        File("site.yml", "title: { ar: سلسلة الاختبار, en: Test Series }\nbase_url: https://research.example.org/\ndefault_language: ar\nlanguages: [ar, en]\npage_size: 3\ndigits: latin\n");
        File("data/units.yml", "terrorism-extremism: { ar: وحدة الإرهاب والتطرف, en: Terrorism and Extremism Unit }\nregional: { ar: وحدة الدراسات الإقليمية, en: Regional Studies Unit }\neconomy: { ar: وحدة الاقتصاد }\n");
        File("data/categories.yml", "security-terrorism: { ar: الدراسات الأمنية والإرهاب, en: Security and Terrorism Studies }\nreports: { ar: تقارير وملفات, en: Reports and Dossiers }\nenergy: { ar: الطاقة, en: Energy }\n");
        File("data/authors.yml", """
            ilham-elnaggar:
              name: { ar: إلهام النجار, en: Ilham El-Naggar }
              role: { ar: باحث مساعد, en: Research Assistant }
              unit: terrorism-extremism
              bio: { ar: باحثة في شؤون التطرف., en: Researcher on extremism. }
            omar-saleh:
              name: { ar: عمر صالح, en: Omar Saleh }
              role: { ar: باحث أول, en: Senior Researcher }
              unit: regional
            sara-adel:
              name: { ar: سارة عادل }
              unit: economy
            """);
    }

    public string Root { get; }

    /// <summary>A copy of the project's theme in the fixture's folder (as <paramref name="name"/>), for a test to edit; its path.</summary>
    public string CopyOfTheme(string name = "theme")
    {
        var theme = Path.Combine(Root, name);
        foreach (var file in Directory.EnumerateFiles(Some.Theme, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(theme, Path.GetRelativePath(Some.Theme, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            System.IO.File.Copy(file, copy);
        }

        return theme;
    }

    public string Input { get; }

    public string Output { get; }

    public FixtureSite File(string relativePath, string content)
    {
        var path = Path.Combine(Input, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content, new UTF8Encoding(false));
        return this;
    }

    public FixtureSite Bytes(string relativePath, byte[] content)
    {
        var path = Path.Combine(Input, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllBytes(path, content);
        return this;
    }

    public FixtureSite Article(string language, string slug, string frontMatter, string body = "## مقدمة\n\nنص.\n") =>
        File($"articles/{language}/{slug}.md", frontMatter + "\n" + body);

    public BuildResult Build(string? theme = null, bool drafts = false, string? output = null) =>
        BuildPipeline.Run(new BuildOptions(Input, theme ?? Some.Theme, output ?? Output, drafts, null));

    public string OutputFile(string relativePath) => Path.Combine(Output, relativePath);

    public IDocument Page(string relativePath) =>
        Some.Html(System.IO.File.ReadAllText(Path.Combine(Output, relativePath)));

    /// <summary>Every file under output/ with its bytes, to prove a failed build changed nothing.</summary>
    public IReadOnlyDictionary<string, string> Snapshot(string? output = null) =>
        Directory.EnumerateFileSystemEntries(output ?? Output, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(output ?? Output, f), f => Directory.Exists(f) ? "folder" : Convert.ToBase64String(System.IO.File.ReadAllBytes(f)));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
