using System.Globalization;
using System.Text;
using ResearchSite.Build;
using ResearchSite.Content;
using ResearchSite.Diagnostics;
using ResearchSite.Scaffold;

namespace ResearchSite.Import;

/// <summary>What `import` was asked to do besides its source.</summary>
public sealed record ImportOptions(string InputDir, string ThemeDir, bool DryRun, bool Force);

/// <summary>
/// The import's steps, the same for every source: read and convert everything first (a fatal problem stops
/// it before anything is written), then extend the registries, copy the figures, write the studies that
/// are new or unchanged (never over an edited one without --force), check the site as `build` does and
/// turn every imported study the build would reject into a draft, and write the report.
/// </summary>
public static class ImportRunner
{
    public const string ReportFile = "import-report.md";

    public static int WordPress(string exportPath, string? uploads, ImportOptions options, TextWriter stdout, TextWriter stderr)
    {
        if (!File.Exists(exportPath))
        {
            stderr.WriteLine($"error: {Diagnostic.Visible(exportPath)}: there is no such file; give the path of the export WordPress wrote (Tools → Export).");
            return Cli.Program.UsageError;
        }

        if (uploads is not null && !Directory.Exists(uploads))
        {
            stderr.WriteLine($"error: --uploads {Diagnostic.Visible(uploads)}: there is no such folder; give a copy of the old site's wp-content/uploads.");
            return Cli.Program.UsageError;
        }

        if (Load(options, stderr) is not { } content)
        {
            return Cli.Program.ContentErrors;
        }

        WxrExport export;
        try
        {
            using var stream = File.OpenRead(exportPath);
            export = WxrReader.Read(stream);
        }
        catch (WxrException e)
        {
            stderr.WriteLine(new Diagnostic(Severity.Error, ContentLoader.Display(exportPath), e.Line, e.Column, e.Message + " Nothing was imported.").ToString());
            return Cli.Program.ContentErrors;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"error: {Diagnostic.Visible(exportPath)} cannot be read ({e.Message}).");
            return Cli.Program.ContentErrors;
        }

        var matcher = new RegistryMatcher(content.Registries);
        var plan = WordPressImporter.Plan(export, content.Site, matcher, new ExistingArticles(options.InputDir), uploads, Path.GetFileName(exportPath));
        return Finish(plan, options, stdout, stderr);
    }

    public static int Text(IReadOnlyList<string> files, ImportOptions options, TextWriter stdout, TextWriter stderr)
    {
        foreach (var file in files.Where(f => !File.Exists(f)))
        {
            stderr.WriteLine($"error: {Diagnostic.Visible(file)}: there is no such file.");
            return Cli.Program.UsageError;
        }

        if (Load(options, stderr) is not { } content)
        {
            return Cli.Program.ContentErrors;
        }

        var matcher = new RegistryMatcher(content.Registries);
        var plan = new ImportPlan { Source = string.Join(", ", files.Select(Path.GetFileName)) };
        var existing = new ExistingArticles(options.InputDir);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in files)
        {
            var article = TextImporter.Import(ContentLoader.Display(file), File.ReadAllText(file), content, matcher, plan);
            if (article is null)
            {
                continue;
            }

            // A copy has no id: the study already in the site is the one of the same language, title and date,
            // whatever its file is called; it is then unchanged, or kept unless --force, as `import wordpress` does.
            var slug = article.Date is { } date ? existing.SlugOfStudy(article.Language, article.Title, date) : null;
            if (slug is null || used.Contains(slug))
            {
                (slug, var why) = ImportSlugs.Unique(article.Slug, s => used.Contains(s) || existing.Taken(s));
                if (why is not null)
                {
                    plan.Warnings.Add($"{article.Source}: {why}; rename the file if you prefer another.");
                }
            }

            used.Add(slug);
            plan.Articles.Add(article with { Slug = slug });
        }

        plan.RegistryEntries = matcher.Added;
        return Finish(plan, options, stdout, stderr);
    }

    private static LoadedContent? Load(ImportOptions options, TextWriter stderr)
    {
        var diagnostics = new DiagnosticBag();
        var content = ContentLoader.Load(options.InputDir, diagnostics);
        var errors = diagnostics.Sorted().Where(d => d.IsError).ToList();
        foreach (var error in errors)
        {
            stderr.WriteLine(error.ToString());
        }

        if (content is null || errors.Count > 0)
        {
            stderr.WriteLine("error: the site's settings or registries have errors; fix them first: nothing was imported.");
            return null;
        }

        return content;
    }

    private enum Fate
    {
        Written,
        Unchanged,
        Kept,
        Overwritten,
        Planned,
    }

    private static int Finish(ImportPlan plan, ImportOptions options, TextWriter stdout, TextWriter stderr)
    {
        var fates = new Dictionary<ImportedArticle, Fate>();
        var registryLines = new List<string>();
        var drafts = plan.Articles.Where(a => a.Draft).ToHashSet();
        string checkNote;
        IReadOnlyList<Diagnostic> failures = [];
        if (options.DryRun)
        {
            foreach (var article in plan.Articles)
            {
                fates[article] = Fate.Planned;
            }

            registryLines.AddRange(plan.RegistryEntries.Select(e => $"data/{e.Registry}.yml: would add '{e.Key}' ({string.Join(", ", e.Fields.Values)})"));
            checkNote = "Dry run: nothing was written, and the studies were not checked against the build.";
        }
        else
        {
            // One registry at a time, all its entries at once: the site is read once per registry, not per entry.
            foreach (var registry in plan.RegistryEntries.GroupBy(e => e.Registry))
            {
                var entries = registry.ToList();
                var results = Scaffolder.NewEntries(options.InputDir, registry.Key, entries.Select(e => (e.Key, e.Fields)).ToList());
                for (var i = 0; i < entries.Count; i++)
                {
                    var (entry, result) = (entries[i], results[i]);
                    registryLines.Add(result.Path is null
                        ? $"data/{entry.Registry}.yml: could not add '{entry.Key}': {string.Join(" ", result.Errors)}"
                        : $"data/{entry.Registry}.yml: added '{entry.Key}' ({string.Join(", ", entry.Fields.Values)})");
                    plan.Warnings.AddRange(result.Warnings);
                }
            }

            foreach (var asset in plan.Assets)
            {
                var target = Path.Combine(options.InputDir, asset.RelativeTarget.Replace('/', Path.DirectorySeparatorChar));
                if (File.Exists(target) && !options.Force && !File.ReadAllBytes(target).AsSpan().SequenceEqual(File.ReadAllBytes(asset.Source)))
                {
                    plan.Warnings.Add($"{asset.RelativeTarget} exists with other content and was kept (--force replaces it).");
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(asset.Source, target, overwrite: true);
            }

            // Each study is a file of its own: written in parallel, their fates kept in the plan's order.
            var written = new Fate[plan.Articles.Count];
            Parallel.For(0, written.Length, i => written[i] = Write(plan.Articles[i], plan.Articles[i].Draft, options));
            for (var i = 0; i < written.Length; i++)
            {
                fates[plan.Articles[i]] = written[i];
            }

            (checkNote, failures) = Check(plan, fates, drafts, options);
        }

        var report = Report(plan, fates, drafts, registryLines, checkNote, failures);
        var published = plan.Articles.Count(a => !drafts.Contains(a));
        var counts = options.DryRun ? string.Empty : string.Create(CultureInfo.InvariantCulture,
            $" ({fates.Values.Count(f => f is Fate.Written or Fate.Overwritten)} written, {fates.Values.Count(f => f == Fate.Unchanged)} unchanged, {fates.Values.Count(f => f == Fate.Kept)} kept as edited)");
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{(options.DryRun ? "Would import" : "Imported")} {plan.Articles.Count} article(s) from {plan.Source}: {published} published, {drafts.Count} draft(s){counts}; {plan.Skipped.Count} item(s) skipped; {plan.Warnings.Count} warning(s).");
        var reportPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.InputDir))!, ReportFile);
        if (options.DryRun)
        {
            stdout.WriteLine(report);
            stdout.WriteLine(summary);
        }
        else
        {
            File.WriteAllText(reportPath, report, new UTF8Encoding(false));
            foreach (var warning in plan.Warnings)
            {
                stdout.WriteLine($"warning: {Diagnostic.Visible(warning)}");
            }

            stdout.WriteLine($"{summary} Report: {ContentLoader.Display(reportPath)}");
        }

        // The import is done only when the site passes `check`: what it could not settle is an error, as there.
        foreach (var failure in failures)
        {
            stderr.WriteLine(failure.ToString());
        }

        if (failures.Count > 0)
        {
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"error: after the import the site fails `check` ({failures.Count} error(s) above); fix them, then run `check`."));
            return Cli.Program.ContentErrors;
        }

        return Cli.Program.Success;
    }

    private static string PathOf(ImportedArticle article, ImportOptions options) =>
        Path.Combine(options.InputDir, "articles", article.Language, article.Slug + ".md");

    private static Fate Write(ImportedArticle article, bool draft, ImportOptions options)
    {
        var path = PathOf(article, options);
        var text = article.Render(draft);
        if (File.Exists(path))
        {
            var before = File.ReadAllText(path);
            // The same import again: the file as it wrote it, also when the check made it a draft since.
            if (before == text || before == article.Render(true))
            {
                return Fate.Unchanged;
            }

            if (!options.Force)
            {
                return Fate.Kept;
            }

            File.WriteAllText(path, text, new UTF8Encoding(false));
            return Fate.Overwritten;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return Fate.Written;
    }

    /// <summary>
    /// Checks the site as `check` does; an imported study with errors becomes a draft, with the errors as the
    /// reasons, until only errors a draft does not cure are left (a study may break only because another
    /// became a draft). Those are the import's failures.
    /// </summary>
    private static (string Note, IReadOnlyList<Diagnostic> Failures) Check(ImportPlan plan, Dictionary<ImportedArticle, Fate> fates, HashSet<ImportedArticle> drafts, ImportOptions options)
    {
        if (!Directory.Exists(options.ThemeDir))
        {
            return ($"The studies were not checked against the build: there is no theme folder '{options.ThemeDir}' (pass --theme). Run `check` now.", []);
        }

        var ours = plan.Articles.Where(a => fates[a] is Fate.Written or Fate.Overwritten or Fate.Unchanged)
            .ToDictionary(a => Path.GetFullPath(PathOf(a, options)), a => a, StringComparer.Ordinal);
        var buildOptions = new BuildOptions(options.InputDir, options.ThemeDir, "output", false, null);
        for (var round = 0; ; round++)
        {
            using var build = new ResearchSite.Build.Incremental.IncrementalBuild(buildOptions);
            var step = build.Prepare(null, ResearchSite.Build.Incremental.IncrementalBuild.Everything);
            var diagnostics = step.Done?.Result.Diagnostics ?? step.Diagnostics.Sorted();
            var rejected = diagnostics.Where(d => d.IsError).GroupBy(d => Path.GetFullPath(d.File))
                .Where(g => ours.TryGetValue(g.Key, out var article) && !drafts.Contains(article)).ToList();
            if (rejected.Count == 0 || round == 4)
            {
                // The rest of `check` (the pages' templates, in memory) only once the studies are settled.
                var result = build.Write(step, new ResearchSite.Output.DiscardSink(), "templates").Result;
                var errors = result.Diagnostics.Where(d => d.IsError).ToList();
                return errors.Count == 0
                    ? ("The site was checked as `check` checks it: it builds.", [])
                    : ($"The site fails `check`: {errors.Count} error(s), listed under 'The site fails `check`' below.", errors);
            }

            foreach (var group in rejected)
            {
                var article = ours[group.Key];
                drafts.Add(article);
                // The file is written again with 'draft: true': the reasons name its lines as they are then.
                article.DraftReasons.AddRange(group.Select(d => string.Create(CultureInfo.InvariantCulture, $"the build rejects it: line {article.LineAsDraft(d.Line)}: {d.Message}")));
                File.WriteAllText(group.Key, article.Render(true), new UTF8Encoding(false));
            }
        }
    }

    private static string Report(ImportPlan plan, Dictionary<ImportedArticle, Fate> fates, HashSet<ImportedArticle> drafts, List<string> registryLines, string checkNote, IReadOnlyList<Diagnostic> failures)
    {
        var report = new StringBuilder();
        report.Append("# Import report\n\n");
        report.Append(CultureInfo.InvariantCulture, $"Source: {plan.Source}. {checkNote}\n\n");
        report.Append(CultureInfo.InvariantCulture, $"## Studies ({plan.Articles.Count} article(s), {drafts.Count} draft(s))\n\n");
        foreach (var article in plan.Articles)
        {
            report.Append(CultureInfo.InvariantCulture, $"### {article.Title}\n\n");
            report.Append(CultureInfo.InvariantCulture, $"- file: `{article.RelativePath}` ({FateText(fates.GetValueOrDefault(article, Fate.Planned))})\n");
            report.Append(CultureInfo.InvariantCulture, $"- from: {article.Source}\n");
            report.Append(CultureInfo.InvariantCulture, $"- converted: {string.Join("; ", article.Notes)}\n");
            if (drafts.Contains(article))
            {
                report.Append("- **draft**, because:\n");
                foreach (var reason in article.DraftReasons.Distinct(StringComparer.Ordinal))
                {
                    report.Append(CultureInfo.InvariantCulture, $"  - {reason}\n");
                }
            }

            if (article.Attention.Count > 0)
            {
                report.Append("- needs a person:\n");
                foreach (var item in article.Attention.Distinct(StringComparer.Ordinal))
                {
                    report.Append(CultureInfo.InvariantCulture, $"  - {item}\n");
                }
            }

            report.Append('\n');
        }

        if (registryLines.Count > 0)
        {
            report.Append("## Registries\n\n");
            foreach (var line in registryLines)
            {
                report.Append(CultureInfo.InvariantCulture, $"- {line}\n");
            }

            report.Append('\n');
        }

        if (plan.Skipped.Count > 0)
        {
            report.Append(CultureInfo.InvariantCulture, $"## Skipped ({plan.Skipped.Count})\n\n");
            foreach (var kind in plan.Skipped.GroupBy(s => s.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                report.Append(CultureInfo.InvariantCulture, $"- {kind.Count()} × {kind.Key}:\n");
                foreach (var item in kind)
                {
                    report.Append(CultureInfo.InvariantCulture, $"  - '{item.Title}' (id {item.Id}): {item.Why}\n");
                }
            }

            report.Append('\n');
        }

        if (failures.Count > 0)
        {
            report.Append("## The site fails `check`\n\n");
            foreach (var failure in failures)
            {
                report.Append(CultureInfo.InvariantCulture, $"- {failure}\n");
            }

            report.Append('\n');
        }

        if (plan.Warnings.Count > 0)
        {
            report.Append("## Warnings\n\n");
            foreach (var warning in plan.Warnings)
            {
                report.Append(CultureInfo.InvariantCulture, $"- {warning}\n");
            }
        }

        return report.ToString().TrimEnd() + "\n";
    }

    private static string FateText(Fate fate) => fate switch
    {
        Fate.Written => "written",
        Fate.Unchanged => "unchanged: imported before",
        Fate.Kept => "kept: it was edited since it was imported; --force replaces it",
        Fate.Overwritten => "overwritten (--force)",
        _ => "would be written",
    };
}
