namespace RedStation.Data.Seeding;

public sealed class DemoSeeder
{
    public Task<string?> SeedIfEmptyAsync(CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);
}
