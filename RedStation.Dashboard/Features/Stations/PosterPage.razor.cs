using System.Globalization;
using Microsoft.AspNetCore.Components;
using QRCoder;
using RedStation.Dashboard.Features.SelfCheckIn;
using RedStation.Dashboard.Infrastructure;
using RedStation.Dashboard.Security;
using RedStation.Data.Services;

namespace RedStation.Dashboard.Features.Stations;

/// <summary>
/// The station's A4 check-in poster: its name, host unit and address, and a large QR code of its signed check-in link.
/// A static page made for printing (no app chrome); for the people who may manage the station
/// (<see cref="StationAccess.CanManage"/>). The poster speaks Chinese, with a smaller English line, whatever the
/// viewer's language: it hangs on a wall in Ningde.
/// </summary>
public partial class PosterPage
{
    private StationRow? _station;
    private bool _allowed;
    private string? _link;
    private string? _qrSvg;
    private string? _shortLink;

    [Parameter]
    public int StationId { get; set; }

    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    [Inject]
    public required StationDirectory Stations { get; init; }

    [Inject]
    public required CheckInLinks Links { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required PublicLinks PublicLinks { get; init; }

    [Inject]
    public required SelfCheckInService SelfCheckIn { get; init; }

    private string ClosingTime => _station!.ClosesAt.ToString("HH:mm", CultureInfo.InvariantCulture);

    private string OpeningHours => $"{_station!.OpensAt.ToString("HH:mm", CultureInfo.InvariantCulture)}–{ClosingTime}";

    protected override async Task OnInitializedAsync()
    {
        _allowed = HttpContext is { } http && StationAccess.CanManage(http.User, StationId);
        if (!_allowed)
        {
            SetStatus(StatusCodes.Status403Forbidden);
            return;
        }

        _station = await Stations.FindAsync(StationId);
        if (_station is null)
        {
            SetStatus(StatusCodes.Status404NotFound);
            return;
        }

        _link = PublicLinks.Absolute(Links.PathFor(StationId), Navigation);
        _qrSvg = QrSvg(_link);
        await ShowShortCodeAsync(replace: false);
    }

    private Task ReplaceShortCodeAsync() => _station is null ? Task.CompletedTask : ShowShortCodeAsync(replace: true);

    private async Task ShowShortCodeAsync(bool replace)
    {
        var issued = await SelfCheckIn.IssueShortCodeAsync(StationId, replace);
        _shortLink = issued.Succeeded ? ShortLink(PublicLinks.Absolute($"c/{issued.Value}", Navigation)) : null;
    }

    /// <summary>The link as a person types it: without the scheme, which the browser adds.</summary>
    internal static string ShortLink(string absolute) =>
        absolute.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? absolute["https://".Length..]
        : absolute.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? absolute["http://".Length..]
        : absolute;

    /// <summary>
    /// The QR code as SVG (sharp at any print size), sized by CSS through its viewBox. Error correction Q (25 %): a poster
    /// survives a crease, a stain or a pin through it.
    /// </summary>
    internal static string QrSvg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.Q);
        using var svg = new SvgQRCode(data);
        return svg.GetGraphic(new System.Drawing.Size(1000, 1000), "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }

    private void SetStatus(int status)
    {
        if (HttpContext is { Response.HasStarted: false } http)
        {
            http.Response.StatusCode = status;
        }
    }
}
