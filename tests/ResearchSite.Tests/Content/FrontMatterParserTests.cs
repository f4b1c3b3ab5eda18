using ResearchSite.Content;
using ResearchSite.Diagnostics;

namespace ResearchSite.Tests.Content;

public class FrontMatterParserTests
{
    private static (FrontMatterParser.Result? Result, IReadOnlyList<Diagnostic> Diagnostics) Parse(string text)
    {
        var bag = new DiagnosticBag();
        return (FrontMatterParser.Parse(text, "a.md", bag), bag.Sorted());
    }

    [Fact]
    public void Fields_are_read_into_a_typed_record_with_positions()
    {
        var (result, diagnostics) = Parse("---\ntitle: عنوان\nauthor: [إلهام النجار, omar-saleh]\nunit: regional\ncategory: reports\ndate: 2024-10-15\ntags: [a, b]\n---\nbody\n");
        Assert.Empty(diagnostics);
        var front = result!.FrontMatter;
        Assert.Equal("عنوان", front.Title);
        Assert.Equal(["إلهام النجار", "omar-saleh"], front.Authors.Select(a => a.Value));
        Assert.Equal(3, front.Authors[0].Line);
        Assert.Equal("regional", front.Unit!.Value.Value);
        Assert.Equal(new DateOnly(2024, 10, 15), front.Date);
        Assert.Equal("body", result.Body.Trim());
        Assert.Equal(9, result.BodyStartLine);
    }

    [Fact]
    public void A_file_without_front_matter_is_an_error_on_line_one()
    {
        var (result, diagnostics) = Parse("# Title\n");
        Assert.Null(result);
        var error = Assert.Single(diagnostics);
        Assert.Equal(1, error.Line);
        Assert.Contains("no front matter", error.Message);
    }

    [Fact]
    public void Malformed_yaml_reports_the_line_in_the_file()
    {
        var (_, diagnostics) = Parse("---\ntitle: a\nauthor: [x\ncategory: c\n---\n");
        var error = Assert.Single(diagnostics, d => d.IsError);
        Assert.Contains("malformed YAML", error.Message);
        Assert.InRange(error.Line, 3, 5);
    }

    [Fact]
    public void A_date_that_is_not_iso_names_the_value_and_its_line()
    {
        var (_, diagnostics) = Parse("---\ntitle: a\nauthor: x\ncategory: c\ndate: 15/10/2024\n---\n");
        var error = Assert.Single(diagnostics);
        Assert.Equal(5, error.Line);
        Assert.Contains("'15/10/2024' is not an ISO date", error.Message);
    }

    [Theory]
    [InlineData("title")]
    [InlineData("author")]
    [InlineData("category")]
    [InlineData("date")]
    public void Each_missing_required_field_is_named(string field)
    {
        var lines = new[] { "title: a", "author: x", "category: c", "date: 2024-01-01" }.Where(l => !l.StartsWith(field + ":"));
        var (result, diagnostics) = Parse("---\n" + string.Join('\n', lines) + "\n---\n");
        Assert.Null(result);
        Assert.Contains(diagnostics, d => d.IsError && d.Message.Contains($"'{field}' is missing"));
    }

    [Fact]
    public void Unknown_fields_are_a_warning_that_lists_the_known_ones()
    {
        var (result, diagnostics) = Parse("---\ntitle: a\nauthor: x\ncategory: c\ndate: 2024-01-01\nauthr: y\n---\n");
        Assert.NotNull(result);
        var warning = Assert.Single(diagnostics);
        Assert.False(warning.IsError);
        Assert.Equal(6, warning.Line);
        Assert.Contains("known fields: title, author", warning.Message);
    }

    [Fact]
    public void An_unclosed_front_matter_is_an_error()
    {
        var (_, diagnostics) = Parse("---\ntitle: a\n");
        Assert.Contains("never closed", Assert.Single(diagnostics).Message);
    }

    [Fact]
    public void A_billion_laughs_document_is_refused()
    {
        var yaml = "---\na: &a [x, x]\n" + string.Join('\n', Enumerable.Range(0, 120).Select(i => $"k{i}: [*a, *a]")) + "\n---\n";
        var (result, diagnostics) = Parse(yaml);
        Assert.Null(result);
        Assert.Contains(diagnostics, d => d.Message.Contains("YAML aliases"));
    }

    [Fact]
    public void Key_points_and_the_series_number_are_read_when_given_and_absent_otherwise()
    {
        var (result, diagnostics) = Parse("---\ntitle: t\nauthor: a\ncategory: c\ndate: 2024-10-15\nnumber: 12\nkey_points:\n  - One.\n  - Two.\n  - Three.\n---\nbody\n");
        Assert.Empty(diagnostics);
        Assert.Equal(12, result!.FrontMatter.Number);
        Assert.Equal(["One.", "Two.", "Three."], result.FrontMatter.KeyPoints);

        var (plain, none) = Parse("---\ntitle: t\nauthor: a\ncategory: c\ndate: 2024-10-15\n---\nbody\n");
        Assert.Empty(none);
        Assert.Null(plain!.FrontMatter.Number);
        Assert.Empty(plain.FrontMatter.KeyPoints);
    }

    [Theory]
    [InlineData("number: 0", 6, "'number' must be the study's number in the series")]
    [InlineData("number: twelve", 6, "'number' must be the study's number in the series")]
    [InlineData("number: 1.5", 6, "'number' must be the study's number in the series")]
    [InlineData("key_points: One sentence.", 6, "'key_points' is a list")]
    public void A_wrong_number_or_key_points_that_are_not_a_list_are_errors_at_their_line(string line, int at, string message)
    {
        var (result, diagnostics) = Parse($"---\ntitle: t\nauthor: a\ncategory: c\ndate: 2024-10-15\n{line}\n---\nbody\n");
        Assert.Null(result);
        var error = Assert.Single(diagnostics, d => d.IsError);
        Assert.Equal(at, error.Line);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Fewer_than_three_or_more_than_five_key_points_is_a_warning()
    {
        var (result, diagnostics) = Parse("---\ntitle: t\nauthor: a\ncategory: c\ndate: 2024-10-15\nkey_points: [One., Two.]\n---\nbody\n");
        Assert.NotNull(result);
        var warning = Assert.Single(diagnostics);
        Assert.False(warning.IsError);
        Assert.Equal(6, warning.Line);
        Assert.Contains("3 to 5", warning.Message);
    }
}
