using UglyToad.PdfPig;

namespace DonorTrack.Tests.Reports;

public sealed class DiversificationServiceTests : DiversificationReportFixture
{
    [Test]
    public void Refunds_NetOut_AndVoidedGifts_AreExcluded()
    {
        var donor = Db.Seed.Donor(Admin);
        var partly = Db.Seed.Gift(Admin, donor, 10000);
        var fully = Db.Seed.Gift(Admin, donor, 5000);
        var voided = Db.Seed.Gift(Admin, donor, 7000, category: GiftCategory.Foundation);
        Db.Seed.Refund(Admin, partly, 2500);
        Db.Seed.Refund(Admin, fully, 5000);
        Db.Get<GiftService>().Void(Admin, voided, new VoidGiftInput("Entered twice"));

        var report = Reports.Report(Admin, Year2026);

        Assert.That(report.Current.TotalCents, Is.EqualTo(7500));
        Assert.That(report.Current.GiftCount, Is.EqualTo(1));
        Assert.That(report.Current.Categories.Select(c => c.Category), Is.EqualTo(new[] { "individual" }));
        Assert.That(report.Current.MedianGiftCents, Is.EqualTo(7500));
    }

    [Test]
    public void SoftCredits_NeverDoubleCountRevenueOrDonors()
    {
        var payer = Db.Seed.Donor(Admin, last: "Payer");
        var honoree = Db.Seed.Donor(Admin, last: "Honoree");
        var employer = Db.Seed.Donor(Admin, last: "Employer");
        Db.Seed.Gift(Admin, payer, 20000, softCredits: [new SoftCreditInput(honoree, SoftCreditKind.InHonor, null), new SoftCreditInput(employer, SoftCreditKind.Employer, null)]);

        var report = Reports.Report(Admin, Year2026);

        Assert.That(report.Current.TotalCents, Is.EqualTo(20000));
        Assert.That(report.Current.DonorCount, Is.EqualTo(1));
        Assert.That(report.Current.TopDonorShare!.Top1, Is.EqualTo(1));
    }

    [Test]
    public void Matching_CountsUnderMatching_OnlyOnceTheFundersPaymentIsRecorded()
    {
        var funder = Db.Seed.Donor(Admin, last: "Funder");
        var person = Db.Seed.Donor(Admin);
        Db.Seed.Gift(Admin, person, 5000);
        Db.Seed.Gift(Admin, funder, 5000, category: GiftCategory.Matching, status: GiftStatus.Pending);

        var pledged = Reports.Report(Admin, Year2026);
        Db.Seed.Gift(Admin, funder, 5000, category: GiftCategory.Matching);
        var paid = Reports.Report(Admin, Year2026);

        Assert.That(pledged.Current.CentsOf("matching"), Is.Zero);
        Assert.That(pledged.Current.TotalCents, Is.EqualTo(5000));
        Assert.That(paid.Current.CentsOf("matching"), Is.EqualTo(5000));
        Assert.That(paid.Current.ShareOf("matching"), Is.EqualTo(0.5));
    }

    [Test]
    public void InKindGifts_CountAtTheirRecordedValue()
    {
        Db.Seed.Gift(Admin, Db.Seed.Donor(Admin), 45000, category: GiftCategory.Corporate, method: GiftMethod.InKind);

        var report = Reports.Report(Admin, Year2026);

        Assert.That(report.Current.CentsOf("corporate"), Is.EqualTo(45000));
    }

    [Test]
    public void DefaultPeriod_IsTheFiscalYearOfTheOrganizationsLocalDate_NotUtc()
    {
        // 03:00 UTC on Jan 1 is still Dec 31 in Chicago: the gift belongs to 2025 and so does "this fiscal year".
        Db.Clock.Now = new DateTimeOffset(2026, 1, 1, 3, 0, 0, TimeSpan.Zero);
        var organization = Db.Get<OrganizationService>().Find(Admin.OrganizationId)!;
        var today = organization.LocalDate(Db.Clock.Now);
        Db.Seed.Gift(Admin, Db.Seed.Donor(Admin), 12300, on: today);

        var report = Reports.Report(Admin, new ReportPeriodInput(null, null));
        var utcYear = Reports.Report(Admin, new ReportPeriodInput(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)));

        Assert.That(today, Is.EqualTo(new DateOnly(2025, 12, 31)));
        Assert.That(report.Current.Period, Is.EqualTo(new ReportPeriod(new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31))));
        Assert.That(report.Current.TotalCents, Is.EqualTo(12300));
        Assert.That(utcYear.Current.NoGifts, Is.True);
    }

    [Test]
    public void FactsFromTheDatabase_GiveTrendRetentionAndNamedLybuntAndSybunt()
    {
        var steady = Db.Seed.Donor(Admin, last: "Steady");
        var lybunt = Db.Seed.Donor(Admin, last: "Lastyear");
        var sybunt = Db.Seed.Donor(Admin, last: "Someyear");
        Db.Seed.Gift(Admin, steady, 1000, on: new DateOnly(2025, 2, 1));
        Db.Seed.Gift(Admin, steady, 3000, on: new DateOnly(2026, 2, 1));
        Db.Seed.Gift(Admin, lybunt, 2000, on: new DateOnly(2025, 5, 1), category: GiftCategory.Foundation);
        Db.Seed.Gift(Admin, sybunt, 4000, on: new DateOnly(2023, 5, 1), category: GiftCategory.Events);

        var report = Reports.Report(Admin, Year2026);

        Assert.That(report.Retention.RetentionRate, Is.EqualTo(0.5));
        Assert.That(report.FollowUp.Lybunt.Select(d => d.Name), Is.EqualTo(new[] { "Pa Lastyear" }));
        Assert.That(report.FollowUp.Lybunt[0].LastFiscalYearCents, Is.EqualTo(2000));
        Assert.That(report.FollowUp.Sybunt.Select(d => d.Name), Is.EqualTo(new[] { "Pa Someyear" }));
        Assert.That(report.Trend.Select(y => y.Label), Is.EqualTo(new[] { "2022", "2023", "2024", "2025", "2026" }));
        Assert.That(report.Trend[3].Categories.Select(c => (c.Category, c.Share)), Is.EqualTo(new[] { ("individual", 1000 / 3000.0), ("foundation", 2000 / 3000.0) }));
        Assert.That(report.RetentionTrend[^1].Rate, Is.EqualTo(0.5));
        Assert.That(report.RetentionTrend[2].Rate, Is.EqualTo(0), "the 2023 donor did not give in 2024");
        Assert.That(DiversificationCsv.Donors(report.FollowUp.Lybunt), Does.Contain("Pa Lastyear,2025-05-01,20.00,20.00"));
    }

    [Test]
    public void LybuntAndSybunt_DeceasedAndDoNotContactDonors_AreLeftOffTheListsButStillCounted()
    {
        var ask = Db.Seed.Donor(Admin, last: "Askable");
        var quiet = Db.Get<DonorService>().Create(Admin, new DonorInput { FirstName = "Pa", LastName = "Quiet", DoNotContact = true });
        var late = Db.Get<DonorService>().Create(Admin, new DonorInput { FirstName = "Pa", LastName = "Late", Deceased = true });
        var oldQuiet = Db.Get<DonorService>().Create(Admin, new DonorInput { FirstName = "Pa", LastName = "Oldquiet", DoNotContact = true });
        Db.Seed.Gift(Admin, ask, 1000, on: new DateOnly(2025, 5, 1));
        Db.Seed.Gift(Admin, quiet, 1000, on: new DateOnly(2025, 5, 1));
        Db.Seed.Gift(Admin, late, 1000, on: new DateOnly(2025, 5, 1));
        Db.Seed.Gift(Admin, oldQuiet, 1000, on: new DateOnly(2023, 5, 1));

        var report = Reports.Report(Admin, Year2026);

        Assert.That(report.FollowUp.Lybunt.Select(d => d.Name), Is.EqualTo(new[] { "Pa Askable" }));
        Assert.That(report.FollowUp.LybuntLeftOut, Is.EqualTo(2));
        Assert.That(report.FollowUp.Sybunt, Is.Empty);
        Assert.That(report.FollowUp.SybuntLeftOut, Is.EqualTo(1));
        Assert.That(DiversificationCsv.Donors(report.FollowUp.Lybunt), Does.Not.Contain("Quiet").And.Not.Contain("Late"));
        Assert.That(report.Prior.DonorCount, Is.EqualTo(3), "their giving still counts in the figures");
    }

    [Test]
    public void LybuntCsv_DonorNamedLikeAFormula_WritesTheNameAsTextAndAmountsAsNumbers()
    {
        var hostile = Db.Get<DonorService>().Create(Admin, new DonorInput { FirstName = "@SUM(1)", LastName = "Evil" });
        Db.Seed.Gift(Admin, hostile, 2000, on: new DateOnly(2025, 5, 1));

        var report = Reports.Report(Admin, Year2026);

        Assert.That(DiversificationCsv.Donors(report.FollowUp.Lybunt), Does.Contain($"{hostile},'@SUM(1) Evil,2025-05-01,20.00,20.00\r\n"));
    }

    [Test]
    public void ReportCsv_CampaignNamedLikeAFormula_WritesTheNameAsTextAndNegativeChangesAsNumbers()
    {
        var lost = Db.Seed.Donor(Admin, last: "Lost");
        Db.Seed.Gift(Admin, lost, 5000, on: new DateOnly(2025, 5, 1));
        Db.Get<DesignationService>().SaveCampaign(Admin, null, new CampaignInput("-2+3 drive", 40000, new DateOnly(2026, 2, 1), new DateOnly(2026, 5, 31)));

        var csv = DiversificationCsv.Report(Reports.Report(Admin, Year2026));

        Assert.That(csv, Does.Contain("campaign_goal_cents,'-2+3 drive,40000,\r\n"));
        Assert.That(csv, Does.Contain("donor_flow_change_cents,lapsed,-5000,\r\n"));
    }

    [Test]
    public void Pdf_HasTheFiguresChartsAndListsInTwoToFourPages()
    {
        var donor = Db.Seed.Donor(Admin, last: "Nguyễn");
        Db.Seed.Gift(Admin, donor, 10000, on: new DateOnly(2025, 3, 1));
        Db.Seed.Gift(Admin, Db.Seed.Donor(Admin, last: "Other"), 30000, category: GiftCategory.Foundation);

        var bytes = Reports.Pdf(Admin, Year2026);
        using var pdf = PdfDocument.Open(bytes);
        // The shaper emits ligatures ("ﬁ"); compatibility normalization reads them back as letters.
        var text = string.Join("\n", pdf.GetPages().Select(p => p.Text)).Normalize(System.Text.NormalizationForm.FormKC);

        Assert.That(pdf.NumberOfPages, Is.InRange(2, 4));
        Assert.That(text, Does.Contain("Funding diversification and retention"));
        Assert.That(text, Does.Contain("$300.00"));
        Assert.That(text, Does.Contain("LYBUNT"));
        Assert.That(text, Does.Contain("Nguyễn"));
        Assert.That(pdf.GetPages().Sum(p => p.GetImages().Count()), Is.EqualTo(3));
    }

    [Test]
    public void AllianceView_ShowsEachMembersAggregatesAndTheWhole_WithoutDonorNames()
    {
        var organizations = Db.Get<OrganizationService>();
        var alliance = Db.NewOrganization("Twin Cities Alliance");
        var other = Db.NewOrganization("Somali Mothers Network");
        using (var tx = Db.Connections.BeginTransaction())
        {
            Db.Get<OrganizationRepository>().InsertMember(tx, alliance.OrganizationId, Admin.OrganizationId, "member", new DateOnly(2025, 1, 1));
            Db.Get<OrganizationRepository>().InsertMember(tx, alliance.OrganizationId, other.OrganizationId, "anchor", new DateOnly(2025, 1, 1));
            tx.Commit();
        }
        Db.Seed.Gift(Admin, Db.Seed.Donor(Admin, last: "Secretname"), 10000);
        Db.Seed.Gift(other, Db.Seed.Donor(other, last: "Hiddenperson"), 30000, category: GiftCategory.Foundation);

        var report = Reports.Alliance(alliance, Year2026)!;
        var json = JsonSerializer.Serialize(report);

        Assert.That(report.Members.Select(m => (m.Name, m.Current.TotalCents)), Is.EquivalentTo(new[] { ("Frogtown Tenants Union", 10000L), ("Somali Mothers Network", 30000L) }));
        Assert.That(report.Whole.Current.TotalCents, Is.EqualTo(40000));
        Assert.That(report.Whole.Current.Hhi, Is.EqualTo(0.25 * 0.25 + 0.75 * 0.75).Within(1e-12));
        Assert.That(json, Does.Not.Contain("Secretname").And.Not.Contain("Hiddenperson"));
        Assert.That(Reports.Alliance(Admin, Year2026), Is.Null);
        Assert.That(organizations.Members(alliance.OrganizationId), Has.Count.EqualTo(2));
    }
}
