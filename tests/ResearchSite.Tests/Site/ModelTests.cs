using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using ResearchSite.Build;

namespace ResearchSite.Tests.Site;

/// <summary>The model's records print, hash and compare without recursing (an error message that printed a language once ran out of stack).</summary>
public class ModelTests
{
    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null || (type.IsValueType && type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance) is not null);

    private static bool HasGeneratedToString(Type type) =>
        type.GetMethod(nameof(ToString), BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes)?.GetCustomAttribute<CompilerGeneratedAttribute>() is not null;

    [Fact]
    public void No_record_prints_a_property_that_leads_back_to_its_own_type()
    {
        var records = typeof(BuildPipeline).Assembly.GetTypes().Where(IsRecord).ToList();
        Assert.Contains(typeof(ResearchSite.Text.Language), records);

        // The generated ToString prints every public property; one that is a record printed the same way
        // prints its properties in turn. A path back to a type already on the way never ends.
        IEnumerable<Type> Printed(Type type) =>
            HasGeneratedToString(type)
                ? type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Select(p => Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType)
                    .Where(t => records.Contains(t) || (t.IsGenericType && records.Contains(t.GetGenericTypeDefinition())))
                : [];

        var cycles = new List<string>();
        void Visit(Type type, List<Type> path)
        {
            if (path.Contains(type))
            {
                cycles.Add(string.Join(" → ", path.Skip(path.IndexOf(type)).Append(type).Select(t => t.Name)));
                return;
            }

            path.Add(type);
            foreach (var next in Printed(type))
            {
                Visit(next, path);
            }

            path.RemoveAt(path.Count - 1);
        }

        foreach (var record in records)
        {
            Visit(record, []);
        }

        Assert.Empty(cycles.Distinct());
    }

    [Fact]
    public void Every_record_of_a_built_site_prints_hashes_and_equals_itself()
    {
        using var site = Some.Site()
            .Article("ar", "pair", Some.FrontMatter(title: "دراسة", extra: "summary: ملخص\ntags: [a]\n"), "## مقدمة\n\nنص[1].\n\nالمصادر:\n[1] مصدر https://example.org/\n")
            .Article("en", "pair", Some.FrontMatter(title: "A Study"), "## Start\n\nText[^a].\n\n[^a]: A note.\n");
        var built = BuildPipeline.BuildInMemory(new BuildOptions(site.Input, Some.Theme, site.Output, false, null));
        Assert.True(built.Result.Succeeded, string.Join('\n', built.Result.Diagnostics));

        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var records = new HashSet<Type>();
        void Visit(object? value, int depth)
        {
            if (value is null or string or Delegate || value.GetType().IsPrimitive || depth > 12 || !seen.Add(value))
            {
                return;
            }

            var type = value.GetType();
            if (IsRecord(type))
            {
                records.Add(type);
                Assert.False(string.IsNullOrEmpty(value.ToString()));
                Assert.Equal(value.GetHashCode(), value.GetHashCode());
                Assert.True(value.Equals(value));
            }

            if (value is IEnumerable items and not IDictionary<string, byte[]>)
            {
                foreach (var item in items.Cast<object?>().Take(50))
                {
                    var pair = item?.GetType() is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(KeyValuePair<,>);
                    Visit(pair ? item!.GetType().GetProperty("Key")!.GetValue(item) : item, depth + 1);
                    Visit(pair ? item!.GetType().GetProperty("Value")!.GetValue(item) : null, depth + 1);
                }
            }

            if (type.Assembly != typeof(BuildPipeline).Assembly)
            {
                return;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
            {
                Visit(property.GetValue(value), depth + 1);
            }
        }

        Visit(built.Prepared, 0);
        foreach (var expected in new[] { typeof(ResearchSite.Site.SiteModel), typeof(ResearchSite.Site.Study), typeof(ResearchSite.Site.Article), typeof(ResearchSite.Text.Language), typeof(ResearchSite.Content.SiteConfig) })
        {
            Assert.Contains(expected, records);
        }
    }
}
