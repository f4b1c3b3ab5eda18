using NetVips;

namespace ResearchSite.Tests.Images;

/// <summary>Image fixtures made by the tests themselves (libvips can write EXIF), so none is committed.</summary>
public static class TestImages
{
    /// <summary>A field photo as a phone saves it: a JPEG with the camera's make and serial, GPS coordinates and a Display P3 colour profile.</summary>
    public static byte[] GpsJpeg(int width = 2400, int height = 1600)
    {
        using var photo = Gradient(width, height);
        using var tagged = photo.Mutate(m =>
        {
            m.Set(GValue.GStrType, "exif-ifd0-Make", "FieldCam");
            m.Set(GValue.GStrType, "exif-ifd0-Model", "FC-1000");
            m.Set(GValue.GStrType, "exif-ifd2-BodySerialNumber", "SN-4471-2209");
            m.Set(GValue.GStrType, "exif-ifd3-GPSLatitudeRef", "N");
            m.Set(GValue.GStrType, "exif-ifd3-GPSLatitude", "33/1 18/1 0/1");
            m.Set(GValue.GStrType, "exif-ifd3-GPSLongitudeRef", "E");
            m.Set(GValue.GStrType, "exif-ifd3-GPSLongitude", "44/1 22/1 0/1");
        });
        using var p3 = tagged.IccTransform("p3");
        return p3.JpegsaveBuffer(q: 85);
    }

    /// <summary>
    /// A photo taken with the phone held upright: its pixels stored <paramref name="width"/> × <paramref name="height"/>
    /// (landscape) and an EXIF orientation of 6 (turn a quarter clockwise to show), saved as <paramref name="format"/>
    /// (jpg, webp or png: each carries EXIF).
    /// </summary>
    public static byte[] TurnedPhoto(string format, int width = 1200, int height = 800)
    {
        using var photo = Gradient(width, height);
        using var turned = photo.Mutate(m => m.Set(GValue.GIntType, "orientation", 6));
        return format switch
        {
            "jpg" => turned.JpegsaveBuffer(q: 85),
            "webp" => turned.WebpsaveBuffer(q: 85),
            _ => turned.PngsaveBuffer(),
        };
    }

    /// <summary>A chart: a PNG with flat colours.</summary>
    public static byte[] Png(int width = 900, int height = 600)
    {
        using var chart = Gradient(width, height);
        return chart.PngsaveBuffer();
    }

    public const string Svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"320\" viewBox=\"0 0 640 320\"><rect width=\"640\" height=\"320\" fill=\"#f3ebe4\"/><circle cx=\"160\" cy=\"160\" r=\"100\" fill=\"#7a2e1f\"/><path d=\"M300 60h260v200H300z\" fill=\"#555b66\"/></svg>";

    /// <summary>What a file says of itself once published: its format, size and metadata fields.</summary>
    public static (string Format, int Width, int Height, IReadOnlyList<string> Fields) Read(string path) => Read(Image.NewFromFile(path));

    public static (string Format, int Width, int Height, IReadOnlyList<string> Fields) Read(byte[] bytes) => Read(Image.NewFromBuffer(bytes));

    private static (string Format, int Width, int Height, IReadOnlyList<string> Fields) Read(Image opened)
    {
        using var image = opened;
        var loader = (string)image.Get("vips-loader");
        return (loader.Replace("load", string.Empty, StringComparison.Ordinal).Replace("_source", string.Empty, StringComparison.Ordinal).Replace("_buffer", string.Empty, StringComparison.Ordinal), image.Width, image.Height, image.GetFields());
    }

    private static Image Gradient(int width, int height)
    {
        // Not a flat colour: a ramp in each band, so that encoders have something to encode.
        using var xy = Image.Xyz(width, height);
        using var x = xy[0];
        using var y = xy[1];
        using var r = x * (255.0 / width);
        using var g = y * (255.0 / height);
        using var b = (x + y) * (127.0 / (width + height)) + 64;
        using var joined = r.Bandjoin(g, b);
        return joined.Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
    }
}
