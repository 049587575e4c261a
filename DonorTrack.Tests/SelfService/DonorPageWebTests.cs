using System.Text.Json.Nodes;
using DonorTrack.Core.Email;
using DonorTrack.Core.SelfService;
using DonorTrack.Tests.Support.Stripe;
using DonorTrack.Web.Payments;

namespace DonorTrack.Tests.SelfService;

/// <summary>
/// Issue 16 items 1 and 2 through HTTP: the donor page signed in with the mailed link, separated from staff sign-in and
/// from other donors and organizations; card gifts changed Stripe first; declined installments mailed and listed at risk.
/// </summary>
public sealed class DonorPageWebTests
{
    private FakeStripeServer _stripe = null!;
    private DonorTrackAppFactory _app = null!;
    private StripeWebhookSigner _signer = null!;
    private long _organization;
    private string _slug = "";
    private Actor _staff = null!;

    [SetUp]
    public async Task SetUp()
    {
        _stripe = await FakeStripeServer.StartAsync();
        _app = new DonorTrackAppFactory { StripeApiBase = _stripe.ApiBase };
        _organization = _app.SetUpFirstOrganization();
        _slug = _app.Get<OrganizationService>().Find(_organization)!.Slug;
        _staff = Actor.System(_organization);
        _app.Get<PaymentKeyStore>().Save(_staff, new PaymentKeysInput("pk_test_fake_donortrack", FakeStripeServer.DefaultApiKey, StripeWebhookSigner.DefaultSecret));
        DonorPageTestData.UseMail(_app.Get<IDbConnectionFactory>(), _app.Get<MailSettingsRepository>(), _organization, _app.Clock.GetUtcNow());
        _signer = new StripeWebhookSigner(StripeWebhookSigner.DefaultSecret, _app.Clock);
    }

    [TearDown]
    public async Task TearDown()
    {
        _app.Dispose();
        await _stripe.DisposeAsync();
    }

    private Task<HttpResponseMessage> Deliver(SignedWebhook webhook)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/stripe/webhook/{_slug}") { Content = new StringContent(webhook.Payload, Encoding.UTF8, "application/json") };
        request.Headers.Add("Stripe-Signature", webhook.SignatureHeader);
        return _app.CreateClient().SendAsync(request);
    }

    private Task<HttpResponseMessage> AskForLink(HttpClient client, string email, string? slug = null) =>
        DonorTrackAppFactory.PostFormAsync(client, $"/my/{slug ?? _slug}/signin", $"/my/{slug ?? _slug}/signin", new() { ["Input.Email"] = email });

    private Task<HttpResponseMessage> FollowLink(HttpClient client, string token, long? donorId = null)
    {
        var fields = new Dictionary<string, string> { ["token"] = token };
        if (donorId is { } chosen)
            fields["donorId"] = chosen.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return DonorTrackAppFactory.PostFormAsync(client, $"/my/{_slug}/link?token={token}", $"/my/{_slug}/link", fields);
    }

    /// <summary>A browser that asked for a link with the address and followed the mailed link.</summary>
    private async Task<HttpClient> SignedInDonor(string email)
    {
        var client = _app.Browser();
        await AskForLink(client, email);
        var followed = await FollowLink(client, DonorPageTestData.LatestToken(_app.Get<IDbConnectionFactory>(), _organization));
        Assert.That(followed.Headers.Location?.ToString(), Is.EqualTo($"/my/{_slug}"), "the link signs the donor in");
        return client;
    }

    /// <summary>A $20 monthly card gift, created as Stripe's first paid invoice creates it.</summary>
    private async Task<long> CardPledge(string email, string subscriptionId)
    {
        var metadata = new PaymentMetadata { OrganizationId = _organization, Kind = "recurring_donation", DonorEmail = email, DonorFirstName = "Pa", DonorLastName = "Vang", Interval = "month" }.ToStripe();
        _stripe.AddSubscription(subscriptionId, metadata);
        var charge = _stripe.AddCharge(2000);
        var paid = await Deliver(_signer.Sign("invoice.paid", StripeFixtures.SubscriptionInvoice($"in_{subscriptionId}", subscriptionId, 2000, metadata, charge.Id, charge.PaymentIntentId, customerEmail: email)));
        Assert.That(paid.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return _app.Get<RecurringDonationService>().List(_staff).Single(p => p.Row.StripeSubscriptionId == subscriptionId).Row.Id;
    }

    [Test]
    public async Task DonorSignedInWithTheMailedLink_SeesTheirOwnGiftsAndReceipts_AndAnotherDonorsReceiptIs404()
    {
        var pa = _app.Seed.Donor(_staff, "Pa", "Vang", email: "pa@example.org");
        var other = _app.Seed.Donor(_staff, "Hodan", "Zzyzxwarsame", email: "hodan@example.org");
        var own = _app.Get<GiftReceiptService>().ForGift(_staff, _app.Seed.Gift(_staff, pa, 4_321))!.Receipt;
        var theirs = _app.Get<GiftReceiptService>().ForGift(_staff, _app.Seed.Gift(_staff, other, 8_765))!.Receipt;
        var donor = await SignedInDonor("pa@example.org");

        var page = await donor.GetStringAsync($"/my/{_slug}");
        var ownPdf = await donor.GetAsync($"/my/{_slug}/receipts/{own.Id}");
        var theirPdf = await donor.GetAsync($"/my/{_slug}/receipts/{theirs.Id}");

        Assert.That(page, Does.Contain("Hello, Pa Vang").And.Contain("$43.21").And.Contain(own.Number));
        Assert.That(page, Does.Not.Contain("Zzyzxwarsame").And.Not.Contain("$87.65").And.Not.Contain(theirs.Number));
        Assert.That(ownPdf.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(ownPdf.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
        Assert.That(theirPdf.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task AskingForALink_AnswersTheSameForAKnownAndAnUnknownAddress()
    {
        _app.Seed.Donor(_staff, "Pa", "Vang", email: "pa@example.org");

        var known = await (await AskForLink(_app.Browser(), "pa@example.org")).Content.ReadAsStringAsync();
        var unknown = await (await AskForLink(_app.Browser(), "nobody@example.org")).Content.ReadAsStringAsync();

        Assert.That(WithoutTokens(known.Replace("pa@example.org", "ADDRESS", StringComparison.Ordinal)),
            Is.EqualTo(WithoutTokens(unknown.Replace("nobody@example.org", "ADDRESS", StringComparison.Ordinal))));
        Assert.That(known, Does.Contain("If <strong>pa@example.org</strong> is the address on your donor record"));
        Assert.That(DonorPageTestData.Outbox(_app.Get<IDbConnectionFactory>(), _organization, EmailKind.DonorSignInLink), Has.Count.EqualTo(1));
    }

    private static string WithoutTokens(string page) =>
        System.Text.RegularExpressions.Regex.Replace(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"", "");

    [Test]
    public async Task UsedAndExpiredLinks_ShowWhyTheyFailed_AndSignNobodyIn()
    {
        _app.Seed.Donor(_staff, "Pa", "Vang", email: "pa@example.org");
        await SignedInDonor("pa@example.org");
        var usedToken = DonorPageTestData.LatestToken(_app.Get<IDbConnectionFactory>(), _organization);
        var replayer = _app.Browser();
        var replayed = await (await FollowLink(replayer, usedToken)).Content.ReadAsStringAsync();

        _app.Clock.Advance(TimeSpan.FromMinutes(16));
        var late = _app.Browser();
        await AskForLink(late, "pa@example.org");
        var lateToken = DonorPageTestData.LatestToken(_app.Get<IDbConnectionFactory>(), _organization);
        _app.Clock.Advance(TimeSpan.FromMinutes(31));
        var expired = await (await FollowLink(late, lateToken)).Content.ReadAsStringAsync();

        Assert.That(replayed, Does.Contain(System.Net.WebUtility.HtmlEncode(DonorSignInService.UsedLink)));
        Assert.That(expired, Does.Contain(System.Net.WebUtility.HtmlEncode(DonorSignInService.ExpiredLink)));
        Assert.That((await replayer.GetAsync($"/my/{_slug}")).Headers.Location?.ToString(), Is.EqualTo($"/my/{_slug}/signin"));
        Assert.That((await late.GetAsync($"/my/{_slug}")).Headers.Location?.ToString(), Is.EqualTo($"/my/{_slug}/signin"));
    }

    [Test]
    public async Task OpeningTheMailedLink_DoesNotUseItUp_OnlyTheContinueButtonDoes()
    {
        _app.Seed.Donor(_staff, "Pa", "Vang", email: "pa@example.org");
        var client = _app.Browser();
        await AskForLink(client, "pa@example.org");
        var token = DonorPageTestData.LatestToken(_app.Get<IDbConnectionFactory>(), _organization);

        // What a mail scanner does: fetch the link, twice.
        await _app.Browser().GetStringAsync($"/my/{_slug}/link?token={token}");
        await _app.Browser().GetStringAsync($"/my/{_slug}/link?token={token}");

        Assert.That((await FollowLink(client, token)).Headers.Location?.ToString(), Is.EqualTo($"/my/{_slug}"));
    }

    [Test]
    public async Task AddressOnTwoRecords_TheDonorChoosesWhichRecordToOpen()
    {
        _app.Seed.Donor(_staff, "Pa", "Vang", email: "shared@example.org", postalCode: "55104");
        var second = _app.Seed.Donor(_staff, "Pa", "Vangsecondrecord", email: "shared@example.org", postalCode: "55414");
        var client = _app.Browser();
        await AskForLink(client, "shared@example.org");
        var token = DonorPageTestData.LatestToken(_app.Get<IDbConnectionFactory>(), _organization);

        var choice = await (await FollowLink(client, token)).Content.ReadAsStringAsync();
        var chosen = await FollowLink(client, token, second);
        var page = await client.GetStringAsync($"/my/{_slug}");

        Assert.That(choice, Does.Contain("more than one donor record").And.Contain("55104").And.Contain("55414"));
        Assert.That(chosen.Headers.Location?.ToString(), Is.EqualTo($"/my/{_slug}"));
        Assert.That(page, Does.Contain("Hello, Pa Vangsecondrecord"));
    }

    [Test]
    public async Task StaffSignIn_NeverOpensTheDonorPage_AndTheDonorSessionNeverOpensStaffPages()
    {
        _app.Seed.Donor(_staff, "Pa", "Vang", email: "pa@example.org");
        var admin = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var donor = await SignedInDonor("pa@example.org");

        var adminOnDonorPage = await admin.GetAsync($"/my/{_slug}");
        var donorOnStaffPages = await donor.GetAsync("/Donors");
        var donorOnApi = await donor.GetAsync("/api/v1/donors");

        Assert.That(adminOnDonorPage.Headers.Location?.ToString(), Is.EqualTo($"/my/{_slug}/signin"));
        Assert.That(donorOnStaffPages.Headers.Location?.ToString(), Does.Contain("/Account/SignIn?"));
        Assert.That(donorOnApi.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task DonorSessionOfOneOrganization_DoesNotOpenAnotherOrganizationsDonorPage()
    {
        var other = _app.CreateOrganization("Eastside Renters");
        var otherSlug = _app.Get<OrganizationService>().Find(other)!.Slug;
        _app.Seed.Donor(Actor.System(other), "Pa", "Vang", email: "pa@example.org");
        _app.Seed.Donor(_staff, "Pa", "Vang", email: "pa@example.org");
        var donor = await SignedInDonor("pa@example.org");

        var elsewhere = await donor.GetAsync($"/my/{otherSlug}");
        var receiptElsewhere = await donor.GetAsync($"/my/{otherSlug}/receipts/1");

        Assert.That(elsewhere.Headers.Location?.ToString(), Is.EqualTo($"/my/{otherSlug}/signin"));
        Assert.That(receiptElsewhere.Headers.Location?.ToString(), Is.EqualTo($"/my/{otherSlug}/signin"));
        Assert.That((await donor.GetAsync("/my/no-such-organization")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task ChangingTheMonthlyAmount_BelowTheMinimumIsRefusedWithAMessage_AndAValidAmountChangesStripeFirstThenThePledge()
    {
        var pledge = await CardPledge("pa@example.org", "sub_web_amount");
        var donor = await SignedInDonor("pa@example.org");
        var url = $"/my/{_slug}";

        var tooSmall = await DonorTrackAppFactory.PostFormAsync(donor, url, $"{url}?handler=Amount&id={pledge}", new() { ["Amount"] = "0.50" });
        var notMoney = await DonorTrackAppFactory.PostFormAsync(donor, url, $"{url}?handler=Amount&id={pledge}", new() { ["Amount"] = "ten" });
        var accepted = await DonorTrackAppFactory.PostFormAsync(donor, url, $"{url}?handler=Amount&id={pledge}", new() { ["Amount"] = "35" });

        Assert.That(await tooSmall.Content.ReadAsStringAsync(), Does.Contain("The amount must be at least $1.00."));
        Assert.That(await notMoney.Content.ReadAsStringAsync(), Does.Contain(System.Net.WebUtility.HtmlEncode(DonorTrack.Web.Pages.Dollars.InvalidMessage)));
        Assert.That(accepted.Headers.Location?.ToString(), Is.EqualTo(url));
        Assert.That(_stripe.Requests.Count(r => r.Method == "POST" && r.Path == "/v1/subscriptions/sub_web_amount"), Is.EqualTo(1), "only the valid amount reached Stripe");
        Assert.That(_stripe.SubscriptionAmount("sub_web_amount"), Is.EqualTo(3_500));
        Assert.That(_app.Get<RecurringDonationService>().Find(_staff, pledge)!.Row.AmountCents, Is.EqualTo(3_500));
        Assert.That(await donor.GetStringAsync(url), Does.Contain("Your monthly gift now has its new amount"));
    }

    [Test]
    public async Task AnotherDonorsPledgeId_PostedFromADonorPage_Is404_AndStripeIsNotAsked()
    {
        var theirs = await CardPledge("hodan@example.org", "sub_web_theirs");
        _app.Seed.Donor(_staff, "Pa", "Vang", email: "pa@example.org");
        var donor = await SignedInDonor("pa@example.org");
        // The card fee of the first installment is fetched in the background; only subscription and portal calls count here.
        int SubscriptionCalls() => _stripe.Requests.Count(r => r.Path.StartsWith("/v1/subscriptions", StringComparison.Ordinal) || r.Path.StartsWith("/v1/billing_portal", StringComparison.Ordinal));
        var before = SubscriptionCalls();

        foreach (var handler in new[] { "Amount", "Pause", "Resume", "Cancel", "Card" })
        {
            var response = await DonorTrackAppFactory.PostFormAsync(donor, $"/my/{_slug}", $"/my/{_slug}?handler={handler}&id={theirs}", new() { ["Amount"] = "1" });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), handler);
        }

        Assert.That(SubscriptionCalls(), Is.EqualTo(before));
        Assert.That(_app.Get<RecurringDonationService>().Find(_staff, theirs)!.Row.Status, Is.EqualTo(RecurringDonationStatus.Active));
    }

    [Test]
    public async Task UpdateCard_SendsTheDonorToAStripeCustomerPortalSession()
    {
        var pledge = await CardPledge("pa@example.org", "sub_web_card");
        var donor = await SignedInDonor("pa@example.org");

        var response = await DonorTrackAppFactory.PostFormAsync(donor, $"/my/{_slug}", $"/my/{_slug}?handler=Card&id={pledge}", new());

        Assert.That(response.Headers.Location?.ToString(), Does.StartWith("https://billing.stripe.com/p/session/"));
        Assert.That(_stripe.Requests.Single(r => r.Path == "/v1/billing_portal/sessions")["return_url"], Is.EqualTo($"http://localhost:5000/my/{_slug}"));
    }

    [Test]
    public async Task DonorsOwnDetailsChange_IsSaved_AndAppearsOnTheStaffReviewList()
    {
        var pa = _app.Seed.Donor(_staff, "Pa", "Vang", email: "pa@example.org");
        var donor = await SignedInDonor("pa@example.org");
        var url = $"/my/{_slug}/details";

        var refused = await DonorTrackAppFactory.PostFormAsync(donor, url, url, new() { ["Input.City"] = "Minneapolis", ["Input.Country"] = "USA" });
        var saved = await DonorTrackAppFactory.PostFormAsync(donor, url, url, new() { ["Input.City"] = "Minneapolis", ["Input.Phone"] = "612-555-0100" });
        var entry = await _app.SignedInAs(_app.AddUser(_organization, Role.Entry));
        var review = await entry.GetStringAsync("/Donors/SelfServiceChanges");

        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("Use the two-letter country code, e.g. US."));
        Assert.That(saved.Headers.Location?.ToString(), Is.EqualTo($"/my/{_slug}"));
        Assert.That(_app.Get<DonorService>().Find(_staff, pa)!.City, Is.EqualTo("Minneapolis"));
        Assert.That(review, Does.Contain("Pa Vang").And.Contain("Minneapolis").And.Contain("612-555-0100"));
    }

    [Test]
    public async Task DeclinedInstallment_EmailsTheDonorALinkToTheirPage_ListsItAtRiskWithAttemptsAndReason_ThenCountsItRecovered()
    {
        await CardPledge("pa@example.org", "sub_web_declined");
        var metadata = new PaymentMetadata { OrganizationId = _organization, Kind = "recurring_donation", DonorEmail = "pa@example.org", Interval = "month" }.ToStripe();
        var invoice = StripeFixtures.SubscriptionInvoice("in_web_declined", "sub_web_declined", 2000, metadata, paid: false, customerEmail: "pa@example.org");
        invoice["attempt_count"] = 2;
        invoice["next_payment_attempt"] = _app.Clock.GetUtcNow().AddDays(3).ToUnixTimeSeconds();
        invoice["last_finalization_error"] = JsonNode.Parse("""{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds","message":"Your card has insufficient funds."}""");

        await Deliver(_signer.Sign("invoice.payment_failed", invoice));
        var treasurer = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);
        var atRisk = await treasurer.GetStringAsync("/Payments");
        var charge = _stripe.AddCharge(2000);
        await Deliver(_signer.Sign("invoice.paid", StripeFixtures.SubscriptionInvoice("in_web_declined", "sub_web_declined", 2000, metadata, charge.Id, charge.PaymentIntentId, customerEmail: "pa@example.org")));
        var recovered = _app.Get<CardRecovery>().Outcomes(_staff, _app.Clock.GetUtcNow().AddDays(-1), _app.Clock.GetUtcNow().AddDays(1));

        var notice = DonorPageTestData.Outbox(_app.Get<IDbConnectionFactory>(), _organization, EmailKind.CardPaymentFailed).Single();
        Assert.That(notice.To, Is.EqualTo("pa@example.org"));
        Assert.That(notice.Subject, Is.EqualTo("Your gift of $20.00 to Frogtown Tenants Union did not go through"));
        Assert.That(notice.Body, Does.Contain($"http://localhost:5000/my/{_slug}"));
        Assert.That(atRisk, Does.Contain("id=\"at-risk\"").And.Contain("pa@example.org").And.Contain("Your card has insufficient funds."));
        Assert.That(System.Text.RegularExpressions.Regex.IsMatch(atRisk, @"<td class=""num"">\$20\.00</td><td class=""num"">2</td>"), Is.True, "amount and attempts");
        Assert.That(_app.Get<CardRecovery>().AtRisk(_staff), Is.Empty);
        Assert.That(recovered, Is.EqualTo(new RecoveryTotals(1, 2_000, 0, 0)));
        Assert.That(await treasurer.GetStringAsync("/Dues"), Does.Contain("<div class=\"figure\" id=\"card-recovered\">$20.00</div>"));
    }
}
