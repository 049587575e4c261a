using static DonorTrack.Tests.Receipts.ReceiptTestSupport;

namespace DonorTrack.Tests.Receipts;

/// <summary>The year-end batch issues statements in chunks with reads shared per chunk; it must leave exactly what issuing them one by one leaves.</summary>
public sealed class AnnualBatchIssuingTests
{
    private const int DonorCount = 230;

    private TestDatabase _db = null!;

    private GiftReceiptService Receipts => _db.Get<GiftReceiptService>();

    private YearEndStatementService Statements => _db.Get<YearEndStatementService>();

    // Fiscal year 2026 is over, so its statements are final ones.
    [SetUp]
    public void SetUp() => _db = new TestDatabase(new DateTimeOffset(2027, 1, 15, 17, 0, 0, TimeSpan.Zero));

    [TearDown]
    public void TearDown() => _db.Dispose();

    [Test]
    public async Task ChunkedBatch_ManyDonorsWithStandingChangedAndVoidedStatements_StoresTheSameReceiptsAsIssuingEachDonorAlone()
    {
        // Two identical organizations: the batch runs in one, the one-donor-at-a-time path in the other.
        var batched = Organization(_db, name: "Eastside Tenants Alliance");
        var single = Organization(_db, name: "Eastside Tenants Alliance");
        var batchedDonors = Seed(batched);
        var singleDonors = Seed(single);

        var entries = await Statements.WriteAnnualBatchAsync(batched, new AnnualBatchInput(2026), Stream.Null);
        var reference = singleDonors.Where((_, i) => HasGifts(i))
            .Select(d => Statements.Annual(single, new AnnualStatementInput(2026, d))!)
            .ToList();

        Assert.That(entries.Select(e => (e.Number, e.IsCopy, e.TotalCents, e.DeductibleCents)),
            Is.EqualTo(reference.Select(r => (r.Receipt.Number, r.IsCopy, r.Receipt.TotalCents, r.Receipt.DeductibleCents))));
        Assert.That(entries.Select(e => batchedDonors.IndexOf(e.DonorId)), Is.EqualTo(reference.Select(r => singleDonors.IndexOf(r.Receipt.DonorId))));
        Assert.That(Stored(batched), Is.EqualTo(Stored(single)));
        Assert.That(entries.Count(e => e.IsCopy), Is.EqualTo(1));
        Assert.That(Receipts.GapReport(batched).Single().IsContinuous, Is.True);
    }

    // Donor 0 has a standing statement that still matches (a copy), donor 1 one whose gifts changed (voided and replaced),
    // donor 2 one voided by hand (the new one replaces it); every fifth donor has no gift in the year.
    private List<long> Seed(Actor actor)
    {
        var donors = new List<long>();
        for (var i = 0; i < DonorCount; i++)
        {
            var donor = Donor(_db, actor, $"Donor{i}", i % 3 == 0 ? "Nguyễn" : "Yang");
            donors.Add(donor);
            if (!HasGifts(i))
                continue;
            Gift(_db, actor, donor, 1000 + i, receivedOn: "2026-02-10");
            if (i % 7 == 0)
                Gift(_db, actor, donor, 10000, receivedOn: "2026-04-01", category: "events", benefit: 2500, benefitDescription: "gala dinner");
        }

        var first = Statements.Annual(actor, new AnnualStatementInput(2026, donors[0]))!;
        Statements.Annual(actor, new AnnualStatementInput(2026, donors[1]));
        Gift(_db, actor, donors[1], 777, receivedOn: "2026-05-05");
        var third = Statements.Annual(actor, new AnnualStatementInput(2026, donors[2]))!;
        Receipts.Void(actor, third.Receipt.Id, new VoidReceiptInput("Wrong address"), reissue: false);
        Assert.That(first.IsCopy, Is.False);
        return donors;
    }

    private static bool HasGifts(int index) => index % 5 != 4;

    private List<(string Number, bool Voided, string? Replaces, string ContentJson)> Stored(Actor actor)
    {
        var items = Receipts.List(actor, null, new PageRequest(1, 500)).Items;
        return items.OrderBy(i => i.Id).Select(i => Receipts.Find(actor, i.Id)!).Select(r => (r.Number, r.IsVoided,
            r.ReplacesReceiptId is { } replaced ? Receipts.Find(actor, replaced)!.Number : null, r.ContentJson)).ToList();
    }
}
