using System.Diagnostics;
using Tomlyn;
using Tomlyn.Model;

namespace ResearchSite.Tests.Publishing;

public class NetlifyTests
{
    private static TomlTable Config() =>
        TomlSerializer.Deserialize<TomlTable>(File.ReadAllText(Path.Combine(Some.RepoRoot, "netlify.toml")))!;

    [Fact]
    public void Netlify_publishes_the_output_folder_built_by_the_repository_script()
    {
        var build = (TomlTable)Config()["build"];
        Assert.Equal("output", build["publish"]);
        Assert.Equal("./build.sh", build["command"]);
        var script = new FileInfo(Path.Combine(Some.RepoRoot, "build.sh"));
        Assert.True(script.Exists);
        Assert.True(script.UnixFileMode.HasFlag(UnixFileMode.UserExecute));
    }

    [Fact]
    public void Headers_set_a_strict_policy_and_cache_fingerprinted_assets_for_a_year()
    {
        var headers = ((TomlTableArray)Config()["headers"]).ToDictionary(h => (string)h["for"], h => (TomlTable)h["values"]);
        var csp = (string)headers["/*"]["Content-Security-Policy"];
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("style-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("'unsafe-eval'", csp);
        Assert.Contains("'wasm-unsafe-eval'", csp); // Pagefind's WebAssembly, and nothing more
        Assert.Equal("nosniff", headers["/*"]["X-Content-Type-Options"]);
        Assert.True(headers["/*"].ContainsKey("Referrer-Policy") && headers["/*"].ContainsKey("Permissions-Policy"));
        Assert.Contains("immutable", (string)headers["/assets/*"]["Cache-Control"]);
        Assert.Contains("max-age=0", (string)headers["/*"]["Cache-Control"]);
    }

    [Fact]
    public void Redirects_send_the_root_by_language_and_give_each_language_its_404()
    {
        var redirects = ((TomlTableArray)Config()["redirects"]).ToList();
        var english = Assert.Single(redirects, r => (string)r["from"] == "/" && r.ContainsKey("conditions"));
        Assert.Equal("/en/", english["to"]);
        Assert.Contains(redirects, r => (string)r["from"] == "/" && (string)r["to"] == "/ar/" && !r.ContainsKey("conditions"));
        Assert.Contains(redirects, r => (string)r["from"] == "/ar/*" && (string)r["to"] == "/ar/404.html" && (long)r["status"] == 404);
        Assert.Contains(redirects, r => (string)r["from"] == "/en/*" && (string)r["to"] == "/en/404.html" && (long)r["status"] == 404);
    }

    [Fact]
    public void Without_dotnet_the_build_script_installs_the_pinned_sdk_and_builds_previews_with_their_url_and_drafts()
    {
        using var site = Some.Site();
        var cache = Path.Combine(site.Root, "cache");
        var log = Path.Combine(site.Root, "calls.log");
        var fakeInstaller = Path.Combine(site.Root, "dotnet-install.sh");
        // A stand-in for Microsoft's script: it "installs" a dotnet that records how it was called.
        File.WriteAllText(fakeInstaller, $"""
            #!/usr/bin/env bash
            echo "install $*" >> "{log}"
            dir=""
            while [ $# -gt 0 ]; do case "$1" in --install-dir) dir="$2"; shift;; esac; shift; done
            mkdir -p "$dir"
            cat > "$dir/dotnet" <<'FAKE'
            #!/usr/bin/env bash
            echo "dotnet $*" >> "{log}"
            # publish: "publishes" a CLI that records how it was called.
            if [ "$1" = publish ]; then
              out=""
              while [ $# -gt 0 ]; do case "$1" in -o) out="$2"; shift;; esac; shift; done
              mkdir -p "$out"
              printf '#!/usr/bin/env bash\necho "cli $*" >> "{log}"\n' > "$out/ResearchSite"
              chmod +x "$out/ResearchSite"
            fi
            FAKE
            chmod +x "$dir/dotnet"
            """);
        var start = new ProcessStartInfo("bash", [Path.Combine(Some.RepoRoot, "build.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // A PATH with the shell tools the scripts use, and no dotnet.
        var bin = Directory.CreateDirectory(Path.Combine(site.Root, "bin")).FullName;
        foreach (var tool in new[] { "bash", "dirname", "mkdir", "chmod", "env", "cat", "find", "sort", "xargs", "sha256sum", "cut", "uname", "rm", "mv" })
        {
            File.CreateSymbolicLink(Path.Combine(bin, tool), Path.Combine("/usr/bin", tool) is var p && File.Exists(p) ? p : Path.Combine("/bin", tool));
        }

        start.Environment.Clear();
        start.Environment["PATH"] = bin;
        start.Environment["HOME"] = site.Root;
        start.Environment["NETLIFY_CACHE_DIR"] = cache;
        start.Environment["DOTNET_INSTALL_SCRIPT"] = fakeInstaller;
        start.Environment["CONTEXT"] = "deploy-preview";
        start.Environment["DEPLOY_PRIME_URL"] = "https://deploy-preview-7--research.netlify.app";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit(60_000);
        Assert.True(process.ExitCode == 0, stderr);
        var calls = File.ReadAllLines(log);
        Assert.StartsWith("install --jsonfile global.json --install-dir " + Path.Combine(cache, "dotnet"), calls[0]);
        // No C compiler on this PATH for Native AOT: the CLI is published with ReadyToRun, with one line saying so,
        // into Netlify's cache folder, and run from there.
        Assert.Contains("no C compiler (clang or gcc) for Native AOT: publishing the CLI with ReadyToRun", stderr);
        Assert.StartsWith("dotnet publish src/ResearchSite -c Release -r linux-", calls[1]);
        Assert.Contains($"--self-contained false -p:PublishReadyToRun=true -o {Path.Combine(cache, "researchsite-cli")}{Path.DirectorySeparatorChar}", calls[1]);
        // Images are kept in Netlify's cache folder too, which persists between builds.
        var build = $"cli build --base-url https://deploy-preview-7--research.netlify.app --drafts --cache {Path.Combine(cache, "researchsite-images")}";
        Assert.Equal(build, calls[2]);
    }

    [Fact]
    public void The_build_script_publishes_the_cli_once_and_runs_that_build_after_build()
    {
        using var site = Some.Site();
        var cache = Path.Combine(site.Root, "cache");
        var log = Path.Combine(site.Root, "calls.log");
        var bin = Directory.CreateDirectory(Path.Combine(site.Root, "bin")).FullName;
        // A dotnet that "publishes" a CLI which records its calls; the script's own tools from the system.
        File.WriteAllText(Path.Combine(bin, "dotnet"), $"""
            #!/usr/bin/env bash
            echo "dotnet $1" >> "{log}"
            out=""
            while [ $# -gt 0 ]; do case "$1" in -o) out="$2"; shift;; esac; shift; done
            mkdir -p "$out"
            printf '#!/usr/bin/env bash\necho "cli $1" >> "{log}"\n' > "$out/ResearchSite"
            chmod +x "$out/ResearchSite"
            """);
        using (var chmod = Process.Start("chmod", ["+x", Path.Combine(bin, "dotnet")]))
        {
            chmod.WaitForExit();
        }

        var start = new ProcessStartInfo("bash", [Path.Combine(Some.RepoRoot, "build.sh")]) { RedirectStandardError = true, UseShellExecute = false };
        start.Environment["PATH"] = bin + ":/usr/bin:/bin";
        start.Environment["NETLIFY_CACHE_DIR"] = cache;
        for (var build = 0; build < 3; build++)
        {
            using var process = Process.Start(start)!;
            process.WaitForExit(60_000);
            Assert.True(process.ExitCode == 0, process.StandardError.ReadToEnd());
        }

        Assert.Equal(["dotnet publish", "cli build", "cli build", "cli build"], File.ReadAllLines(log));
        Assert.Single(Directory.GetDirectories(Path.Combine(cache, "researchsite-cli")));
    }

    [Fact]
    public void With_a_c_compiler_the_build_script_publishes_the_cli_native_and_keeps_it_apart_from_a_ready_to_run_one()
    {
        using var site = Some.Site();
        // No compiler at first.
        var (bin, log, cache, start) = FakeToolchain(site, nativeFails: false);
        void Build()
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit(60_000);
            Assert.True(process.ExitCode == 0, stderr);
        }

        Build();
        // A compiler appears (the C toolchain the native linker needs): the ReadyToRun CLI kept in the cache is not it.
        File.WriteAllText(Path.Combine(bin, "gcc"), "#!/usr/bin/env bash\n");
        Executable(Path.Combine(bin, "gcc"));
        Build();
        Build();

        var calls = File.ReadAllLines(log);
        Assert.Equal(["dotnet publish", "cli build", "dotnet publish", "cli build", "cli build"], calls.Select(c => string.Join(' ', c.Split(' ').Take(2))));
        Assert.Contains("-p:PublishReadyToRun=true", calls[0]);
        Assert.Contains(string.Join(' ', NativeFlags(null)) + " -o", calls[2]);
        Assert.DoesNotContain("ReadyToRun", calls[2]);
        Assert.Single(Directory.GetDirectories(Path.Combine(cache, "researchsite-cli")));
    }

    [Fact]
    public void When_the_native_publish_fails_the_build_script_says_so_and_builds_with_a_ready_to_run_cli()
    {
        using var site = Some.Site();
        // A compiler is there, but the native publish fails (no binutils, too little memory for ILC).
        var (bin, log, cache, start) = FakeToolchain(site, nativeFails: true);
        File.WriteAllText(Path.Combine(bin, "gcc"), "#!/usr/bin/env bash\n");
        Executable(Path.Combine(bin, "gcc"));

        string Build()
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit(60_000);
            Assert.True(process.ExitCode == 0, stderr);
            return stderr;
        }

        Assert.Contains("the Native AOT publish failed (above): publishing the CLI with ReadyToRun instead", Build());
        // Tried once for these sources, not at every build.
        Assert.Contains("the Native AOT publish of these sources failed before: using the CLI published with ReadyToRun", Build());

        var calls = File.ReadAllLines(log);
        Assert.Equal(["dotnet publish", "dotnet publish", "cli build", "cli build"], calls.Select(c => string.Join(' ', c.Split(' ').Take(2))));
        Assert.Contains("-p:PublishAot=true", calls[0]);
        Assert.Contains("-p:PublishReadyToRun=true", calls[1]);
        var kept = Assert.Single(Directory.GetDirectories(Path.Combine(cache, "researchsite-cli")));
        Assert.False(kept.EndsWith(".tmp", StringComparison.Ordinal), kept);
    }

    [Fact]
    public void On_a_processor_with_every_x86_64_v3_instruction_the_native_cli_is_compiled_for_that_level()
    {
        using var site = Some.Site();
        var cpuinfo = Path.Combine(site.Root, "cpuinfo");
        const string V3 = "fpu sse sse2 cx16 lahf_lm popcnt pni sse4_1 sse4_2 ssse3 avx avx2 bmi1 bmi2 f16c fma abm movbe xsave";
        File.WriteAllText(cpuinfo, $"processor\t: 0\nflags\t\t: {V3}\n\nprocessor\t: 1\nflags\t\t: {V3}\n");
        var x64 = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64;

        Assert.Equal(x64 ? ["-p:PublishAot=true", "-p:DebugType=none", "-p:IlcInstructionSet=x86-64-v3"] : ["-p:PublishAot=true", "-p:DebugType=none"], NativeFlags(cpuinfo));
        // One instruction short of the level (a processor from before 2013, or a virtual machine that hides AVX2): the oldest x64 level.
        File.WriteAllText(cpuinfo, $"flags\t\t: {V3.Replace(" avx2", string.Empty, StringComparison.Ordinal)}\n");
        Assert.Equal(["-p:PublishAot=true", "-p:DebugType=none"], NativeFlags(cpuinfo));
    }

    // What tools/native-publish-flags.sh prints for this machine, or for the processor described in cpuinfo.
    private static List<string> NativeFlags(string? cpuinfo)
    {
        var start = new ProcessStartInfo("bash", cpuinfo is null ? [Path.Combine(Some.RepoRoot, "tools", "native-publish-flags.sh")] : [Path.Combine(Some.RepoRoot, "tools", "native-publish-flags.sh"), cpuinfo]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return lines;
    }

    // A dotnet that "publishes" a CLI recording its calls (and fails a native publish if told to), and only the
    // shell tools the script uses on the PATH: no C compiler unless the test adds one.
    private static (string Bin, string Log, string Cache, ProcessStartInfo Start) FakeToolchain(FixtureSite site, bool nativeFails)
    {
        var cache = Path.Combine(site.Root, "cache");
        var log = Path.Combine(site.Root, "calls.log");
        var bin = Directory.CreateDirectory(Path.Combine(site.Root, "bin")).FullName;
        var failure = nativeFails ? "case \"$*\" in *PublishAot=true*) echo \"ld: cannot find crt1.o\" >&2; exit 1;; esac" : string.Empty;
        File.WriteAllText(Path.Combine(bin, "dotnet"), $"""
            #!/usr/bin/env bash
            echo "dotnet $*" >> "{log}"
            {failure}
            out=""
            while [ $# -gt 0 ]; do case "$1" in -o) out="$2"; shift;; esac; shift; done
            mkdir -p "$out"
            printf '#!/usr/bin/env bash\necho "cli $1" >> "{log}"\n' > "$out/ResearchSite"
            chmod +x "$out/ResearchSite"
            """);
        Executable(Path.Combine(bin, "dotnet"));
        foreach (var tool in new[] { "bash", "dirname", "mkdir", "chmod", "env", "cat", "find", "sort", "xargs", "sha256sum", "cut", "uname", "rm", "mv" })
        {
            File.CreateSymbolicLink(Path.Combine(bin, tool), Path.Combine("/usr/bin", tool) is var p && File.Exists(p) ? p : Path.Combine("/bin", tool));
        }

        var start = new ProcessStartInfo("bash", [Path.Combine(Some.RepoRoot, "build.sh")]) { RedirectStandardError = true, UseShellExecute = false };
        start.Environment["PATH"] = bin;
        start.Environment["NETLIFY_CACHE_DIR"] = cache;
        return (bin, log, cache, start);
    }

    private static void Executable(string path)
    {
        using var chmod = Process.Start("chmod", ["+x", path])!;
        chmod.WaitForExit();
    }

    [Fact]
    public void With_dotnet_on_the_path_the_build_script_builds_the_site()
    {
        using var site = Some.Site().Article("ar", "a", Some.FrontMatter());
        var start = new ProcessStartInfo("bash", [Path.Combine(Some.RepoRoot, "build.sh"), "--input", site.Input, "--output", site.Output])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = site.Root,
        };
        start.Environment["CONTEXT"] = "production";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit(300_000);
        Assert.True(process.ExitCode == 0, output + process.StandardError.ReadToEnd());
        Assert.Contains("Built ", output);
        Assert.Equal("https://research.example.org/ar/articles/a/", site.Page("ar/articles/a/index.html").QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
        // With a C compiler here, the program that built it is the native one: no assembly for a runtime to load.
        var published = Assert.Single(Directory.GetDirectories(Path.Combine(Some.RepoRoot, "bin", "researchsite-cli")));
        var compiler = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(d => File.Exists(Path.Combine(d, "gcc")) || File.Exists(Path.Combine(d, "clang")));
        Assert.Equal(!compiler, File.Exists(Path.Combine(published, "ResearchSite.dll")));
    }
}
