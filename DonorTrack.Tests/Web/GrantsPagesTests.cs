namespace DonorTrack.Tests.Web;

public sealed class GrantsPagesTests
{
    private DonorTrackAppFactory _app = null!;
    private long _ours;

    [SetUp]
    public void SetUp()
    {
        _app = new DonorTrackAppFactory();
        _ours = _app.SetUpFirstOrganization();
        var actor = Actor.System(_ours);
        var funder = _app.Get<DonorService>().Create(actor, new DonorInput { Kind = "organization", OrganizationName = "Bush Foundation" });
        var grant = _app.Get<GrantService>().Create(actor, new GrantInput
        {
            FunderDonorId = funder, Name = "Tenant organizing grant", AmountCents = 24_000_00, StartsOn = new DateOnly(2025, 9, 1), EndsOn = new DateOnly(2026, 8, 31),
            Restriction = GrantRestriction.GeneralOperating, Status = GrantStatus.Awarded, InstallmentCount = 2,
            ReportDeadlines = [new(new DateOnly(2026, 7, 1), "Final narrative report")],
        });
        _app.Get<GiftService>().Record(actor, new GiftInput
        {
            DonorId = funder, AmountCents = 12_000_00, ReceivedOn = new DateOnly(2025, 9, 5), Method = GiftMethod.Ach, Category = GiftCategory.Foundation, GrantId = grant,
        });
    }

    [TearDown]
    public void TearDown() => _app.Dispose();

    [Test]
    public async Task GrantsPage_ListsGrantsReceivablesAndTheCliffWarning()
    {
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var page = await browser.GetStringAsync("/Grants");

        Assert.That(page, Does.Contain("Tenant organizing grant"));
        Assert.That(page, Does.Contain("Expected revenue, next 12 months"));
        Assert.That(page, Does.Contain("role=\"alert\""));
        Assert.That(page, Does.Contain("Final narrative report"));
    }

    [Test]
    public async Task DashboardAndDiversificationReport_ShowTheFundingCliff()
    {
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var dashboard = await browser.GetStringAsync("/");
        var report = await browser.GetStringAsync("/Reports/Diversification");

        Assert.That(dashboard, Does.Contain("id=\"funding-cliff\"").And.Contain("Tenant organizing grant"));
        Assert.That(report, Does.Contain("id=\"funding-cliff\"").And.Contain("Tenant organizing grant"));
    }

    [Test]
    public async Task ReceivablesCsv_HasAMonthPerRow()
    {
        var browser = await _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

        var csv = await browser.GetStringAsync("/Grants?handler=Csv");

        Assert.That(csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(13));
        Assert.That(csv, Does.StartWith("month,grants,pledges,recurring,dues,total"));
        Assert.That(csv, Does.Contain("2026-09,12000.00,")); // the second installment was due 2026-09-01
    }
}
