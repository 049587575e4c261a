using DonorTrack.Core.Email;
using DonorTrack.Tests.Receipts;

namespace DonorTrack.Tests.Email;

/// <summary>The diversification report's "median days to thank" and share thanked within 48 hours.</summary>
public sealed class ThankTimesTests
{
    [Test]
    public void Report_OfGiftsThankedAfterTenAndOneDays_ShowsTheMedianAndTheShareWithin48Hours()
    {
        using var db = new TestDatabase(new DateTimeOffset(2026, 6, 11, 17, 0, 0, TimeSpan.Zero));
        var admin = ReceiptTestSupport.Organization(db);
        var donor = ReceiptTestSupport.Donor(db, admin);
        var slow = ReceiptTestSupport.Gift(db, admin, donor, 1_000, "2026-06-01");
        var quick = ReceiptTestSupport.Gift(db, admin, donor, 1_000, "2026-06-10");
        ReceiptTestSupport.Gift(db, admin, donor, 1_000, "2026-06-11");
        ReceiptTestSupport.Gift(db, admin, donor, 1_000, "2025-12-31");
        var thanks = db.Get<AcknowledgmentService>();
        thanks.Mark(admin, [slow], AcknowledgmentMethod.Call);
        thanks.Mark(admin, [quick], AcknowledgmentMethod.Letter);

        var report = db.Get<DiversificationService>().Report(admin, new ReportPeriodInput(new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 30)));

        // 10.71 and 1.71 days: the median is their mean; one of the three gifts of June was thanked within two days.
        Assert.That(report.ThankTimes.GiftsThanked, Is.EqualTo(2));
        Assert.That(report.ThankTimes.MedianDays, Is.EqualTo(6.2));
        Assert.That(report.ThankTimes.ShareWithin48Hours, Is.EqualTo(1.0 / 3).Within(1e-9));
    }

    [Test]
    public void Report_WithNoGiftThanked_HasNoMedianAndAZeroShare()
    {
        using var db = new TestDatabase();
        var admin = ReceiptTestSupport.Organization(db);
        ReceiptTestSupport.Gift(db, admin, ReceiptTestSupport.Donor(db, admin), 1_000, "2026-06-01");

        var report = db.Get<DiversificationService>().Report(admin, new ReportPeriodInput(new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 30)));

        Assert.That((report.ThankTimes.GiftsThanked, report.ThankTimes.MedianDays, report.ThankTimes.ShareWithin48Hours), Is.EqualTo((0L, (double?)null, (double?)0)));
    }
}
