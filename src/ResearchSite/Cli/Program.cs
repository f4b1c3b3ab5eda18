using System.CommandLine;
using System.Globalization;
using ResearchSite.Build;
using ResearchSite.Diagnostics;

namespace ResearchSite.Cli;

/// <summary>Exit codes: 0 success, 1 the content has errors, 2 the command line is wrong.</summary>
public static class Program
{
    public const int Success = 0;
    public const int ContentErrors = 1;
    public const int UsageError = 2;

    public static int Main(string[] args) => Run(args, Console.Out, Console.Error, ownsProcess: true);

    /// <summary>
    /// Runs one command. <paramref name="ownsProcess"/>: whether this process runs this one command and exits
    /// (<see cref="Main"/>), so that a build may lower its own priority for good (<see cref="BuildOptions.YieldsToSearch"/>);
    /// false for a caller that goes on (tests).
    /// </summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool ownsProcess = false)
    {
        var input = new Option<string>("--input") { Description = "Folder with site.yml, data/ and articles/.", DefaultValueFactory = _ => "input" };
        var theme = new Option<string>("--theme") { Description = "Folder with the theme's layouts/, assets/ and strings.yml.", DefaultValueFactory = _ => "theme" };
        var output = new Option<string>("--output") { Description = "Folder the site is written to; replaced as a whole on success only.", DefaultValueFactory = _ => "output" };
        var drafts = new Option<bool>("--drafts") { Description = "Also build articles marked 'draft: true'." };
        var baseUrl = new Option<string?>("--base-url") { Description = "Absolute URL the site is served from (overrides base_url in site.yml)." };
        var verbose = new Option<bool>("--verbose") { Description = "Also print the time of each build phase." };
        var quiet = new Option<bool>("--quiet") { Description = "Print errors only." };
        var noSearch = new Option<bool>("--no-search") { Description = "Do not build the search index (Pagefind)." };
        var cache = new Option<string>("--cache") { Description = "Folder where figures' variants, social cards and PDFs are kept between builds (outside the output folder).", DefaultValueFactory = _ => ".researchsite-cache" };
        var noPdf = new Option<bool>("--no-pdf") { Description = "Do not typeset the studies' PDF edition (Typst); pages then link none." };
        var force = new Option<bool>("--force") { Description = "Build everything even when nothing changed since the last build into the same output folder." };

        var build = new Command("build", "Build the site from the input folder into the output folder.") { input, theme, output, drafts, baseUrl, verbose, quiet, noSearch, noPdf, cache, force };
        build.SetAction(result =>
        {
            Uri? url = null;
            var urlText = result.GetValue(baseUrl);
            if (urlText is not null)
            {
                (url, var urlProblem) = ResearchSite.Content.BaseUrl.Parse(urlText);
                if (urlProblem is not null)
                {
                    stderr.WriteLine($"error: --base-url {Diagnostic.Visible(urlProblem)}");
                    return UsageError;
                }
            }

            var options = new BuildOptions(result.GetValue(input)!, result.GetValue(theme)!, result.GetValue(output)!, result.GetValue(drafts), url)
            {
                Search = !result.GetValue(noSearch),
                CacheDir = result.GetValue(cache),
                Pdf = result.GetValue(noPdf) ? PdfMode.Off : PdfMode.Typeset,
                Force = result.GetValue(force),
                YieldsToSearch = ownsProcess,
            };
            if ((BuildPipeline.CheckFolders(options, writes: true) ?? BuildPipeline.CheckCache(options)) is { } problem)
            {
                stderr.WriteLine($"error: {problem}");
                return UsageError;
            }

            return RunBuild(options, result.GetValue(verbose), result.GetValue(quiet), stdout, stderr);
        });

        var warningsAsErrors = new Option<bool>("--warnings-as-errors") { Description = "Fail (exit 1) on warnings too." };
        var check = new Command("check", "Run every validation of the build (front matter, registries, notes, URLs, links and anchors) without writing anything.") { input, theme, drafts, warningsAsErrors, verbose };
        check.SetAction(result =>
        {
            // The build's default cache: the PDF template's sample is typeset there once, for both.
            var options = new BuildOptions(result.GetValue(input)!, result.GetValue(theme)!, "output", result.GetValue(drafts), null) { CacheDir = ".researchsite-cache" };
            if (BuildPipeline.CheckFolders(options, writes: false) is { } problem)
            {
                stderr.WriteLine($"error: {problem}");
                return UsageError;
            }

            var outcome = BuildPipeline.Check(options);
            Report(outcome.Diagnostics, stdout, stderr);
            if (result.GetValue(verbose))
            {
                PrintPhases(outcome, stdout);
            }
            var warnings = outcome.Diagnostics.Count(d => !d.IsError);
            var errors = outcome.Diagnostics.Count(d => d.IsError);
            var failed = !outcome.Succeeded || (result.GetValue(warningsAsErrors) && warnings > 0);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(failed ? "Check failed" : "Check passed")}: {errors} error(s), {warnings} warning(s) in {outcome.Elapsed.TotalSeconds:0.00} s."));
            return failed ? ContentErrors : Success;
        });

        var port = new Option<int>("--port") { Description = "Port to serve on.", DefaultValueFactory = _ => 5080 };
        var host = new Option<string>("--host") { Description = "Address to listen on (loopback unless you mean otherwise).", DefaultValueFactory = _ => "127.0.0.1" };
        var serve = new Command("serve", "Build the site into memory, serve it with live reload, and rebuild on every change to input/ or theme/.") { input, theme, drafts, port, host, noPdf, cache };
        serve.SetAction(async (result, cancellation) =>
        {
            var options = new BuildOptions(result.GetValue(input)!, result.GetValue(theme)!, "output", result.GetValue(drafts), null)
            {
                CacheDir = result.GetValue(cache),
                Pdf = result.GetValue(noPdf) ? PdfMode.Off : PdfMode.OnRequest,
            };
            var (_, listenError) = ResearchSite.Serve.ListenAddress.Parse(result.GetValue(host)!, result.GetValue(port));
            var problem = listenError ?? BuildPipeline.CheckFolders(options, writes: false) ?? BuildPipeline.CheckCache(options);
            if (problem is not null)
            {
                stderr.WriteLine($"error: {problem}");
                return UsageError;
            }

            await using var server = new ResearchSite.Serve.DevServer(options, stdout, stderr);
            try
            {
                await server.StartAsync(result.GetValue(host)!, result.GetValue(port), cancellation);
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
            {
                // In use, not an address of this machine, or a privileged port.
                stderr.WriteLine($"error: cannot listen on {result.GetValue(host)}:{result.GetValue(port)}: {e.Message.TrimEnd('.')}. Pick another --port or --host.");
                return UsageError;
            }

            stdout.WriteLine($"Serving {server.Address} (Ctrl+C stops). Watching {options.InputDir}/ and {options.ThemeDir}/.");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellation);
            }
            catch (OperationCanceledException)
            {
            }

            stdout.WriteLine("Stopped.");
            return Success;
        });

        var newCommand = NewCommands(input, stdout, stderr);
        var import = ImportCommands(input, theme, stdout, stderr);

        var schemaOutput = new Option<string>("--output") { Description = "Where to write the schema.", DefaultValueFactory = _ => "schema/front-matter.schema.json" };
        var schema = new Command("schema", "Write the JSON Schema of the front matter, listing the registries' keys and names, for editors.") { input, schemaOutput };
        schema.SetAction(result =>
        {
            var diagnostics = new DiagnosticBag();
            var content = ResearchSite.Content.ContentLoader.Load(result.GetValue(input)!, diagnostics);
            Report(diagnostics.Sorted().Where(d => d.IsError), stdout, stderr);
            if (content is null || diagnostics.HasErrors)
            {
                return ContentErrors;
            }

            var path = result.GetValue(schemaOutput)!;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(path, ResearchSite.Scaffold.FrontMatterSchema.Generate(content.Registries));
            stdout.WriteLine($"Wrote {path}");
            return Success;
        });

        var referenceOutput = new Option<string>("--output") { Description = "Where to write the reference.", DefaultValueFactory = _ => ResearchSite.Templates.ThemeReference.DefaultPath };
        var themeReference = new Command("theme-reference", "Write the theme designer's reference: every name and field a template can use, per page kind.") { referenceOutput };
        themeReference.SetAction(result =>
        {
            var path = result.GetValue(referenceOutput)!;
            string reference;
            try
            {
                reference = ResearchSite.Templates.ThemeReference.Generate();
            }
            catch (FileNotFoundException e)
            {
                // The doc comments come from the compiler's documentation file, which a trimmed or single-file publish leaves out.
                stderr.WriteLine($"error: {e.Message}");
                return ContentErrors;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(path, reference);
            stdout.WriteLine($"Wrote {path}");
            return Success;
        });

        var root = new RootCommand("ResearchSite: builds the bilingual (Arabic/English) research series from Markdown into a static site.") { build, check, serve, newCommand, import, schema, themeReference };
        root.SetAction(_ =>
        {
            stderr.WriteLine("error: name a command, e.g. 'build'. Run with --help to see every command and option.");
            return UsageError;
        });

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                stderr.WriteLine($"error: {Diagnostic.Visible(error.Message)}");
            }

            stderr.WriteLine("Run with --help to see every command and option.");
            return UsageError;
        }

        if (ResearchSite.Text.CultureSupport.Problem() is { } problem)
        {
            stderr.WriteLine($"error: {problem}");
            return UsageError;
        }

        // Every command that reads the input gets the same one-line answer to a wrong folder, before any
        // work (not --help, which reads nothing).
        if (parsed.Action == parsed.CommandResult.Command.Action && parsed.CommandResult.Command.Options.Contains(input) && BuildPipeline.InputProblem(parsed.GetValue(input) ?? string.Empty) is { } inputProblem)
        {
            stderr.WriteLine($"error: {Diagnostic.Visible(inputProblem)}");
            return UsageError;
        }

        // InvokeAsync: it turns Ctrl+C (SIGINT) and SIGTERM into the cancellation that stops `serve` cleanly.
        return parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }).GetAwaiter().GetResult();
    }

    private static Command NewCommands(Option<string> input, TextWriter stdout, TextWriter stderr)
    {
        int Report(ResearchSite.Scaffold.ScaffoldResult outcome)
        {
            foreach (var error in outcome.Errors)
            {
                stderr.WriteLine($"error: {Diagnostic.Visible(error)}");
            }

            if (outcome.Path is null)
            {
                return outcome.ContentErrors ? ContentErrors : UsageError;
            }

            stdout.WriteLine($"Created {ResearchSite.Content.ContentLoader.Display(outcome.Path)}");
            foreach (var warning in outcome.Warnings)
            {
                stdout.WriteLine($"warning: {Diagnostic.Visible(warning)}");
            }

            return Success;
        }

        var lang = new Option<string>("--lang") { Description = "A language of site.yml's languages (ar, en, …).", Required = true };
        var authors = new Option<string[]>("--author") { Description = "Author key or name (repeat for several)." };
        var categories = new Option<string[]>("--category") { Description = "Category key or name (repeat for several)." };
        var unit = new Option<string?>("--unit") { Description = "Unit key or name (default: the author's unit)." };
        var slug = new Option<string?>("--slug") { Description = "URL slug (default: derived from the title, transliterated to Latin)." };
        var translationOf = new Option<string?>("--translation-of") { Description = "Slug of the study in the other language that this one translates; its metadata is copied." };
        var number = new Option<int?>("--number") { Description = "The study's number in the series (never assigned automatically)." };
        var keyPoints = new Option<string[]>("--key-point") { Description = "A key point, one sentence (repeat for 3 to 5)." };
        var title = new Argument<string>("title") { Description = "The study's title." };
        var article = new Command("article", "Start a study: writes input/articles/<lang>/<slug>.md with a valid front matter (draft: true) and today's date.")
        {
            input, lang, authors, categories, unit, slug, translationOf, number, keyPoints, title,
        };
        article.SetAction(result => Report(ResearchSite.Scaffold.Scaffolder.NewArticle(result.GetValue(input)!, new ResearchSite.Scaffold.NewArticleRequest(
            result.GetValue(lang)!,
            result.GetValue(title)!,
            result.GetValue(authors) ?? [],
            result.GetValue(categories) ?? [],
            result.GetValue(unit),
            result.GetValue(slug),
            result.GetValue(translationOf),
            DateOnly.FromDateTime(DateTime.Now))
        {
            Number = result.GetValue(number),
            KeyPoints = result.GetValue(keyPoints) ?? [],
        })));

        Command Entry(string name, string registry, params string[] fields)
        {
            var key = new Argument<string>("key") { Description = "The key, used in URLs (letters, digits, '-')." };
            var options = fields.Select(f => new Option<string?>("--" + f) { Description = f.Replace('-', ' ') }).ToList();
            var command = new Command(name, $"Add an entry to data/{registry}.yml (refuses a key that exists).") { input, key };
            foreach (var option in options)
            {
                command.Options.Add(option);
            }

            command.SetAction(result =>
            {
                var values = options.Where(o => result.GetValue(o) is not null).ToDictionary(o => o.Name.TrimStart('-'), o => result.GetValue(o)!);
                return Report(ResearchSite.Scaffold.Scaffolder.NewEntry(result.GetValue(input)!, registry, result.GetValue(key)!, values));
            });
            return command;
        }

        return new Command("new", "Create a study or a registry entry.")
        {
            article,
            Entry("author", "authors", "name-ar", "name-en", "role-ar", "role-en", "unit", "bio-ar", "bio-en"),
            Entry("category", "categories", "name-ar", "name-en"),
            Entry("unit", "units", "name-ar", "name-en"),
        };
    }

    private static Command ImportCommands(Option<string> input, Option<string> theme, TextWriter stdout, TextWriter stderr)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Write nothing; print the report of what would be imported." };
        var force = new Option<bool>("--force") { Description = "Overwrite studies that were edited since they were imported." };
        var uploads = new Option<string?>("--uploads") { Description = "A copy of the old site's wp-content/uploads: images are copied into assets/figures/." };
        var export = new Argument<string>("export") { Description = "The WordPress export (Tools → Export; WXR 1.1/1.2)." };
        var files = new Argument<string[]>("files") { Description = "Plain-text copies of study pages.", Arity = ArgumentArity.OneOrMore };
        ResearchSite.Import.ImportOptions Options(ParseResult result) =>
            new(result.GetValue(input)!, result.GetValue(theme)!, result.GetValue(dryRun), result.GetValue(force));

        var wordpress = new Command("wordpress", "Import the posts of a WordPress export as studies (translations, notes, figures, authors, categories, old addresses).") { input, theme, uploads, dryRun, force, export };
        wordpress.SetAction(result => ResearchSite.Import.ImportRunner.WordPress(result.GetValue(export)!, result.GetValue(uploads), Options(result), stdout, stderr));
        var text = new Command("text", "Import plain-text copies of study pages (breadcrumb, title, '- <date>', 'Category:', 'إعداد:', sections, [n] sources).") { input, theme, dryRun, force, files };
        text.SetAction(result => ResearchSite.Import.ImportRunner.Text(result.GetValue(files)!, Options(result), stdout, stderr));
        return new Command("import", "Bring studies in from the old site; writes a report (import-report.md beside the input).") { wordpress, text };
    }

    private const int LongBuild = 500;

    // Articles live directly in articles/<lang>/: no walk into subfolders, which a link could make endless.
    private static int ArticleCount(string input)
    {
        var articles = Path.Combine(input, "articles");
        try
        {
            return Directory.Exists(articles) ? Directory.EnumerateDirectories(articles).Sum(language => Directory.EnumerateFiles(language, "*.md").Count()) : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static void PrintPhases(BuildResult result, TextWriter stdout)
    {
        foreach (var phase in result.Phases)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {phase.Phase,-12} {phase.Elapsed.TotalMilliseconds,8:0} ms  {phase.HeapBytes / (1024 * 1024),6} MB managed heap {phase.AllocatedBytes / (1024 * 1024),7} MB allocated {phase.Cpu.TotalMilliseconds,7:0} ms CPU"));
        }

        // What the garbage collector cost: with the whole archive in memory, it is a large part of a build.
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  gc           {GC.GetTotalPauseDuration().TotalMilliseconds,8:0} ms paused; collections gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}; {GC.GetTotalAllocatedBytes() / (1024 * 1024)} MB allocated; peak {System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MB resident"));
        if (result.Steps.Count > 0)
        {
            stdout.WriteLine("  steps        " + string.Join(", ", result.Steps.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Step} {s.Elapsed.TotalMilliseconds:0}"))) + " ms");
        }

        if (result.PageParts is { } parts)
        {
            stdout.WriteLine("  pages        " + parts);
        }

        // What ReadyToRun left to the JIT (generic code over framework types, reflection's invoke stubs): the
        // time is every thread's, spent on the thread that first called each method.
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  jit          {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds,8:0} ms compiling {System.Runtime.JitInfo.GetCompiledMethodCount()} methods at run time; by phase: ")
            + string.Join(", ", result.Phases.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Phase} {p.JitMethods} in {p.JitTime.TotalMilliseconds:0} ms"))));
    }

    private static void Report(IEnumerable<Diagnostic> diagnostics, TextWriter stdout, TextWriter stderr)
    {
        foreach (var diagnostic in diagnostics)
        {
            var writer = diagnostic.IsError ? stderr : stdout;
            writer.WriteLine(Colour(writer, diagnostic));
        }
    }

    /// <summary>Errors red and warnings yellow on a terminal; plain text when redirected or with NO_COLOR.</summary>
    private static string Colour(TextWriter writer, Diagnostic diagnostic)
    {
        var redirected = ReferenceEquals(writer, Console.Error) ? Console.IsErrorRedirected : !ReferenceEquals(writer, Console.Out) || Console.IsOutputRedirected;
        if (redirected || Environment.GetEnvironmentVariable("NO_COLOR") is { Length: > 0 })
        {
            return diagnostic.ToString();
        }

        var text = diagnostic.ToString();
        var label = diagnostic.IsError ? "error:" : "warning:";
        var code = diagnostic.IsError ? "\u001b[31;1m" : "\u001b[33;1m";
        var at = text.IndexOf(": " + label, StringComparison.Ordinal) + 2;
        return text[..at] + code + label + "\u001b[0m" + text[(at + label.Length)..];
    }

    private static int RunBuild(BuildOptions options, bool verbose, bool quiet, TextWriter stdout, TextWriter stderr)
    {
        // On a terminal, a status line shows which phase the build is in; redirected output (CI) stays plain.
        // Long builds say how far they are: a status line on a terminal, plain lines when redirected (CI).
        var terminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected && !quiet;
        var plain = !terminal && !quiet && ReferenceEquals(stdout, Console.Out) && ArticleCount(options.InputDir) >= LongBuild;
        var reporting = BuildReporting.None;
        if (terminal)
        {
            reporting = new BuildReporting
            {
                Progress = phase => stderr.Write($"\r\u001b[2K{phase.Phase} done ({phase.Elapsed.TotalSeconds:0.0} s)…"),
                Counts = (what, done, total) => stderr.Write($"\r\u001b[2K{done:N0}/{total:N0} {what}…"),
            };
        }
        else if (plain)
        {
            reporting = new BuildReporting
            {
                Progress = phase => stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{phase.Phase}: {phase.Elapsed.TotalSeconds:0.0} s")),
                Counts = (what, done, total) =>
                {
                    if (done == total || done % 5000 == 0)
                    {
                        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{done:N0}/{total:N0} {what}"));
                    }
                },
            };
        }

        var result = BuildPipeline.Run(options, reporting);
        if (terminal)
        {
            stderr.Write("\r\u001b[2K");
        }

        Report(quiet ? result.Diagnostics.Where(d => d.IsError) : result.Diagnostics, stdout, stderr);
        if (verbose)
        {
            PrintPhases(result, stdout);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"images encoded: {result.ImagesEncoded} (the others from {options.CacheDir ?? "nowhere: no cache"})"));
            if (result.SearchTiming is { } timing)
            {
                stdout.WriteLine(timing);
            }
        }

        if (!result.Succeeded)
        {
            var errors = result.Diagnostics.Count(d => d.IsError);
            stderr.WriteLine($"Build failed: {errors} error(s); {options.OutputDir}/ was left as it was.");
            return ContentErrors;
        }

        if (quiet)
        {
            return Success;
        }

        if (result.SearchMessage is { } search)
        {
            stdout.WriteLine(search);
        }

        // Skipped PDFs are always told; how many were typeset only with --verbose (one summary line).
        if (result.PdfMessage is { } pdf && (verbose || pdf.StartsWith("PDFs skipped", StringComparison.Ordinal)))
        {
            stdout.WriteLine(pdf);
        }

        var perLanguage = string.Join(", ", result.PagesPerLanguage.Select(p => $"{p.Key}: {p.Value}"));
        var warnings = result.Diagnostics.Count(d => !d.IsError);
        if (result.Unchanged)
        {
            stdout.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Nothing changed since the last build: {options.OutputDir}/ holds its {result.PagesPerLanguage.Values.Sum()} pages ({perLanguage}) as they are (checked in {result.Elapsed.TotalSeconds:0.00} s; --force builds anyway){(warnings > 0 ? $", {warnings} warning(s)" : string.Empty)}."));
            return Success;
        }

        stdout.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Built {result.PagesPerLanguage.Values.Sum()} pages ({perLanguage}) into {options.OutputDir}/ in {result.Elapsed.TotalSeconds:0.00} s{(warnings > 0 ? $", {warnings} warning(s)" : string.Empty)}."));
        return Success;
    }
}
