using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace RedStation.Dashboard.Features.SelfCheckIn;

/// <summary>
/// The signed codes of the stations' check-in links (<c>/checkin/{stationId}/{code}</c>). A code is the station's id
/// protected by ASP.NET Core Data Protection under its own purpose: it cannot be guessed or forged, and it names its
/// station, so a code printed for one station is refused with another's id.
/// </summary>
/// <remarks>
/// Codes never expire: a poster on a wall must keep working for years. Data-protection keys roll over every 90 days,
/// but retired keys stay in the database (<c>DataProtectionKeys</c>) and still verify old codes; deleting or revoking
/// a key there is what invalidates the posters printed under it.
/// </remarks>
public sealed class CheckInLinks(IDataProtectionProvider dataProtection)
{
    /// <summary>Its own purpose: no other protected payload of the app (cookies, antiforgery) can pass as a code.</summary>
    public const string Purpose = "RedStation.SelfCheckIn.StationLink.v1";

    private readonly IDataProtector _protector = dataProtection.CreateProtector(Purpose);

    /// <summary>A new code for the station (each call gives a different one; all of them stay valid).</summary>
    public string CodeFor(int stationId)
    {
        Span<byte> payload = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32BigEndian(payload, stationId);
        return Base64Url.EncodeToString(_protector.Protect(payload.ToArray()));
    }

    /// <summary>The site-relative check-in path of the station, with a fresh code.</summary>
    public string PathFor(int stationId) => $"checkin/{stationId}/{CodeFor(stationId)}";

    /// <summary>True when <paramref name="code"/> was made by <see cref="CodeFor"/> for this very station.</summary>
    public bool IsValid(int stationId, string? code)
    {
        if (string.IsNullOrEmpty(code) || code.Length > 512)
        {
            return false;
        }

        try
        {
            var payload = _protector.Unprotect(Base64Url.DecodeFromChars(code));
            return payload.Length == sizeof(int) && BinaryPrimitives.ReadInt32BigEndian(payload) == stationId;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return false;
        }
    }
}
