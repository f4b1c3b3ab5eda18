using ResearchSite.Content;
using ResearchSite.Output;

namespace ResearchSite.Build;

/// <summary>The folders a build is given, checked before any work.</summary>
public static partial class BuildPipeline
{
    /// <summary>Where problems of the command line's folders are reported, for callers that do not check them first.</summary>
    internal const string CommandLine = "command line";

    /// <summary>
    /// What is wrong with the folders of <paramref name="options"/>, in one line, or null: an empty or
    /// missing --input or --theme, and (when the build <paramref name="writes"/>) an --output that cannot
    /// be replaced. A wrong path then costs no build and ends in no stack trace.
    /// </summary>
    public static string? CheckFolders(BuildOptions options, bool writes) =>
        InputProblem(options.InputDir)
        ?? FolderProblem("--theme", options.ThemeDir, "the folder with layouts/, assets/ and strings.yml (the default is 'theme')")
        ?? (writes ? SiteWriter.Problem(options.OutputDir, [options.InputDir, options.ThemeDir]) : null);

    /// <summary>What is wrong with an --input folder, for every command that reads one (new, schema too).</summary>
    public static string? InputProblem(string dir) =>
        FolderProblem("--input", dir, "the folder with site.yml, data/ and articles/ (the default is 'input')");

    private static string? FolderProblem(string option, string dir, string what)
    {
        if (string.IsNullOrWhiteSpace(dir))
        {
            return $"{option} is empty; name {what}.";
        }

        string full;
        try
        {
            full = Path.GetFullPath(dir);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"{option} '{dir}' is not a usable path ({e.Message}); name {what}.";
        }

        return FileKinds.Of(full) switch
        {
            FileKind.Directory => null,
            FileKind.Missing => $"{option} '{dir}' does not exist; name {what}.",
            var kind => $"{option} '{dir}' is {FileKinds.Describe(kind)}, not a folder; name {what}.",
        };
    }
}
