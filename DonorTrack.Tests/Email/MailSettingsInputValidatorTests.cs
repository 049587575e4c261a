using DonorTrack.Core.Email;

namespace DonorTrack.Tests.Email;

public sealed class MailSettingsInputValidatorTests
{
    private static readonly MailSettingsInput Valid = new()
    {
        SmtpHost = "smtp.example.org", SmtpPort = 587, FromName = "Frogtown Tenants Union", FromAddress = "office@example.org",
    };

    [Test]
    public void CompleteSettings_AreValid() => Assert.That(new MailSettingsInputValidator().Validate(Valid).IsValid, Is.True);

    // The hostile-input sweep found a blank host reaching the database's NOT NULL: the "when given" condition covered the
    // required rule too.
    [TestCase(null, nameof(MailSettingsInput.SmtpHost))]
    [TestCase("", nameof(MailSettingsInput.SmtpHost))]
    public void BlankHost_IsRefusedOnTheHost(string? host, string field) =>
        Assert.That(new MailSettingsInputValidator().Validate(Valid with { SmtpHost = host }).Errors.Select(e => e.PropertyName), Is.EqualTo(new[] { field }));

    [TestCase(null)]
    [TestCase("")]
    public void BlankFromAddress_IsRefusedOnTheAddress(string? address) =>
        Assert.That(new MailSettingsInputValidator().Validate(Valid with { FromAddress = address }).Errors.Select(e => e.PropertyName),
            Is.EqualTo(new[] { nameof(MailSettingsInput.FromAddress) }));
}
