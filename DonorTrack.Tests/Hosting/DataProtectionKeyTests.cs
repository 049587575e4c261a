using DonorTrack.Tests.Support.Stripe;
using DonorTrack.Web.Payments;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace DonorTrack.Tests.Hosting;

public sealed class DataProtectionKeyTests
{
    private readonly List<DonorTrackAppFactory> _apps = [];

    [TearDown]
    public void TearDown()
    {
        foreach (var app in _apps)
            app.Dispose();
        var directories = _apps.Select(a => a.DataDirectory).Distinct().ToList();
        _apps.Clear();
        foreach (var directory in directories.Where(Directory.Exists))
            Directory.Delete(directory, recursive: true);
    }

    private DonorTrackAppFactory App(string? dataDirectory = null)
    {
        var app = dataDirectory is null ? new DonorTrackAppFactory { KeepDataDirectory = true } : new DonorTrackAppFactory { DataDirectory = dataDirectory, KeepDataDirectory = true };
        _apps.Add(app);
        return app;
    }

    private static (long Organization, string Slug) SetUpWithStripeKeys(DonorTrackAppFactory app)
    {
        var organization = app.SetUpFirstOrganization();
        app.Get<PaymentKeyStore>().Save(Actor.System(organization), new PaymentKeysInput("pk_test_fake_donortrack", FakeStripeServer.DefaultApiKey, StripeWebhookSigner.DefaultSecret));
        return (organization, app.Get<OrganizationService>().Find(organization)!.Slug);
    }

    private static void Stop(DonorTrackAppFactory app)
    {
        app.Dispose();
        SqliteConnection.ClearAllPools();
    }

    [Test]
    public void ACopyOfTheDatabaseFileAlone_CarriesTheKeysThatDecryptTheStripeSecrets()
    {
        var first = App();
        var (organization, _) = SetUpWithStripeKeys(first);
        Stop(first);
        var restored = Path.Combine(Path.GetTempPath(), "donortrack-web-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(restored);
        File.Copy(Path.Combine(first.DataDirectory, "donortrack.db"), Path.Combine(restored, "donortrack.db"));

        var second = App(restored);

        Assert.That(second.Get<PaymentKeyStore>().Load(organization)!.SecretKey, Is.EqualTo(FakeStripeServer.DefaultApiKey));
        Assert.That(Directory.Exists(Path.Combine(first.DataDirectory, "keys")), Is.False, "no key files beside the database any more");
    }

    [Test]
    public void TwoAppsOverOneDataDirectory_OneAfterTheOther_ShareTheKeyRing()
    {
        var first = App();
        var (organization, _) = SetUpWithStripeKeys(first);
        Stop(first);

        var second = App(first.DataDirectory);

        Assert.That(second.Get<PaymentKeyStore>().State(organization), Is.EqualTo(PaymentKeysState.Readable));
    }

    [Test]
    public async Task KeyRingLost_AdminSaysReEnterTheKeys_GivingPageIsFriendly_WebhookAnswers503()
    {
        var first = App();
        var (_, slug) = SetUpWithStripeKeys(first);
        Stop(first);
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(first.DataDirectory, "donortrack.db")}"))
            connection.Execute("DELETE FROM data_protection_keys");

        var second = App(first.DataDirectory);

        var admin = await second.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var payments = await admin.GetStringAsync("/Admin/Payments");
        Assert.That(payments, Does.Contain("keys-unreadable").And.Contain("Re-enter").And.Not.Contain("Card giving is on"));
        var give = await second.CreateClient().GetAsync($"/give/{slug}");
        Assert.That(give.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await give.Content.ReadAsStringAsync(), Does.Contain("Card giving is unavailable").And.Not.Contain("donation-form"));
        var webhook = await second.CreateClient().PostAsync($"/stripe/webhook/{slug}", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.That(webhook.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));

        var resaved = await DonorTrackAppFactory.PostFormAsync(admin, "/Admin/Payments", "/Admin/Payments?handler=Save", new()
        {
            ["Input.PublishableKey"] = "pk_test_fake_donortrack", ["Input.SecretKey"] = FakeStripeServer.DefaultApiKey, ["Input.WebhookSecret"] = StripeWebhookSigner.DefaultSecret,
        });
        Assert.That(resaved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await second.CreateClient().GetStringAsync($"/give/{slug}"), Does.Contain("donation-form"));
    }

    [Test]
    public void WithACertificateConfigured_TheStoredKeysAreEncrypted_AndStillDecryptAfterARestart()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=DonorTrack test keys", rsa,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var certificatePath = Path.Combine(Path.GetTempPath(), $"donortrack-keys-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(certificatePath, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx, "pfx-password"));
        var settings = new Dictionary<string, string> { ["DataProtection:CertificatePath"] = certificatePath, ["DataProtection:CertificatePassword"] = "pfx-password" };
        try
        {
            var first = new DonorTrackAppFactory { KeepDataDirectory = true, Settings = settings };
            _apps.Add(first);
            var (organization, _) = SetUpWithStripeKeys(first);
            Stop(first);
            using (var connection = new SqliteConnection($"Data Source={Path.Combine(first.DataDirectory, "donortrack.db")}"))
                Assert.That(connection.Query<string>("SELECT xml FROM data_protection_keys"), Is.Not.Empty.And.All.Contain("EncryptedData").And.All.Not.Contain("<masterKey"));

            var second = new DonorTrackAppFactory { DataDirectory = first.DataDirectory, KeepDataDirectory = true, Settings = settings };
            _apps.Add(second);

            Assert.That(second.Get<PaymentKeyStore>().Load(organization)!.SecretKey, Is.EqualTo(FakeStripeServer.DefaultApiKey));
        }
        finally
        {
            File.Delete(certificatePath);
        }
    }

    [Test]
    public void KeyFilesOfAnOlderInstallation_AreMovedIntoTheDatabaseOnFirstStart()
    {
        var first = App();
        var organization = first.SetUpFirstOrganization();
        Stop(first);
        var keysDirectory = Path.Combine(first.DataDirectory, "keys");
        using (var oldStyle = new ServiceCollection().AddDataProtection().SetApplicationName("DonorTrack")
                   .PersistKeysToFileSystem(new DirectoryInfo(keysDirectory)).Services.BuildServiceProvider())
        {
            var protector = oldStyle.GetRequiredService<IDataProtectionProvider>().CreateProtector("DonorTrack.PaymentKeys.v1");
            var connections = new SqliteConnectionFactory(Path.Combine(first.DataDirectory, "donortrack.db"));
            using var db = connections.BeginTransaction();
            new PaymentSettingsRepository().Save(db, new StoredPaymentSettings(organization, "pk_test_old", protector.Protect("sk_test_old"),
                protector.Protect("whsec_old"), DateTimeOffset.UtcNow, "admin"));
            db.Commit();
        }
        SqliteConnection.ClearAllPools();

        var second = App(first.DataDirectory);

        Assert.That(second.Get<PaymentKeyStore>().Load(organization)!.SecretKey, Is.EqualTo("sk_test_old"));
        Assert.That(Directory.Exists(keysDirectory), Is.False);
        using var connection = new SqliteConnection($"Data Source={Path.Combine(first.DataDirectory, "donortrack.db")}");
        Assert.That(connection.ExecuteScalar<long>("SELECT count(*) FROM data_protection_keys"), Is.GreaterThanOrEqualTo(1));
    }
}
