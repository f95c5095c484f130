namespace ComplaintBot.Bot.Channels.Teams;

/// <summary>
/// The two icons a Teams app package needs, drawn in code so the package has no binary assets to keep in sync:
/// a 192×192 colour icon (a white speech bubble on the accent colour) and a 32×32 outline icon (the same bubble,
/// white on transparent, as Teams requires of outline icons).
/// </summary>
public static class AppIcons
{
    public const int ColorSize = 192;
    public const int OutlineSize = 32;

    public static byte[] Color(byte r, byte g, byte b)
    {
        var px = new byte[ColorSize * ColorSize * 4];
        for (var y = 0; y < ColorSize; y++)
        for (var x = 0; x < ColorSize; x++)
        {
            var i = (y * ColorSize + x) * 4;
            var white = InBubble(x + 0.5, y + 0.5, ColorSize);
            px[i] = white ? (byte)255 : r;
            px[i + 1] = white ? (byte)255 : g;
            px[i + 2] = white ? (byte)255 : b;
            px[i + 3] = 255;
        }
        return PngEncoder.Encode(ColorSize, ColorSize, px);
    }

    public static byte[] Outline()
    {
        var px = new byte[OutlineSize * OutlineSize * 4];
        for (var y = 0; y < OutlineSize; y++)
        for (var x = 0; x < OutlineSize; x++)
        {
            var i = (y * OutlineSize + x) * 4;
            if (!InBubble(x + 0.5, y + 0.5, OutlineSize)) continue; // fully transparent
            px[i] = px[i + 1] = px[i + 2] = px[i + 3] = 255;
        }
        return PngEncoder.Encode(OutlineSize, OutlineSize, px);
    }

    /// <summary>An ellipse with a small tail at its lower left, scaled to a square of <paramref name="size"/>.</summary>
    private static bool InBubble(double x, double y, int size)
    {
        double u = x / size, v = y / size;
        double dx = (u - 0.5) / 0.36, dy = (v - 0.45) / 0.27;
        if (dx * dx + dy * dy <= 1) return true;
        // Tail: a triangle from under the ellipse down to the lower left.
        return v >= 0.6 && v <= 0.82 && u >= 0.25 && u <= 0.42 && (u - 0.25) >= (v - 0.6) * 0.3 && (0.42 - u) >= (v - 0.6) * 0.75;
    }
}
