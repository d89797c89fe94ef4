using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using RedStation.Data.Persistence;

namespace RedStation.Dashboard.Security;

/// <summary>
/// The <c>Security:DataProtection</c> section. The data-protection keys (which sign cookies and antiforgery tokens)
/// live in the database; with a certificate they are stored encrypted with its public key, so a copy of the database
/// alone cannot forge a sign-in.
/// </summary>
public sealed class DataProtectionKeyOptions
{
    public const string SectionName = "Security:DataProtection";

    /// <summary>A PKCS#12 (.pfx) file with an RSA key pair; every server of the deployment needs the same one.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }
}

public static partial class DataProtectionKeyEncryption
{
    /// <summary>
    /// Encrypts the stored keys with <see cref="DataProtectionKeyOptions.CertificatePath"/> when it is set; otherwise
    /// warns at start-up, outside Development, that the keys are stored unencrypted.
    /// </summary>
    public static IServiceCollection AddDataProtectionKeyEncryption(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(DataProtectionKeyOptions.SectionName).Get<DataProtectionKeyOptions>() ?? new();
        if (string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            services.AddHostedService<UnencryptedKeysWarning>();
            return services;
        }

        // Loaded once at start-up: a missing file or a wrong password stops the start rather than the first sign-in.
        if (!File.Exists(options.CertificatePath))
        {
            throw new StartupFailureException(ExitCodes.Certificate,
                $"the data-protection certificate {Path.GetFullPath(options.CertificatePath)} does not exist ({DataProtectionKeyOptions.SectionName}:CertificatePath)");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath, options.CertificatePassword);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new StartupFailureException(ExitCodes.Certificate,
                $"the data-protection certificate {options.CertificatePath} cannot be read ({ex.Message.ReplaceLineEndings(" ").TrimEnd()}) " +
                $"({DataProtectionKeyOptions.SectionName}:CertificatePath, CertificatePassword)", ex);
        }

        if (!certificate.HasPrivateKey)
        {
            throw new StartupFailureException(ExitCodes.Certificate,
                $"the data-protection certificate {options.CertificatePath} has no private key: the stored keys could not be read back " +
                $"({DataProtectionKeyOptions.SectionName}:CertificatePath)");
        }

        // Encrypts new keys with the certificate, and decrypts with this very instance (not only one found in a
        // certificate store, which a container does not have).
        services.AddDataProtection()
            .ProtectKeysWithCertificate(certificate)
            .UnprotectKeysWithAnyCertificate(certificate);
        return services;
    }

    private sealed partial class UnencryptedKeysWarning(IHostEnvironment environment, ILogger<UnencryptedKeysWarning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (!environment.IsDevelopment())
            {
                LogUnencrypted(logger, DataProtectionKeyOptions.SectionName);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Warning, Message =
            "Data-protection keys are stored UNENCRYPTED in the database: anyone with a copy of the database can forge sign-in cookies. " +
            "Set {Section}:CertificatePath (and CertificatePassword) to encrypt them with a certificate.")]
        private static partial void LogUnencrypted(ILogger logger, string section);
    }
}
