using QRCoder;

namespace RedStation.Dashboard.Features.Admin;

/// <summary>Display links as QR codes, for setting up a screen by scanning rather than typing a 50-character link.</summary>
public static class DisplayQrCode
{
    /// <summary>A PNG data URI of <paramref name="text"/>'s QR code (error correction M, 8 pixels a module).</summary>
    public static string PngDataUri(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(8);
        return $"data:image/png;base64,{Convert.ToBase64String(png)}";
    }
}
