using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;

namespace DonorTrack.Web.Hosting;

/// <summary>
/// How the web host meets the outside world and keeps its secrets: public URLs and allowed hosts, trusted proxies, secure
/// cookies, the Data Protection key ring in the database, the write-wait bound, and 503s for "not now" failures.
/// </summary>
public static class DonorTrackHosting
{
    private const string KeyManagerCategory = "Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager";

    /// <summary>How long a change waits for another writer: <c>DonorTrack:WriteWaitSeconds</c>, else 30 s.</summary>
    public static TimeSpan WriteWait(IConfiguration configuration) =>
        double.TryParse(configuration["DonorTrack:WriteWaitSeconds"], System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : SqliteConnectionFactory.DefaultWriteWait;

    public static void AddDonorTrackHosting(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var urls = PublicUrls.FromConfiguration(configuration);
        builder.Services.AddSingleton(urls);
        var allowedHosts = urls.AllowedHosts(configuration);
        builder.Services.Configure<HostFilteringOptions>(options => options.AllowedHosts = [.. allowedHosts]);

        var proxies = KnownProxies(configuration);
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
                options.KnownProxies.Add(proxy);
        });

        builder.Services.PostConfigure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme,
            options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        builder.Services.Configure<AntiforgeryOptions>(options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);

        builder.Services.AddSingleton<DatabaseXmlRepository>();
        var protection = builder.Services.AddDataProtection().SetApplicationName("DonorTrack");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<DatabaseXmlRepository>((options, repository) => options.XmlRepository = repository);
        if (KeyCertificate(configuration) is { } certificate)
            protection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        else
            // Without a certificate every new key would log "No XML encryptor configured"; one start-up line says it instead.
            builder.Logging.AddFilter(KeyManagerCategory, level => level >= LogLevel.Error);
    }

    /// <summary>Runs after the migrations and before any other middleware: imports old key files, trusts configured proxies.</summary>
    public static void UseDonorTrackHosting(this WebApplication app, string dataDirectory)
    {
        var imported = app.Services.GetRequiredService<DatabaseXmlRepository>().ImportKeyFiles(Path.Combine(dataDirectory, "keys"));
        if (imported > 0)
            app.Logger.LogInformation("Moved {Count} Data Protection key(s) from {Directory} into the database table data_protection_keys", imported, Path.Combine(dataDirectory, "keys"));
        if (KeyCertificate(app.Configuration) is null)
            app.Logger.LogInformation("Data Protection keys are kept in the database (table data_protection_keys) without encryption at rest: a copy of the " +
                "database can decrypt the saved Stripe secrets, so keep backups private, or set DataProtection:CertificatePath to encrypt the keys with a certificate");
        app.Logger.LogInformation("Public base URL {BaseUrl}; accepted hosts {Hosts}", app.Services.GetRequiredService<PublicUrls>().BaseUrl,
            string.Join(", ", app.Services.GetRequiredService<PublicUrls>().AllowedHosts(app.Configuration)));
        // With no proxy listed the middleware would trust every sender, so it is only added for configured ones.
        if (KnownProxies(app.Configuration).Count > 0)
            app.UseForwardedHeaders();
    }

    private static List<IPAddress> KnownProxies(IConfiguration configuration) =>
        (configuration["DonorTrack:KnownProxies"] ?? "")
            .Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(text => IPAddress.TryParse(text, out var address)
                ? address
                : throw new InvalidOperationException($"DonorTrack:KnownProxies: '{text}' is not an IP address."))
            .ToList();

    private static X509Certificate2? KeyCertificate(IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration["DataProtection:CertificatePath"])
            ? null
            : X509CertificateLoader.LoadPkcs12FromFile(configuration["DataProtection:CertificatePath"]!, configuration["DataProtection:CertificatePassword"]);
}
