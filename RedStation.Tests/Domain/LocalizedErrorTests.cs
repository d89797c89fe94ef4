using System.Globalization;
using RedStation.Data.Persistence;
using RedStation.Data.Services;
using static RedStation.Tests.Infrastructure.TestNetwork;

namespace RedStation.Tests.Domain;

public class LocalizedErrorTests : DomainTestBase
{
    [Theory]
    [InlineData("zh-CN", "不存在")]
    [InlineData("en", "does not exist")]
    public async Task Errors_SpeakTheCallersLanguage(string culture, string expected)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            var result = await Service<DutyService>().CheckInAsync(UnknownId, VolunteerA);

            Assert.Contains(expected, result.Error!.Message);
            Assert.Contains(UnknownId.ToString(CultureInfo.InvariantCulture), result.Error.Message);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}

public sealed class LocalizedErrorTests_PostgreSQL : LocalizedErrorTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
