using System.Net;
using System.Net.Sockets;
using ResearchSite.Cli;

namespace ResearchSite.Tests.Cli;

public class ProgramTests
{
    [Fact]
    public void A_successful_build_exits_zero_with_one_summary_line()
    {
        using var site = Some.Site().Article("ar", "a", Some.FrontMatter());
        var (code, output, _) = Some.Cli("build", "--input", site.Input, "--theme", Some.Theme, "--output", site.Output, "--no-search");
        Assert.Equal(0, code);
        Assert.Matches(@"^Built \d+ pages \(ar: \d+, en: \d+\) into .* in \d+\.\d\d s\.\s*$", output);
    }

    [Fact]
    public void Verbose_reports_each_phase_with_its_allocations_its_CPU_time_the_collector_pauses_the_peak_memory_the_steps_the_page_parts_and_the_JIT_by_phase()
    {
        using var site = Some.Site().Article("ar", "a", Some.FrontMatter());
        var (code, output, _) = Some.Cli("build", "--input", site.Input, "--theme", Some.Theme, "--output", site.Output, "--no-search", "--verbose");
        Assert.Equal(0, code);
        foreach (var phase in new[] { "read", "render", "cross-link", "write", "swap" })
        {
            Assert.Matches($@"(?m)^  {phase} +\d+ ms +\d+ MB managed heap +\d+ MB allocated +\d+ ms CPU$", output);
        }

        Assert.Matches(@"(?m)^  gc +\d+ ms paused; collections gen0 \d+, gen1 \d+, gen2 \d+; \d+ MB allocated; peak \d+ MB resident$", output);
        Assert.Matches(@"(?m)^  steps +.*\bmodel \d+, plan \d+, collisions \d+, link-check \d+, pages \d+, feeds \d+, site files \d+\b.* ms$", output);
        Assert.Matches(@"(?m)^  jit +\d+ ms compiling \d+ methods at run time; by phase: read \d+ in \d+ ms, render \d+ in \d+ ms, cross-link \d+ in \d+ ms(, [a-z-]+ \d+ in \d+ ms)*$", output);
        Assert.Matches(@"(?m)^  pages +views \d+ ms \d+ MB, templates \d+ ms \d+ MB, files \d+ ms \d+ MB \(the workers' time, and what they allocated\)$", output);
    }

    [Fact]
    public void Content_errors_exit_one_with_compiler_style_messages()
    {
        using var site = Some.Site().Article("ar", "a", Some.FrontMatter(date: "tomorrow"));
        var (code, _, errors) = Some.Cli("build", "--input", site.Input, "--theme", Some.Theme, "--output", site.Output);
        Assert.Equal(1, code);
        Assert.Matches(@"a\.md\(5,7\): error: date 'tomorrow' is not an ISO date", errors);
    }

    [Theory]
    [InlineData("build", "--no-such-option")]
    [InlineData("publish")]
    [InlineData()]
    [InlineData("build", "--base-url", "not a url")]
    [InlineData("build", "--base-url", "")]
    [InlineData("build", "--base-url", "https://x.example/?q=1#f")]
    [InlineData("build", "--base-url", "https://x.example/#top")]
    [InlineData("build", "--base-url", "https://user:pass@x.example/")]
    [InlineData("build", "--base-url", "ftp://x.example/")]
    public void Usage_errors_exit_two(params string[] args) =>
        Assert.Equal(2, Some.Cli(args).Code);

    [Theory]
    [InlineData("--host", "my-laptop", "error: --host 'my-laptop' is not an IP address or 'localhost'")]
    [InlineData("--port", "99999", "error: --port 99999 is not a port")]
    [InlineData("--port", "0", "error: --port 0 is not a port")]
    [InlineData("--port", "-5", "error: --port -5 is not a port")]
    [InlineData("--input", "/nonexistent", "error: --input '/nonexistent' does not exist")]
    [InlineData("--input", "", "error: --input is empty")]
    [InlineData("--theme", "/nonexistent", "error: --theme '/nonexistent' does not exist")]
    public void Serve_refuses_a_wrong_address_or_folder_before_building(string option, string value, string message)
    {
        using var site = Some.Site().Article("ar", "a", Some.FrontMatter());
        using var free = new TcpListener(IPAddress.Loopback, 0);
        free.Start();
        var port = ((IPEndPoint)free.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        free.Stop();
        var args = new Dictionary<string, string> { ["--input"] = site.Input, ["--theme"] = Some.Theme, ["--port"] = port, [option] = value };
        var (code, output, errors) = Serve(args.SelectMany(a => new[] { a.Key, a.Value }).Prepend("serve").ToArray());
        Assert.Equal(2, code);
        Assert.StartsWith(message, errors);
        Assert.Single(errors.TrimEnd('\n').Split('\n'));
        Assert.Empty(output);
    }

    [Fact]
    public void Serve_on_a_port_in_use_says_so()
    {
        using var site = Some.Site().Article("ar", "a", Some.FrontMatter());
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var (code, output, errors) = Serve("serve", "--input", site.Input, "--theme", Some.Theme, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2, code);
        Assert.StartsWith($"error: cannot listen on 127.0.0.1:{port}: ", errors);
        Assert.Contains("address already in use", errors);
        Assert.Single(errors.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("Rebuilt", output);
    }

    /// <summary>`serve` as a user runs it; one that does start (the defect) would never return.</summary>
    private static (int Code, string Out, string Err) Serve(params string[] args)
    {
        var run = Task.Run(() => Some.Cli(args));
        Assert.True(run.Wait(TimeSpan.FromSeconds(60)), "serve started instead of refusing");
        return run.Result;
    }

    [Fact]
    public void Help_explains_every_build_option()
    {
        var (code, output, _) = Some.Cli("build", "--help");
        Assert.Equal(0, code);
        foreach (var option in new[] { "--input", "--theme", "--output", "--drafts", "--base-url" })
        {
            Assert.Contains(option, output);
        }
    }

    [Fact]
    public void Base_url_overrides_site_yml_in_canonical_links()
    {
        using var site = Some.Site().Article("ar", "a", Some.FrontMatter());
        var (code, _, _) = Some.Cli("build", "--input", site.Input, "--theme", Some.Theme, "--output", site.Output, "--base-url", "https://preview.example.net/x", "--no-search");
        Assert.Equal(0, code);
        var page = site.Page("ar/articles/a/index.html");
        Assert.Equal("https://preview.example.net/x/ar/articles/a/", page.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
        Assert.Matches(@"^/x/assets/site\.[0-9a-f]{10}\.css$", page.QuerySelector("link[rel=stylesheet]")!.GetAttribute("href"));
    }

    [Fact]
    public void Bidi_controls_in_diagnostics_are_shown_as_code_points()
    {
        // Front matter loses embeddings and overrides when read; marks and zero-width characters stay, and show.
        using var site = Some.Site().Article("ar", "a", Some.FrontMatter(author: "\"\u202Eevil\u2060 \u200F\""));
        site.File("articles/ar/b\u202Ec.md", Some.FrontMatter());
        var (code, _, errors) = Some.Cli("build", "--input", site.Input, "--theme", Some.Theme, "--output", site.Output, "--no-search");
        Assert.Equal(1, code);
        Assert.Contains("author 'evil<U+2060> <U+200F>' is not in data/authors.yml", errors);
        Assert.Contains("b<U+202E>c.md(1,1): error:", errors);
        Assert.DoesNotContain(errors, c => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C');
    }

    [Fact]
    public async Task Invariant_globalization_mode_is_refused_with_one_line_before_any_work()
    {
        using var site = Some.Site().Article("ar", "a", Some.FrontMatter());
        var host = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
        var start = new System.Diagnostics.ProcessStartInfo(host, [typeof(Program).Assembly.Location, "build", "--input", site.Input, "--theme", Some.Theme, "--output", site.Output, "--no-search"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.Equal(2, process.ExitCode);
        var line = Assert.Single((await errors).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
        Assert.Contains("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", line);
        Assert.Equal(string.Empty, await output);
        Assert.False(Directory.Exists(site.Output));
    }
}

/// <summary>A wrong path ends in one line and exit 2 before any work: no stack trace, no build thrown away.</summary>
public class PathOptionTests
{
    public static TheoryData<string, string[]> BadPaths() => new()
    {
        { "an existing file as output", ["--output", "{root}/afile"] },
        { "an empty output", ["--output", ""] },
        { "a blank output", ["--output", "  "] },
        { "an empty input", ["--input", ""] },
        { "an empty theme", ["--theme", ""] },
        { "a missing input", ["--input", "{root}/missing"] },
        { "a file as theme", ["--theme", "{root}/afile"] },
        { "output under a file", ["--output", "{root}/afile/site"] },
        { "a 220-character output name", ["--output", "{root}/" + new string('x', 220)] },
        { "the input as output", ["--output", "{input}"] },
    };

    [Theory]
    [MemberData(nameof(BadPaths))]
    public void A_bad_path_exits_two_with_one_line_before_any_work(string what, string[] option)
    {
        using var site = Some.Site().Article("ar", "a", Some.FrontMatter());
        File.WriteAllText(Path.Combine(site.Root, "afile"), "not a folder");
        var values = new Dictionary<string, string> { ["--input"] = site.Input, ["--theme"] = Some.Theme, ["--output"] = site.Output };
        values[option[0]] = option[1].Replace("{root}", site.Root).Replace("{input}", site.Input);
        var before = Directory.EnumerateFileSystemEntries(site.Root, "*", SearchOption.AllDirectories).ToList();

        var (code, output, errors) = Some.Cli(["build", .. values.SelectMany(v => new[] { v.Key, v.Value }), "--no-search"]);
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Matches(@"^error: \S[^\n]*\n$", errors);
        Assert.Contains(option[0], errors + what);
        Assert.Equal("not a folder", File.ReadAllText(Path.Combine(site.Root, "afile")));
        Assert.Equal(before, Directory.EnumerateFileSystemEntries(site.Root, "*", SearchOption.AllDirectories).ToList());
    }

    [Theory]
    [InlineData("schema", "--output", "{root}/schema.json")]
    [InlineData("new", "author", "x", "--name-en", "X")]
    [InlineData("new", "article", "--lang", "en", "Title")]
    [InlineData("new", "category", "c", "--name-en", "C")]
    public void Every_command_that_reads_the_input_refuses_a_wrong_folder_in_one_line(params string[] command)
    {
        using var site = Some.Site();
        File.WriteAllText(Path.Combine(site.Root, "afile"), "not a folder");
        foreach (var input in new[] { "", "  ", Path.Combine(site.Root, "missing"), Path.Combine(site.Root, "afile") })
        {
            var (code, output, errors) = Some.Cli([.. command.Select(c => c.Replace("{root}", site.Root)), "--input", input]);
            Assert.Equal(2, code);
            Assert.Empty(output);
            Assert.Matches(@"^error: --input [^\n]*\n$", errors);
        }

        Assert.Equal(["afile", "input"], Directory.EnumerateFileSystemEntries(site.Root).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("--input", "")]
    [InlineData("--theme", "")]
    [InlineData("--input", "{root}/afile")]
    public void Check_refuses_a_bad_path_the_same_way(string option, string value)
    {
        using var site = Some.Site().Article("ar", "a", Some.FrontMatter());
        File.WriteAllText(Path.Combine(site.Root, "afile"), "not a folder");
        var values = new Dictionary<string, string> { ["--input"] = site.Input, ["--theme"] = Some.Theme };
        values[option] = value.Replace("{root}", site.Root);
        var (code, output, errors) = Some.Cli(["check", .. values.SelectMany(v => new[] { v.Key, v.Value })]);
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Matches($@"^error: {option} [^\n]*\n$", errors);
    }
}

public class CheckCommandTests
{
    [Fact]
    public void Check_reports_errors_without_writing_anything()
    {
        using var site = Some.Site().Article("en", "a", Some.FrontMatter(), "See [x](missing.md).\n");
        var (code, output, errors) = Some.Cli("check", "--input", site.Input, "--theme", Some.Theme);
        Assert.Equal(1, code);
        Assert.Contains("a.md(8,5): error: the link to 'missing.md' points to no article", errors);
        Assert.Contains("Check failed: 1 error(s)", output);
        Assert.False(Directory.Exists(site.Output));
    }

    [Fact]
    public void Warnings_fail_the_check_only_when_asked()
    {
        using var site = Some.Site().Article("en", "a", Some.FrontMatter(extra: "colour: red\n"));
        Assert.Equal(0, Some.Cli("check", "--input", site.Input, "--theme", Some.Theme).Code);
        Assert.Equal(1, Some.Cli("check", "--input", site.Input, "--theme", Some.Theme, "--warnings-as-errors").Code);
    }
}
