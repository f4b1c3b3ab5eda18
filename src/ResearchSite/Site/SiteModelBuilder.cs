using ResearchSite.Content;
using ResearchSite.Diagnostics;
using ResearchSite.Markdown;
using ResearchSite.Text;

namespace ResearchSite.Site;

/// <summary>The cross-document phase: resolves names, pairs translations and groups the indexes.</summary>
public static class SiteModelBuilder
{
    // A study's versions in the site's order, the default language first.
    private static int Order(SiteConfig site, Language language)
    {
        if (language == site.DefaultLanguage)
        {
            return -1;
        }

        for (var i = 0; i < site.Languages.Count; i++)
        {
            if (site.Languages[i] == language)
            {
                return i;
            }
        }

        return -1;
    }

    public static SiteModel Build(LoadedContent content, IReadOnlyList<RenderedDocument> rendered, DiagnosticBag diagnostics)
    {
        // Each article is resolved on its own (the registries are only read, the bag takes any thread's), and kept in
        // the files' order whichever finished first.
        var resolved = new Article?[rendered.Count];
        Parallel.For(0, rendered.Count, i => resolved[i] = Resolve(rendered[i].Source, content.Site.Languages, content.Registries, rendered[i].Rendered, diagnostics));

        // Plain loops and reference-typed keys here: LINQ's generic code over a value type (a date, a language's
        // rank) is not in the ReadyToRun image and was compiled at run time, a good part of this step.
        var bySlug = new Dictionary<string, List<Article>>(StringComparer.Ordinal);
        var slugs = new List<string>();
        foreach (var article in resolved)
        {
            if (article is null)
            {
                continue;
            }

            if (!bySlug.TryGetValue(article.Slug, out var versions))
            {
                bySlug[article.Slug] = versions = [];
                slugs.Add(article.Slug);
            }

            versions.Add(article);
        }

        var studies = new List<Study>(slugs.Count);
        foreach (var slug in slugs)
        {
            studies.Add(new Study(slug, InSiteOrder(content.Site, bySlug[slug])));
        }

        // Newest first, then by slug: a total order (slugs are unique), so the sort's instability cannot show.
        studies.Sort((a, b) => b.Date.CompareTo(a.Date) is not 0 and var byDate ? byDate : string.CompareOrdinal(a.Slug, b.Slug));

        var indexes = new Dictionary<IndexKind, IReadOnlyList<IndexEntry>>
        {
            [IndexKind.Categories] = Group(content.Registries.Categories.Entries, c => c.Key, c => c.Name, studies, s => s.Categories.Select(c => c.Key)),
            [IndexKind.Authors] = Group(content.Registries.Authors.Entries, a => a.Key, a => a.Name, studies, s => s.Authors.Select(a => a.Key)),
            [IndexKind.Units] = Group(content.Registries.Units.Entries, u => u.Key, u => u.Name, studies, s => s.Units.Select(u => u.Key)),
        };

        return new SiteModel(content.Site, content.Registries, studies, indexes) { Related = RelatedStudies.Of(studies, content.Site.Languages) };
    }

    /// <summary>A study's versions by language, in the site's order (the default language first), as a stable sort would put them.</summary>
    private static Dictionary<Language, Article> InSiteOrder(SiteConfig site, List<Article> versions)
    {
        // Insertion sort: stable, and a study has a version or two.
        for (var i = 1; i < versions.Count; i++)
        {
            var article = versions[i];
            var rank = Order(site, article.Language);
            var at = i;
            while (at > 0 && Order(site, versions[at - 1].Language) > rank)
            {
                versions[at] = versions[at - 1];
                at--;
            }

            versions[at] = article;
        }

        var byLanguage = new Dictionary<Language, Article>(versions.Count);
        foreach (var article in versions)
        {
            // As ToDictionary did: two versions in one language cannot be (one file per language and slug).
            byLanguage.Add(article.Language, article);
        }

        return byLanguage;
    }

    /// <summary>One pass over the studies per index kind: never a scan of all studies per index page.</summary>
    private static IReadOnlyList<IndexEntry> Group<T>(
        IReadOnlyList<T> entries,
        Func<T, string> keyOf,
        Func<T, LocalizedText> nameOf,
        IReadOnlyList<Study> studies,
        Func<Study, IEnumerable<string>> keysOf)
    {
        var byKey = new Dictionary<string, List<Study>>(StringComparer.Ordinal);
        foreach (var study in studies)
        {
            foreach (var key in keysOf(study))
            {
                if (!byKey.TryGetValue(key, out var list))
                {
                    byKey[key] = list = [];
                }

                list.Add(study);
            }
        }

        return entries
            .Select(e => new IndexEntry(keyOf(e), nameOf(e), byKey.GetValueOrDefault(keyOf(e)) ?? []))
            .ToList();
    }

    /// <summary>
    /// The same model with some articles replaced by new renderings of themselves that stand where they
    /// stood (same people, unit, categories and date, as the incremental build checks): no study moves,
    /// no index changes shape.
    /// </summary>
    public static SiteModel Replace(SiteModel site, IReadOnlyList<Article> changed)
    {
        var bySlug = changed.GroupBy(a => a.Slug, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var replaced = new Dictionary<Study, Study>(ReferenceEqualityComparer.Instance);
        foreach (var study in site.Studies.Where(s => bySlug.ContainsKey(s.Slug)))
        {
            var versions = study.Versions.ToDictionary();
            foreach (var article in bySlug[study.Slug])
            {
                versions[article.Language] = article;
            }

            replaced[study] = new Study(study.Slug, versions);
        }

        Study Swap(Study s) => replaced.GetValueOrDefault(s) ?? s;
        var indexes = site.Indexes.ToDictionary(
            i => i.Key,
            i => (IReadOnlyList<IndexEntry>)i.Value.Select(e => e.Studies.Any(replaced.ContainsKey) ? e with { Studies = e.Studies.Select(Swap).ToList() } : e).ToList());
        return site with { Studies = site.Studies.Select(Swap).ToList(), Indexes = indexes };
    }

    public static Article? Resolve(SourceDocument source, IReadOnlyList<Language> languages, Registries registries, RenderedArticle rendered, DiagnosticBag diagnostics)
    {
        var front = source.FrontMatter;
        // Loops, not LINQ: Select over Located (a struct) is generic code compiled at run time.
        var authors = new List<Author?>(front.Authors.Count);
        for (var i = 0; i < front.Authors.Count; i++)
        {
            authors.Add(Find(registries.Authors, front.Authors[i], source.File, "data/authors.yml", diagnostics));
        }

        var categories = new List<Category?>(front.Categories.Count);
        for (var i = 0; i < front.Categories.Count; i++)
        {
            categories.Add(Find(registries.Categories, front.Categories[i], source.File, "data/categories.yml", diagnostics));
        }

        if (authors.Count == 0 || categories.Count == 0)
        {
            diagnostics.Error(source.File, 1, 1, $"this draft has no {(authors.Count == 0 ? "author" : "category")} yet: add '{(authors.Count == 0 ? "author: <a key or name from data/authors.yml>" : "category: <a key or name from data/categories.yml>")}' before it is published.");
            return null;
        }

        Unit? unit;
        if (front.Unit is { } unitName)
        {
            unit = Find(registries.Units, unitName, source.File, "data/units.yml", diagnostics);
        }
        else
        {
            var unitKey = authors.FirstOrDefault(a => a?.UnitKey is not null)?.UnitKey;
            unit = unitKey is null ? null : registries.Units.ByKey(unitKey);
            if (unit is null && authors.All(a => a is not null))
            {
                diagnostics.Error(source.File, 1, 1, "the required field 'unit' is missing and the author has no unit in data/authors.yml; add a line such as 'unit: terrorism-extremism'.");
            }
        }

        if (unit is null || authors.Any(a => a is null) || categories.Any(c => c is null))
        {
            return null;
        }

        return new Article(
            source.File,
            languages.First(l => l.Code == source.Language),
            source.Slug,
            front.Title,
            authors.DistinctBy(a => a!.Key).ToList()!,
            unit,
            categories.DistinctBy(c => c!.Key).ToList()!,
            front.Date,
            front.Summary,
            front.Tags,
            rendered)
        {
            Aliases = front.Aliases,
            KeyPoints = front.KeyPoints,
            Number = front.Number,
        };
    }

    private static T? Find<T>(Registry<T> registry, Located<string> name, string file, string registryFile, DiagnosticBag diagnostics)
        where T : class
    {
        var entry = registry.Find(name.Value);
        if (entry is null)
        {
            diagnostics.Error(file, name.Line, name.Column, ContentLoader.UnknownMessage(registry.Kind, name.Value, registry.Suggest(name.Value), registryFile));
        }

        return entry;
    }
}
