using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using RedStation.Data.Live;
using RedStation.Data.Persistence;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Web;

/// <summary>
/// The real app on a real port over the seeded demo network (two days of history), on SQLite. Its alert monitor is off:
/// on the real clock it raises and clears alerts whenever an hour turns, which would change rows and push events in the
/// middle of a test that compares dumps or counts events; a test of alerts evaluates them itself (<c>AlertService.EvaluateAsync</c>).
/// </summary>
public class SeededAppFixture : IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public SeededAppFixture()
        : this(DatabaseProvider.Sqlite)
    {
    }

    protected SeededAppFixture(DatabaseProvider provider, IReadOnlyDictionary<string, string?>? settings = null) =>
        App = new(seedDemo: true, settings: new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Alerts:Enabled"] = "false" }, provider: provider);

    public RedStationAppFactory App { get; }

    public HttpClient Client { get; private set; } = null!;

    public Uri ServerAddress => App.ServerAddress;

    public Task InitializeAsync()
    {
        Client = App.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }

    public T Service<T>() where T : notnull => (T)App.Services.GetService(typeof(T))!;

    public async Task<LiveSnapshot> LiveAsync(string topic = "all") =>
        (await Client.GetFromJsonAsync<LiveSnapshot>($"/api/v1/live?topic={topic}", Json))!;

    /// <summary>Open stations and volunteers not on duty anywhere, taken from the live state.</summary>
    public async Task<(int[] OpenStations, int[] FreeVolunteers)> PickAsync()
    {
        var live = await LiveAsync();
        var open = live.Stations.Where(s => s.Status == Data.Entities.StationStatus.Open).Select(s => s.StationId).ToArray();
        var busy = live.Stations.SelectMany(s => s.OnDuty).Select(v => v.VolunteerId).ToHashSet();
        return (open, Enumerable.Range(1, 17_000).Where(id => !busy.Contains(id)).ToArray());
    }
}

/// <summary>The same, on PostgreSQL.</summary>
public sealed class SeededAppFixture_PostgreSQL() : SeededAppFixture(DatabaseProvider.PostgreSQL);
