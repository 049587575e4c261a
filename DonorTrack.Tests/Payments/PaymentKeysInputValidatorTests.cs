using DonorTrack.Web.Payments;

namespace DonorTrack.Tests.Payments;

public sealed class PaymentKeysInputValidatorTests
{
    [Test]
    public void BlankKeys_AreRefusedWithAMessageOnEachField()
    {
        var result = new PaymentKeysInputValidator().Validate(new PaymentKeysInput(null, "", ""));

        Assert.That(result.Errors.Select(e => (e.PropertyName, e.ErrorMessage)), Is.EquivalentTo(new[]
        {
            ("PublishableKey", "Paste the publishable key (pk_…)."),
            ("SecretKey", "Paste the secret key (sk_… or rk_…)."),
            ("WebhookSecret", "Paste the webhook signing secret (whsec_…)."),
        }));
    }

    [Test]
    public void KeysWithTheWrongPrefixes_AreRefusedWithThePrefixEachNeeds()
    {
        var result = new PaymentKeysInputValidator().Validate(new PaymentKeysInput("sk_test_1", "pk_test_1", "secret"));

        Assert.That(result.Errors.Select(e => e.ErrorMessage), Is.SupersetOf(new[]
        {
            "A publishable key starts with pk_.", "A secret key starts with sk_ (or rk_ for a restricted key).", "A webhook signing secret starts with whsec_.",
        }));
    }
}
