namespace DonorTrack.Tests.Reports;

public sealed class RollupRevenueTotalsTests
{
    private TestDatabase _db = null!;
    private Actor _actor = null!;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        _actor = _db.NewOrganization();
        var other = _db.NewOrganization();
        var random = new Random(5);
        var donor = _db.Get<DonorService>().Create(_actor, new DonorInput { FirstName = "Mai", LastName = "Xiong" });
        var theirs = _db.Get<DonorService>().Create(other, new DonorInput { FirstName = "Not", LastName = "Ours" });
        var gifts = _db.Get<GiftService>();
        var recorded = new List<long>();
        for (var i = 0; i < 120; i++)
        {
            var on = new DateOnly(2025, 1, 1).AddDays(random.Next(520));
            recorded.Add(gifts.Record(_actor, new GiftInput
            {
                DonorId = donor, AmountCents = random.Next(1, 500) * 100, ReceivedOn = on, Method = GiftMethod.Check, Category = GiftCategory.Individual,
            }));
            gifts.Record(other, new GiftInput { DonorId = theirs, AmountCents = 99_00, ReceivedOn = on, Method = GiftMethod.Check, Category = GiftCategory.Individual });
        }
        foreach (var id in recorded.Take(10))
            gifts.Void(_actor, id, new VoidGiftInput("Entered twice"));
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    [Test]
    public void CountedCents_OverAnySpan_EqualsTheGiftsSummedDirectly()
    {
        var rollups = new RollupRevenueTotals();
        var gifts = new GiftRevenueTotals();
        var random = new Random(9);
        var spans = new List<(DateOnly From, DateOnly Through)>
        {
            (new DateOnly(2025, 7, 1), new DateOnly(2026, 6, 30)), // whole months only
            (new DateOnly(2025, 6, 16), new DateOnly(2026, 6, 15)), // the cliff's window: partial months at both ends
            (new DateOnly(2025, 3, 5), new DateOnly(2025, 3, 20)), // inside one month
            (new DateOnly(2025, 3, 31), new DateOnly(2025, 4, 1)), // two partial months, no whole one
            (new DateOnly(2025, 5, 1), new DateOnly(2025, 5, 31)), // exactly one month
            (new DateOnly(2025, 5, 2), new DateOnly(2025, 5, 1)), // empty
        };
        for (var i = 0; i < 200; i++)
        {
            var from = new DateOnly(2024, 12, 1).AddDays(random.Next(560));
            spans.Add((from, from.AddDays(random.Next(0, 400))));
        }

        using var db = _db.Connections.Read();
        foreach (var (from, through) in spans)
        {
            Assert.That(rollups.CountedCents(db, _actor.OrganizationId, from, through), Is.EqualTo(gifts.CountedCents(db, _actor.OrganizationId, from, through)),
                $"{from} – {through}");
        }
        Assert.That(gifts.CountedCents(db, _actor.OrganizationId, new DateOnly(2025, 1, 1), new DateOnly(2026, 12, 31)), Is.GreaterThan(0));
    }

    [Test]
    public void Registered_RevenueTotals_AreTheRollups()
    {
        Assert.That(_db.Get<IRevenueTotals>(), Is.TypeOf<RollupRevenueTotals>());
    }
}
