using System.Globalization;
using Microsoft.AspNetCore.Components;
using RedStation.Data.Services;
using RedStation.Data.Time;

namespace RedStation.Dashboard.Features.SelfCheckIn;

/// <summary>
/// A volunteer checks in or out by scanning the station's poster: a static server-rendered form (no circuit, so it is
/// light on a shaky mobile connection), antiforgery-checked, limited per device by the rate limiter and per member
/// number by <see cref="VolunteerAttemptLimiter"/>. The check itself is <see cref="SelfCheckInService"/>'s.
/// </summary>
public partial class CheckInPage
{
    private StationRow? _station;
    private SelfCheckInReceipt? _receipt;
    private bool _checkedOut;
    private string? _error;

    [Parameter]
    public int StationId { get; set; }

    [Parameter]
    public string? Code { get; set; }

    /// <summary>The short code of <c>/c/{code}</c>, typed by hand from the poster; the station is the one it leads to now.</summary>
    [Parameter]
    public string? ShortCode { get; set; }

    [CascadingParameter]
    public HttpContext? HttpContext { get; set; }

    [Inject]
    public required CheckInLinks Links { get; init; }

    [Inject]
    public required StationDirectory Stations { get; init; }

    [Inject]
    public required SelfCheckInService SelfCheckIn { get; init; }

    [Inject]
    public required VolunteerAttemptLimiter Limiter { get; init; }

    [Inject]
    public required CityClock Clock { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromForm(FormName = "checkin")]
    private CheckInInput? Input { get; set; }

    private string OpeningHours => _station is null
        ? string.Empty
        : $"{_station.OpensAt.ToString("t", CultureInfo.CurrentCulture)}–{_station.ClosesAt.ToString("t", CultureInfo.CurrentCulture)}";

    protected override async Task OnInitializedAsync()
    {
        Input ??= new CheckInInput();
        // A forged code, or one printed for another station, is refused with a page that says so. (403, not 404:
        // Blazor drops the body of a statically rendered 404, and a volunteer must not face a blank page.)
        var stationId = ShortCode is null
            ? (Links.IsValid(StationId, Code) ? StationId : null)
            : await SelfCheckIn.FindStationByShortCodeAsync(ShortCode);
        _station = stationId is { } id ? await Stations.FindAsync(id) : null;
        if (_station is null && HttpContext is { Response.HasStarted: false })
        {
            HttpContext.Response.StatusCode = StatusCodes.Status403Forbidden;
        }
    }

    private async Task SubmitAsync()
    {
        if (_station is null)
        {
            return;
        }

        Input ??= new CheckInInput();
        var memberNumber = SelfCheckInService.NormalizeMemberNumber(Input.MemberNumber);
        var phoneLast4 = Input.PhoneLast4?.Trim() ?? string.Empty;
        if (memberNumber.Length == 0 || phoneLast4.Length == 0)
        {
            _error = L["CheckIn.Missing"];
            return;
        }

        if (Limiter.RetryAfter(memberNumber) is { } wait)
        {
            _error = L["CheckIn.TooManyForMember", SelfCheckInExtensions.MinutesToWait(wait)];
            if (HttpContext is { Response.HasStarted: false } http)
            {
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            return;
        }

        _checkedOut = Input.Action == CheckInInput.CheckOutAction;
        var result = _checkedOut
            ? await SelfCheckIn.CheckOutAsync(_station.Id, memberNumber, phoneLast4)
            : await SelfCheckIn.CheckInAsync(_station.Id, memberNumber, phoneLast4);
        if (result.Succeeded)
        {
            Limiter.RecordSuccess(memberNumber);
            _receipt = result.Value;
            return;
        }

        if (result.Error!.Code == ErrorCodes.SelfCheckInIdentityRejected)
        {
            Limiter.RecordFailure(memberNumber);
        }

        _error = result.Error.Message;
    }

    private string Time(DateTime utc) => Clock.ToLocal(utc).ToString("g", CultureInfo.CurrentCulture);

    internal sealed class CheckInInput
    {
        public const string CheckInAction = "in";
        public const string CheckOutAction = "out";

        public string? MemberNumber { get; set; }
        public string? PhoneLast4 { get; set; }
        public string? Action { get; set; }
    }
}
