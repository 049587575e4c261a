using System.Globalization;
using DonorTrack.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Primitives;

namespace DonorTrack.Tests.Web;

public sealed class DollarsModelBinderTests
{
    [TestCase("1,234.50", 123_450)]
    [TestCase("$12", 1_200)]
    [TestCase("12.5", 1_250)]
    [TestCase(" 25 ", 2_500)]
    public async Task TypedDollars_BindToExactCents(string typed, long cents)
    {
        var context = await Bind(typed);

        Assert.That(context.Result.IsModelSet, Is.True);
        Assert.That(context.Result.Model, Is.EqualTo(new Dollars(cents)));
        Assert.That(context.ModelState.ErrorCount, Is.Zero);
    }

    [TestCase("12.345")]
    [TestCase("twelve")]
    [TestCase("1.2.3")]
    public async Task NotDollarsAndCents_LeavesTheAmountUnsetWithTheOneMessage(string typed)
    {
        var context = await Bind(typed);

        Assert.That(context.Result.IsModelSet, Is.False);
        Assert.That(context.ModelState["Amount"]!.Errors.Select(e => e.ErrorMessage), Is.EqualTo(new[] { "Enter an amount in dollars and cents, like 25 or 25.50." }));
        Assert.That(context.ModelState["Amount"]!.AttemptedValue, Is.EqualTo(typed), "the form shows back what was typed");
    }

    [Test]
    public async Task EmptyField_BindsNoAmountWithoutAnError()
    {
        var context = await Bind("  ");

        Assert.That(context.Result.IsModelSet, Is.True);
        Assert.That(context.Result.Model, Is.Null);
        Assert.That(context.ModelState.ErrorCount, Is.Zero);
    }

    [Test]
    public void Amount_ShownBackInTheField_AsPlainDollars() =>
        Assert.That(new Dollars(123_450).ToString(), Is.EqualTo("1234.50"));

    private static async Task<DefaultModelBindingContext> Bind(string typed)
    {
        var context = new DefaultModelBindingContext
        {
            ModelName = "Amount",
            ModelState = new ModelStateDictionary(),
            ValueProvider = new QueryStringValueProvider(BindingSource.Form, new QueryCollection(new Dictionary<string, StringValues> { ["Amount"] = typed }), CultureInfo.InvariantCulture),
        };
        await new DollarsModelBinder().BindModelAsync(context);
        return context;
    }
}

public sealed class MoneyInputWebTests
{
    private DonorTrackAppFactory _app = null!;
    private long _ours;

    [SetUp]
    public void SetUp()
    {
        _app = new DonorTrackAppFactory();
        _ours = _app.SetUpFirstOrganization();
    }

    [TearDown]
    public void TearDown() => _app.Dispose();

    [Test]
    public async Task CampaignGoal_TypedWithDollarSignAndComma_SavesExactCents()
    {
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var response = await DonorTrackAppFactory.PostFormAsync(browser, "/Designations", "/Designations?handler=Campaign",
            new() { ["CampaignName"] = "Roof fund", ["CampaignGoal"] = "$5,000.50" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        Assert.That(_app.Get<DesignationService>().Campaigns(Actor.System(_ours)).Single().GoalCents, Is.EqualTo(500_050));
    }

    [Test]
    public async Task CampaignGoal_NotAnAmount_ShowsTheOneMessageAndSavesNothing()
    {
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var response = await DonorTrackAppFactory.PostFormAsync(browser, "/Designations", "/Designations?handler=Campaign",
            new() { ["CampaignName"] = "Roof fund", ["CampaignGoal"] = "5000.555" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var page = await response.Content.ReadAsStringAsync();
        Assert.That(page, Does.Contain("Enter an amount in dollars and cents, like 25 or 25.50."));
        Assert.That(page, Does.Contain("value=\"5000.555\""), "the typed text stays in the field");
        Assert.That(_app.Get<DesignationService>().Campaigns(Actor.System(_ours)), Is.Empty);
    }

    [Test]
    public async Task MatchingCaps_TypedPerOrganization_BindAsCentsThroughTheDictionary()
    {
        var north = _app.CreateOrganization("Northside Tenants");
        _app.Get<OrganizationService>().LinkAccepted(Actor.System(_ours), north, new DateOnly(2025, 1, 1));
        var funder = _app.Get<DonorService>().Create(Actor.System(_ours), new DonorInput { Kind = DonorKinds.Organization, OrganizationName = "Headwaters Foundation" });
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var response = await DonorTrackAppFactory.PostFormAsync(browser, "/Matching/Edit", "/Matching/Edit", new()
        {
            ["Input.Name"] = "Spring match", ["Input.FunderDonorId"] = funder.ToString(CultureInfo.InvariantCulture), ["Input.Pool"] = "$10,000",
            ["Input.Ratio"] = "1:1", ["Input.StartsOn"] = "2026-04-01", ["Input.EndsOn"] = "2026-04-30", ["Input.Eligibility"] = "all", ["Input.Kind"] = "match",
            ["Input.Participants"] = north.ToString(CultureInfo.InvariantCulture), [$"Input.Caps[{north}]"] = "1,000.50",
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        var campaign = _app.Get<MatchingCampaignService>().List(Actor.System(_ours)).Single();
        Assert.That(campaign.PoolCents, Is.EqualTo(1_000_000));
        var invited = _app.Get<MatchingCampaignService>().ParticipantsNotTakingPart(Actor.System(_ours), campaign.Id);
        Assert.That(invited.Single().CapCents, Is.EqualTo(100_050));
    }

    [Test]
    public async Task MatchingCap_NotAnAmount_ShowsTheOneMessageNextToThatOrganization()
    {
        var funder = _app.Get<DonorService>().Create(Actor.System(_ours), new DonorInput { Kind = DonorKinds.Organization, OrganizationName = "Headwaters Foundation" });
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var response = await DonorTrackAppFactory.PostFormAsync(browser, "/Matching/Edit", "/Matching/Edit", new()
        {
            ["Input.Name"] = "Spring match", ["Input.FunderDonorId"] = funder.ToString(CultureInfo.InvariantCulture), ["Input.Pool"] = "10000",
            ["Input.Ratio"] = "1:1", ["Input.StartsOn"] = "2026-04-01", ["Input.EndsOn"] = "2026-04-30", ["Input.Eligibility"] = "all", ["Input.Kind"] = "match",
            ["Input.Participants"] = _ours.ToString(CultureInfo.InvariantCulture), [$"Input.Caps[{_ours}]"] = "lots",
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain($"data-valmsg-for=\"Input.Caps[{_ours}]\"").And.Contain("Enter an amount in dollars and cents, like 25 or 25.50."));
        Assert.That(_app.Get<MatchingCampaignService>().List(Actor.System(_ours)), Is.Empty);
    }
}
