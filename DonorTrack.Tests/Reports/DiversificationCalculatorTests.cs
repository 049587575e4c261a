namespace DonorTrack.Tests.Reports;

public sealed class DiversificationCalculatorTests
{
    private static readonly FiscalCalendar Calendar = new(1);
    private static readonly ReportPeriod Year2026 = new(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));

    private static ReportFacts Facts(
        IReadOnlyList<DonorCategoryCents> current, IReadOnlyList<DonorCategoryCents>? prior = null, IReadOnlyList<DonorHistory>? history = null,
        IReadOnlyCollection<long>? beforePrior = null)
    {
        static IReadOnlyList<GiftAmountCount> Amounts(IReadOnlyList<DonorCategoryCents> d) => [.. d.Select(x => new GiftAmountCount(x.Cents, 1))];
        prior ??= [];
        return new ReportFacts(
            new PeriodFacts(Year2026, current, Amounts(current)), new PeriodFacts(Year2026.Prior(), prior, Amounts(prior)),
            beforePrior ?? [], Calendar, history ?? [], [], []);
    }

    [Test]
    public void Hhi_OfOneSource_IsOne_AndOfFourEqualSources_IsAQuarter()
    {
        Assert.That(DiversificationCalculator.Hhi([5000]), Is.EqualTo(1));
        Assert.That(DiversificationCalculator.Hhi([2500, 2500, 2500, 2500]), Is.EqualTo(0.25).Within(1e-12));

        var one = DiversificationCalculator.Calculate(Facts([new(1, "foundation", 10000, 1)]), new ReportSettings());
        var four = DiversificationCalculator.Calculate(Facts(
            [new(1, "individual", 100, 1), new(2, "foundation", 100, 1), new(3, "events", 100, 1), new(4, "government", 100, 1)]), new ReportSettings());

        Assert.That(one.Current.Hhi, Is.EqualTo(1));
        Assert.That(one.Current.EffectiveSources, Is.EqualTo(1));
        Assert.That(four.Current.Hhi, Is.EqualTo(0.25).Within(1e-12));
        Assert.That(four.Current.EffectiveSources, Is.EqualTo(4).Within(1e-9));
        Assert.That(DiversificationText.Meaning(four.Current), Is.EqualTo("As concentrated as 4 equal sources."));
    }

    [Test]
    public void EmptyPeriod_GivesTheNoGiftsState_WithNullsNeverNaN()
    {
        var report = DiversificationCalculator.Calculate(Facts([]), new ReportSettings());

        Assert.That(report.Current.NoGifts, Is.True);
        Assert.That(report.Current.TotalCents, Is.Zero);
        Assert.That(report.Current.Hhi, Is.Null);
        Assert.That(report.Current.EffectiveSources, Is.Null);
        Assert.That(report.Current.TopDonorShare, Is.Null);
        Assert.That(report.Current.MedianGiftCents, Is.Null);
        Assert.That(report.Current.RetentionRate, Is.Null);
        Assert.That(report.Change.TotalRatio, Is.Null);
        Assert.That(report.Warnings, Is.Empty);
        Assert.That(DiversificationText.Meaning(report.Current), Is.EqualTo("No gifts in this period."));
        Assert.That(DiversificationCsv.Report(report), Does.Not.Contain("NaN"));
    }

    [Test]
    public void TopDonorShares_MedianAndMean_ComeFromDonorTotalsAndGiftAmounts()
    {
        var donors = Enumerable.Range(1, 12).Select(i => new DonorCategoryCents(i, "individual", i * 100, 1)).ToList();
        var report = DiversificationCalculator.Calculate(Facts(donors), new ReportSettings());
        var total = Enumerable.Range(1, 12).Sum(i => i * 100);

        Assert.That(report.Current.DonorCount, Is.EqualTo(12));
        Assert.That(report.Current.TopDonorShare!.Top1, Is.EqualTo(1200.0 / total).Within(1e-12));
        Assert.That(report.Current.TopDonorShare.Top5, Is.EqualTo((1200.0 + 1100 + 1000 + 900 + 800) / total).Within(1e-12));
        Assert.That(report.Current.TopDonorShare.Top10, Is.EqualTo((total - 100.0 - 200) / total).Within(1e-12));
        Assert.That(report.Current.MedianGiftCents, Is.EqualTo(650));
        Assert.That(report.Current.MeanGiftCents, Is.EqualTo(650));
        Assert.That(DiversificationCalculator.Median([new(100, 2), new(900, 1)]), Is.EqualTo(100));
    }

    [Test]
    public void Warnings_WhenOneCategoryPassesTheConfiguredShare_OrHhiAboveHalf()
    {
        var facts = Facts([new(1, "foundation", 6000, 1), new(2, "individual", 4000, 1)]);

        var atDefault = DiversificationCalculator.Calculate(facts, new ReportSettings());
        var atSeventy = DiversificationCalculator.Calculate(facts, new ReportSettings { ConcentrationWarningShare = 0.7 });

        Assert.That(atDefault.Warnings, Has.Some.Contains("Foundation brings 60%"));
        Assert.That(atDefault.Warnings, Has.Some.Contains("HHI 0.52"));
        Assert.That(atSeventy.Warnings, Has.None.Contains("Foundation brings"));
        Assert.That(DiversificationCalculator.Calculate(Facts([new(1, "foundation", 5000, 1), new(2, "individual", 5000, 1)]), new ReportSettings()).Warnings, Is.Empty);
    }

    [Test]
    public void Retention_CountsDonorsInBothPeriodsOverPriorDonors_AndSortsGainsAndLosses()
    {
        var prior = Year2026.Prior();
        // 1 upgrades, 2 downgrades, 3 same, 4 lapses, 5 is new this year, 6 comes back after a gap, 7 was new last year and stayed.
        DonorCategoryCents[] current = [new(1, "individual", 200, 1), new(2, "individual", 50, 1), new(3, "individual", 100, 1), new(5, "individual", 10, 1), new(6, "individual", 30, 1), new(7, "individual", 100, 1)];
        DonorCategoryCents[] before = [new(1, "individual", 100, 1), new(2, "individual", 100, 1), new(3, "individual", 100, 1), new(4, "individual", 100, 1), new(7, "individual", 100, 1)];
        DonorHistory[] history =
        [
            new(1, new(2020, 1, 1), new(2026, 3, 1), 100, 300), new(2, new(2020, 1, 1), new(2026, 3, 1), 100, 150), new(3, new(2020, 1, 1), new(2026, 3, 1), 100, 200),
            new(4, new(2019, 1, 1), new(2025, 5, 1), 100, 500), new(5, new(2026, 2, 1), new(2026, 2, 1), 0, 10), new(6, new(2018, 1, 1), new(2026, 4, 1), 0, 90),
            new(7, prior.From.AddDays(10), new(2026, 4, 1), 100, 200),
        ];

        var report = DiversificationCalculator.Calculate(Facts(current, before, history, beforePrior: [1, 2, 3, 9]), new ReportSettings());
        var flows = report.Retention.Flows.ToDictionary(f => f.Kind);

        Assert.That(report.Retention.RetentionRate, Is.EqualTo(4.0 / 5));
        Assert.That(report.Current.RetentionRate, Is.EqualTo(0.8));
        Assert.That(report.Prior.RetentionRate, Is.EqualTo(3.0 / 4), "donors 1, 2, 3 of 1, 2, 3, 9 gave again in the prior period");
        Assert.That(report.Retention.NewDonorRetentionRate, Is.EqualTo(1), "donor 7 was the prior period's only first-time donor");
        Assert.That(flows["new"], Is.EqualTo(new DonorFlow("new", 1, 10)));
        Assert.That(flows["recaptured"], Is.EqualTo(new DonorFlow("recaptured", 1, 30)));
        Assert.That(flows["upgraded"], Is.EqualTo(new DonorFlow("upgraded", 1, 100)));
        Assert.That(flows["downgraded"], Is.EqualTo(new DonorFlow("downgraded", 1, -50)));
        Assert.That(flows["same"], Is.EqualTo(new DonorFlow("same", 2, 0)));
        Assert.That(flows["lapsed"], Is.EqualTo(new DonorFlow("lapsed", 1, -100)));
    }

    [Test]
    public void LybuntAndSybunt_UseFiscalYears_OfThePeriodEnd()
    {
        var july = new FiscalCalendar(7);
        var period = new ReportPeriod(new DateOnly(2025, 7, 1), new DateOnly(2026, 6, 30));
        DonorHistory[] history =
        [
            new(1, new(2023, 1, 5), new(2025, 6, 30), 5000, 9000),   // last gift on the last day of FY 2024–25: LYBUNT
            new(2, new(2023, 1, 5), new(2024, 6, 30), 0, 7000),      // last gave in FY 2023–24: SYBUNT
            new(3, new(2023, 1, 5), new(2025, 7, 1), 0, 100),        // gave this fiscal year: neither
            new(4, new(2024, 7, 1), new(2025, 1, 1), 800, 800),      // LYBUNT, smaller
        ];
        var facts = new ReportFacts(PeriodFacts.Empty(period), PeriodFacts.Empty(period.Prior()), [], july, history, [], []);

        var follow = DiversificationCalculator.Calculate(facts, new ReportSettings()).FollowUp;

        Assert.That(follow.Lybunt.Select(d => d.DonorId), Is.EqualTo(new long[] { 1, 4 }));
        Assert.That(follow.Sybunt.Select(d => d.DonorId), Is.EqualTo(new long[] { 2 }));
        Assert.That(follow.ThisYearLabel, Is.EqualTo("FY 2025–26"));
        Assert.That(follow.LastYearLabel, Is.EqualTo("FY 2024–25"));
    }

    [Test]
    public void PriorPeriod_OfAFiscalYear_IsTheWholeFiscalYearBefore_AndOfCustomDates_IsTheSameLengthBefore()
    {
        Assert.That(new ReportPeriod(new(2024, 7, 1), new(2025, 6, 30)).Prior(), Is.EqualTo(new ReportPeriod(new(2023, 7, 1), new(2024, 6, 30))));
        Assert.That(new ReportPeriod(new(2026, 3, 1), new(2026, 3, 10)).Prior(), Is.EqualTo(new ReportPeriod(new(2026, 2, 19), new(2026, 2, 28))));
    }
}
