using System.Globalization;

namespace RedStation.Tests.Infrastructure;

/// <summary>Sets the UI culture for a test's messages, and puts the previous one back when disposed.</summary>
public sealed class CultureSwitch : IDisposable
{
    private readonly CultureInfo _previous = CultureInfo.CurrentUICulture;

    public CultureSwitch(string name) => CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);

    public void Dispose() => CultureInfo.CurrentUICulture = _previous;
}
