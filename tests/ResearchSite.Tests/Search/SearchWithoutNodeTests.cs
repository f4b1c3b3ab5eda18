using System.Text.Json;
using ResearchSite.Build;

namespace ResearchSite.Tests.Search;

/// <summary>Tests that change the process's environment, which every other test shares: run alone.</summary>
[CollectionDefinition("Process environment", DisableParallelization = true)]
public class ProcessEnvironmentCollection;

[Collection("Process environment")]
public class SearchWithoutNodeTests
{
    [Fact]
    [Trait("Speed", "Slow")]
    public void Once_Pagefind_is_installed_a_build_indexes_without_Node_js_on_the_path()
    {
        using var site = Some.Site().Article("ar", "study", Some.FrontMatter(title: "التحالف الدولي"), "نصّ الدراسة.\n");
        var empty = Directory.CreateTempSubdirectory("no-node-").FullName;
        var path = Environment.GetEnvironmentVariable("PATH");
        Environment.SetEnvironmentVariable("PATH", empty);
        BuildResult result;
        try
        {
            result = BuildPipeline.Run(new BuildOptions(site.Input, Some.Theme, site.Output, false, null) { Search = true });
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
            Directory.Delete(empty);
        }

        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        Assert.Equal("search: indexed 1 page", result.SearchMessage);
        var entry = JsonDocument.Parse(File.ReadAllText(site.OutputFile("pagefind/pagefind-entry.json"))).RootElement;
        Assert.Equal(1, entry.GetProperty("languages").GetProperty("ar").GetProperty("page_count").GetInt32());
    }
}
