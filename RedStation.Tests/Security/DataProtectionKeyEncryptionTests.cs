using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RedStation.Data;
using RedStation.Tests.Infrastructure;

namespace RedStation.Tests.Security;

public sealed class DataProtectionKeyEncryptionTests : IDisposable
{
    private const string CertificatePassword = "test-only-certificate-password";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "redstation-dp-tests", Guid.NewGuid().ToString("N"));

    public DataProtectionKeyEncryptionTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public async Task WithACertificate_TheStoredKeysAreEncrypted_AndASignInSurvivesARestart()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Security:DataProtection:CertificatePath"] = CreateCertificate(),
            ["Security:DataProtection:CertificatePassword"] = CertificatePassword,
        };
        var cookies = new CookieContainer();
        var database = Path.Combine(_folder, "db");
        Directory.CreateDirectory(database);

        await using (var first = new RedStationAppFactory(settings: settings, folder: database))
        {
            using var client = await SignInAsync(first.ServerAddress, cookies);
            using var page = await client.GetAsync("/stations");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);

            await using var db = await first.Services.GetRequiredService<IDbContextFactory<RedStationDbContext>>().CreateDbContextAsync();
            var keys = await db.DataProtectionKeys.Select(k => k.Xml).ToListAsync();
            Assert.NotEmpty(keys);
            Assert.All(keys, xml =>
            {
                Assert.Contains("encryptedSecret", xml);
                Assert.DoesNotContain("<masterKey", xml);
            });
        }

        await using var second = new RedStationAppFactory(settings: settings, folder: database);
        using var again = SecurityFixture.CreateClient(second.ServerAddress, cookies: cookies);
        using var stillSignedIn = await again.GetAsync("/stations");

        Assert.Equal(HttpStatusCode.OK, stillSignedIn.StatusCode);
    }

    [Fact]
    public async Task WithoutACertificate_TheStoredKeysArePlain()
    {
        var database = Path.Combine(_folder, "plain");
        Directory.CreateDirectory(database);
        await using var app = new RedStationAppFactory(folder: database);
        using var client = await SignInAsync(app.ServerAddress, new CookieContainer());

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<RedStationDbContext>>().CreateDbContextAsync();
        Assert.Contains(await db.DataProtectionKeys.Select(k => k.Xml).ToListAsync(), xml => xml?.Contains("<masterKey", StringComparison.Ordinal) == true);
    }

    private static async Task<HttpClient> SignInAsync(Uri server, CookieContainer cookies)
    {
        var client = SecurityFixture.CreateClient(server, cookies: cookies);
        using var signedIn = await SecurityFixture.PostSignInAsync(client, RedStationAppFactory.AdminUserName, RedStationAppFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }

    /// <summary>A self-signed RSA certificate with its private key, written as a password-protected .pfx.</summary>
    private string CreateCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=RedStation data protection (tests)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_folder, "data-protection.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, CertificatePassword));
        return path;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open elsewhere; the temp folder is cleaned by the OS eventually.
        }
    }
}
