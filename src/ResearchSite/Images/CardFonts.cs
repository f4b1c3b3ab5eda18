using System.Collections.Concurrent;
using System.Security.Cryptography;
using NetVips;

namespace ResearchSite.Images;

/// <summary>
/// The theme's TrueType fonts as libvips is given them: a copy of each, named by its content, in the user's
/// own cache folder, which no build deletes.
/// </summary>
/// <remarks>
/// libvips hands a font file to fontconfig once per process and never takes it back, and fontconfig then
/// prefers it to any other font of its family, the system's included. Given the theme's own path, a theme
/// folder that goes away (a test's copy, a theme moved while <c>serve</c> runs) leaves fontconfig choosing a
/// file that is no longer there, and from then on every card of the process is drawn in empty boxes, its
/// Latin letters too. A copy named by its content stays where it is for as long as the process lives, and
/// the same font from two folders is one file. The folder is the user's (<c>XDG_CACHE_HOME</c>, else
/// <c>~/.cache</c>), not the shared temporary folder, where another user could make it first and swap the fonts.
/// </remarks>
internal sealed class CardFonts(string folder)
{
    private static readonly Lazy<CardFonts> Shared = new(() => new CardFonts(UserFolder()));

    private readonly ConcurrentDictionary<string, byte[]> copies = new(StringComparer.Ordinal);

    /// <summary>Registers the font with libvips and returns the file it was given.</summary>
    public static string Register(string font)
    {
        var copy = Shared.Value.Copy(font);

        // Handing a font file to Pango's font map is a side effect of rendering text with it.
        using var registered = Image.Text(".", fontfile: copy);
        return copy;
    }

    /// <summary>Puts a registered copy back if something removed it (the user's cache cleaned during a long <c>serve</c>).</summary>
    public static void Keep(string copy) => Shared.Value.Restore(copy);

    /// <summary>The copy of <paramref name="font"/> in this folder; the theme's own file when no copy can be made.</summary>
    internal string Copy(string font)
    {
        var bytes = File.ReadAllBytes(font);
        var name = Convert.ToHexStringLower(SHA256.HashData(bytes))[..32] + Path.GetExtension(font).ToLowerInvariant();
        var copy = Path.Combine(folder, name);
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            Write(copy, bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No folder to keep a copy in: the theme's file, as before, which holds while the theme is there.
            copy = Path.GetFullPath(font);
        }

        copies[copy] = bytes;
        return copy;
    }

    /// <summary>Writes a copy made by <see cref="Copy"/> again if it is gone.</summary>
    internal void Restore(string copy)
    {
        if (!File.Exists(copy) && copies.TryGetValue(copy, out var bytes))
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

    private static string UserFolder()
    {
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(cache) || !Path.IsPathRooted(cache))
        {
            cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        }

        return Path.Combine(cache, "researchsite", "fonts");
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
