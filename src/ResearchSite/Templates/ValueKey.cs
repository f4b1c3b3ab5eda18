using System.Buffers;
using System.Buffers.Binary;
using System.Collections;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using ResearchSite.Pages;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace ResearchSite.Templates;

/// <summary>
/// What a template can see of a value, written out as bytes: two values with the same key print the same in any
/// template (what they are, member by member as Scriban names them, list by list), so a partial's HTML can be
/// kept under it. Only the values view models are made of have one (strings, numbers, booleans, lists, rendered
/// HTML and the records of <c>Pages/</c>); anything else (a function, a script object a template built) has none.
/// The key is compared whole, not by a hash of it: no two values can ever share HTML by chance.
/// </summary>
internal static class ValueKey
{
    // Deeper than any view model: a value this deep is more likely a cycle.
    private const int MaxDepth = 12;

    // The members Scriban shows of each type, in a fixed order.
    private static readonly ConcurrentDictionary<Type, string[]> Members = new();

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? scratch;

    /// <summary>
    /// The key of a partial's HTML: its name, the page's language, the page members it reads, and its value; false
    /// when one of them has none. The key is valid until this thread asks for the next one.
    /// </summary>
    public static bool TryWrite(out ReadOnlySpan<byte> key, TemplateContext context, string partial, PageView page, IReadOnlyList<string> pageMembers, object? value)
    {
        var buffer = scratch ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        WriteString(buffer, partial);
        WriteString(buffer, page.Lang);
        var accessor = context.GetMemberAccessor(page);
        foreach (var member in pageMembers)
        {
            WriteString(buffer, member);
            if (!accessor.TryGetValue(context, default, page, member, out var read) || !Write(context, buffer, read, 0))
            {
                key = default;
                return false;
            }
        }

        var written = Write(context, buffer, value, 0);
        key = written ? buffer.WrittenSpan : default;
        return written;
    }

    private static bool Write(TemplateContext context, ArrayBufferWriter<byte> buffer, object? value, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        switch (value)
        {
            case null:
                Tag(buffer, 0);
                return true;
            case string text:
                Tag(buffer, 1);
                WriteString(buffer, text);
                return true;
            case bool flag:
                Tag(buffer, flag ? (byte)2 : (byte)3);
                return true;
            case int number:
                Tag(buffer, 4);
                Int(buffer, number);
                return true;
            case long number:
                Tag(buffer, 5);
                BinaryPrimitives.WriteInt64LittleEndian(buffer.GetSpan(8), number);
                buffer.Advance(8);
                return true;
            case double number:
                Tag(buffer, 6);
                BinaryPrimitives.WriteDoubleLittleEndian(buffer.GetSpan(8), number);
                buffer.Advance(8);
                return true;
            case RawHtml { Utf8: { } utf8 }:
                Tag(buffer, 7);
                Int(buffer, utf8.Length);
                buffer.Write(utf8.Span);
                return true;
            case RawHtml { Held: { } held }:
                // Keyed as the same bytes in memory would be: they write the same.
                Tag(buffer, 7);
                Int(buffer, held.Length);
                held.ReadInto(buffer.GetSpan(held.Length)[..held.Length]);
                buffer.Advance(held.Length);
                return true;
            case RawHtml html:
                // Apart from the UTF-8 form: a length in bytes and one in characters must never read alike.
                Tag(buffer, 10);
                WriteString(buffer, html.Html);
                return true;
            // The lists view models are made of: .NET's own, and the read-only ones the compiler makes for `[a, b]`.
            case IList list when list.GetType() is var listType && (listType.IsArray || listType.Assembly == typeof(List<>).Assembly || listType.Assembly == typeof(PageView).Assembly):
                Tag(buffer, 8);
                Int(buffer, list.Count);
                foreach (var item in list)
                {
                    if (!Write(context, buffer, item, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            case not null when value.GetType() is { IsClass: true } type && type.Assembly == typeof(PageView).Assembly && type.Namespace == typeof(PageView).Namespace && type != typeof(PageView):
                return WriteRecord(context, buffer, value, type, depth);
            default:
                return false;
        }
    }

    private static bool WriteRecord(TemplateContext context, ArrayBufferWriter<byte> buffer, object value, Type type, int depth)
    {
        var accessor = context.GetMemberAccessor(value);
        if (!Members.TryGetValue(type, out var members))
        {
            members = Members.GetOrAdd(type, [.. accessor.GetMembers(context, default, value)]);
        }

        Tag(buffer, 9);
        WriteString(buffer, type.FullName ?? type.Name);
        foreach (var member in members)
        {
            if (!accessor.TryGetValue(context, default(SourceSpan), value, member, out var read) || !Write(context, buffer, read, depth + 1))
            {
                return false;
            }
        }

        return true;
    }

    private static void Tag(ArrayBufferWriter<byte> buffer, byte tag)
    {
        buffer.GetSpan(1)[0] = tag;
        buffer.Advance(1);
    }

    private static void Int(ArrayBufferWriter<byte> buffer, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(buffer.GetSpan(4), value);
        buffer.Advance(4);
    }

    // Length first, so that no two sequences of strings run together the same way.
    private static void WriteString(ArrayBufferWriter<byte> buffer, string text)
    {
        Int(buffer, text.Length);
        buffer.Write(MemoryMarshal.AsBytes(text.AsSpan()));
    }
}

/// <summary>Keys compared byte for byte; looked up as spans, so that finding kept HTML allocates nothing.</summary>
internal sealed class ByteKeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    public static readonly ByteKeyComparer Instance = new();

    public bool Equals(byte[]? x, byte[]? y) => x is null ? y is null : y is not null && x.AsSpan().SequenceEqual(y);

    public int GetHashCode(byte[] key) => GetHashCode((ReadOnlySpan<byte>)key);

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<byte> alternate)
    {
        var hash = default(HashCode);
        hash.AddBytes(alternate);
        return hash.ToHashCode();
    }

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
}
