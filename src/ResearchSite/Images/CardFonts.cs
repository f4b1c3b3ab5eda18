using System.Collections.Concurrent;
using System.Security.Cryptography;
using NetVips;

namespace ResearchSite.Images;

/// <summary>
/// The theme's TrueType fonts as libvips is given them: a copy of each, named by its content, in a folder of
/// this user's that no build deletes.
/// </summary>
/// <remarks>
/// libvips hands a font file to fontconfig once per process and never takes it back, and fontconfig then
/// prefers it to any other font of its family, the system's included. Given the theme's own path, a theme
/// folder that goes away (a test's copy, a theme moved while <c>serve</c> runs) leaves fontconfig choosing a
/// file that is no longer there, and from then on every card of the process is drawn in empty boxes, its
/// Latin letters too. A copy named by its content stays where it is for as long as the process lives, and
/// the same font from two folders is one file.
/// </remarks>
internal static class CardFonts
{
    private static readonly ConcurrentDictionary<string, byte[]> Copies = new(StringComparer.Ordinal);

    // One folder per user: the files are checked against their names before use, so a file put there by
    // someone else is replaced, never drawn with.
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), $"researchsite-fonts-{Environment.UserName}");

    /// <summary>Registers the font with libvips and returns the file it was given.</summary>
    public static string Register(string font)
    {
        var bytes = File.ReadAllBytes(font);
        var name = Convert.ToHexStringLower(SHA256.HashData(bytes))[..32] + Path.GetExtension(font).ToLowerInvariant();
        var copy = Path.Combine(Folder, name);
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(Folder);
            }
            else
            {
                Directory.CreateDirectory(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            Write(copy, bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No folder to keep a copy in: the theme's file, as before, which holds while the theme is there.
            copy = Path.GetFullPath(font);
        }

        Copies[copy] = bytes;

        // Handing a font file to Pango's font map is a side effect of rendering text with it.
        using var registered = Image.Text(".", fontfile: copy);
        return copy;
    }

    /// <summary>Puts a copy back if something removed it (a cleaner of the temporary folder during a long <c>serve</c>).</summary>
    public static void Keep(string copy)
    {
        if (!File.Exists(copy) && Copies.TryGetValue(copy, out var bytes))
        {
            try
            {
                Write(copy, bytes);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Pango falls back to the system's fonts of the family, if any: a card in other letters, not a failed build.
            }
        }
    }

    private static void Write(string copy, byte[] bytes)
    {
        var info = new FileInfo(copy);
        if (info.Exists && info.LinkTarget is null && info.Length == bytes.Length && File.ReadAllBytes(copy).AsSpan().SequenceEqual(bytes))
        {
            return;
        }

        // Written beside and renamed, so that another build drawing at the same time never reads half a font.
        var temporary = $"{copy}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, copy, overwrite: true);
    }
}
