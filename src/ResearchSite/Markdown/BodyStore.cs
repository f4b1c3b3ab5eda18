namespace ResearchSite.Markdown;

/// <summary>
/// Where a rendered body (and a study's print data) waits from its rendering until its page is written.
/// <see cref="Memory"/> holds it deflated in memory, for as long as the article is kept: `serve` keeps
/// every body for the next edit and renders pages on request. A build that writes each page once keeps
/// them out of memory instead (<c>Build/SpillFile</c>).
/// </summary>
public abstract class BodyStore
{
    /// <summary>Deflated in memory, about a quarter of the bytes.</summary>
    public static BodyStore Memory { get; } = new PackedStore();

    /// <summary>Takes a copy of <paramref name="bytes"/>, to be given back by <see cref="HeldBody.Read"/>.</summary>
    internal abstract HeldBody Hold(ReadOnlySpan<byte> bytes);

    private sealed class PackedStore : BodyStore
    {
        internal override HeldBody Hold(ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? HeldBody.Empty : new Packed(PackedBytes.Pack(bytes));

        private sealed class Packed(byte[] packed) : HeldBody
        {
            public override byte[] Read() => PackedBytes.Unpack(packed);

            public override int Length => PackedBytes.LengthOf(packed);

            public override void ReadInto(Span<byte> target) => PackedBytes.UnpackInto(packed, target);

            public override int InMemory => packed.Length;
        }
    }
}

/// <summary>Bytes a <see cref="BodyStore"/> holds.</summary>
internal abstract class HeldBody
{
    public static readonly HeldBody Empty = new None();

    /// <summary>The bytes: a new array at each call, which the caller may keep or drop.</summary>
    public abstract byte[] Read();

    /// <summary>How many bytes <see cref="Read"/> gives.</summary>
    public abstract int Length { get; }

    /// <summary>The bytes, into <paramref name="target"/> (<see cref="Length"/> of them): no array made for them.</summary>
    public abstract void ReadInto(Span<byte> target);

    /// <summary>The bytes they take in memory while they are held.</summary>
    public abstract int InMemory { get; }

    private sealed class None : HeldBody
    {
        public override byte[] Read() => [];

        public override int Length => 0;

        public override void ReadInto(Span<byte> target)
        {
        }

        public override int InMemory => 0;
    }
}

/// <summary>Bytes held deflated (fastest level), their length first.</summary>
internal static class PackedBytes
{
    // One growing buffer per thread for the deflated bytes, copied out at their size.
    [ThreadStatic]
    private static MemoryStream? buffer;

    public static byte[] Pack(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return [];
        }

        var output = buffer ??= new MemoryStream();
        output.SetLength(0);
        Span<byte> length = stackalloc byte[sizeof(int)];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        output.Write(length);
        using (var deflate = new System.IO.Compression.DeflateStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            deflate.Write(bytes);
        }

        var packed = output.ToArray();
        if (output.Capacity > 1 << 20)
        {
            buffer = null;
        }

        return packed;
    }

    public static byte[] Unpack(byte[] packed)
    {
        if (packed.Length == 0)
        {
            return [];
        }

        var bytes = new byte[LengthOf(packed)];
        UnpackInto(packed, bytes);
        return bytes;
    }

    /// <summary>How many bytes <paramref name="packed"/> holds once inflated.</summary>
    public static int LengthOf(byte[] packed) => packed.Length == 0 ? 0 : System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(packed);

    /// <summary>Inflates <paramref name="packed"/> into <paramref name="target"/>, which takes <see cref="LengthOf"/> bytes.</summary>
    public static void UnpackInto(byte[] packed, Span<byte> target)
    {
        if (packed.Length == 0)
        {
            return;
        }

        using var deflate = new System.IO.Compression.DeflateStream(new MemoryStream(packed, sizeof(int), packed.Length - sizeof(int), writable: false), System.IO.Compression.CompressionMode.Decompress);
        deflate.ReadExactly(target[..LengthOf(packed)]);
    }
}
