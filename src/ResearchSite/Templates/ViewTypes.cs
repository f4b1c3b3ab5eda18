using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using ResearchSite.Pages;

namespace ResearchSite.Templates;

/// <summary>
/// Every view-model type a template can read, each named here so that its public properties are kept: Scriban
/// finds a value's members by reflection over its runtime type, which a trimmed program (Native AOT) would
/// otherwise have stripped of every property the code never names. The list is checked against the types a
/// template can reach from its globals (<see cref="ThemeReference.Reachable"/> reads its properties from here,
/// and fails on a type missing from it).
/// </summary>
internal static class ViewTypes
{
    private static readonly FrozenDictionary<Type, Func<IReadOnlyList<Getter>>> Kept = new[]
    {
        Keep<PageView>(), Keep<ArticleView>(), Keep<ListView>(), Keep<TermsView>(), Keep<SearchView>(),
        Keep<NotFoundView>(), Keep<RedirectView>(), Keep<AlternateView>(), Keep<LanguageSwitchView>(),
        Keep<LinkView>(), Keep<TextView>(), Keep<AuthorLinkView>(), Keep<TocItemView>(), Keep<TranslationView>(),
        Keep<ArticleMetaView>(), Keep<CiteView>(), Keep<CardView>(), Keep<FigureView>(), Keep<PdfLinkView>(),
        Keep<RelatedStudyView>(), Keep<ShareLinkView>(), Keep<IntroView>(), Keep<YearGroupView>(),
        Keep<PaginationView>(), Keep<TermView>(), Keep<MetaTagView>(), Keep<StudyItemView>(),
    }.ToFrozenDictionary(k => k.Type, k => k.Getters);

    /// <summary>A readable property and a delegate bound to its getter (no reflection at each read).</summary>
    public sealed record Getter(PropertyInfo Property, Func<object, object?> Get);

    /// <summary>
    /// The public instance properties of a listed view type with their getters, made once per type, in declaration
    /// order (the metadata's, in which both the JIT's runtime and Native AOT's list them; the native program has no
    /// metadata tokens to sort by); null for any other type.
    /// </summary>
    public static IReadOnlyList<Getter>? Of(Type type) => Kept.TryGetValue(type, out var getters) ? getters() : null;

    /// <summary>The types listed.</summary>
    public static IEnumerable<Type> All => Kept.Keys;

    // The annotation is what keeps the properties (and their getters, callable by reflection) in a trimmed program.
    private static (Type Type, Func<IReadOnlyList<Getter>> Getters) Keep<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>()
        where T : class
    {
        var getters = new Lazy<IReadOnlyList<Getter>>(() => typeof(T).GetProperties(BindingFlags.Instance | BindingFlags.Public)
            .Where(p => p.GetMethod is { IsPublic: true, IsStatic: false } && p.GetIndexParameters().Length == 0)
            .Select(p => new Getter(p, Bind<T>(p)))
            .ToList());
        return (typeof(T), () => getters.Value);
    }

    // The target type is known here, so the delegate is made without MakeGenericMethod (which Native AOT cannot
    // do for a value-type result): a reference-type result binds as object (delegates' covariant return), the value
    // types the view models use are boxed after a typed call, and any other is read by reflection.
    private static Func<object, object?> Bind<T>(PropertyInfo property)
        where T : class
    {
        var getter = property.GetMethod!;
        if (!property.PropertyType.IsValueType)
        {
            var get = getter.CreateDelegate<Func<T, object?>>();
            return target => get((T)target);
        }

        if (property.PropertyType == typeof(bool))
        {
            var get = getter.CreateDelegate<Func<T, bool>>();
            return target => get((T)target);
        }

        if (property.PropertyType == typeof(int))
        {
            var get = getter.CreateDelegate<Func<T, int>>();
            return target => get((T)target);
        }

        return property.GetValue;
    }
}
