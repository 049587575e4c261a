namespace DonorTrack.Tests.Data;

/// <summary>Every Dapper type handler Core registers, through a real SQLite table: what is stored, and what comes back.</summary>
public sealed class DapperTypeHandlerTests
{
    private TestDatabase _db = null!;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        using var connection = _db.Connections.Open();
        connection.Execute("CREATE TABLE handler_round_trip (id INTEGER PRIMARY KEY, flag INTEGER, day TEXT, instant TEXT, maybe_day TEXT, maybe_instant TEXT) STRICT");
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    [TestCase(true, 1L)]
    [TestCase(false, 0L)]
    public void Boolean_IsStoredAsZeroOrOne_AndReadBack(bool flag, long stored)
    {
        var row = RoundTrip(new HandlerRow(1, flag, new DateOnly(2026, 1, 1), DateTimeOffset.UnixEpoch, null, null));

        Assert.That(Stored<long>("flag"), Is.EqualTo(stored));
        Assert.That(row.Flag, Is.EqualTo(flag));
    }

    [TestCase(1, 1, 1, "0001-01-01")]
    [TestCase(2026, 2, 28, "2026-02-28")]
    [TestCase(2028, 2, 29, "2028-02-29")]
    [TestCase(9999, 12, 31, "9999-12-31")]
    public void DateOnly_IsStoredAsIsoText_AndReadBack(int year, int month, int day, string stored)
    {
        var date = new DateOnly(year, month, day);

        var row = RoundTrip(new HandlerRow(1, false, date, DateTimeOffset.UnixEpoch, date, null));

        Assert.That(Stored<string>("day"), Is.EqualTo(stored));
        Assert.That(row.Day, Is.EqualTo(date));
        Assert.That(row.MaybeDay, Is.EqualTo(date));
    }

    [Test]
    public void DateTimeOffset_InAnyOffset_IsStoredAsUtcText_AndReadBackAsTheSameInstant()
    {
        var inChicago = new DateTimeOffset(2026, 11, 1, 1, 30, 15, TimeSpan.FromHours(-5)).AddTicks(1234567);

        var row = RoundTrip(new HandlerRow(1, false, new DateOnly(2026, 1, 1), inChicago, null, inChicago));

        Assert.That(Stored<string>("instant"), Is.EqualTo("2026-11-01T06:30:15.1234567Z"));
        Assert.That(row.Instant, Is.EqualTo(inChicago));
        Assert.That(row.Instant.Offset, Is.EqualTo(TimeSpan.Zero));
        Assert.That(row.MaybeInstant, Is.EqualTo(inChicago));
    }

    [Test]
    public void Nullables_StoreNull_AndReadBackNull()
    {
        var row = RoundTrip(new HandlerRow(1, true, new DateOnly(2026, 1, 1), DateTimeOffset.UnixEpoch, null, null));

        Assert.That(Stored<string?>("maybe_day"), Is.Null);
        Assert.That(Stored<string?>("maybe_instant"), Is.Null);
        Assert.That(row.MaybeDay, Is.Null);
        Assert.That(row.MaybeInstant, Is.Null);
    }

    [Test]
    public void DateOnly_AsAQueryParameter_ComparesAsText()
    {
        RoundTrip(new HandlerRow(1, false, new DateOnly(2026, 3, 1), DateTimeOffset.UnixEpoch, null, null));
        using var connection = _db.Connections.Open();

        var onOrAfter = connection.ExecuteScalar<long>("SELECT count(*) FROM handler_round_trip WHERE day >= @from", new { from = new DateOnly(2026, 2, 28) });
        var before = connection.ExecuteScalar<long>("SELECT count(*) FROM handler_round_trip WHERE day < @from", new { from = new DateOnly(2026, 2, 28) });

        Assert.That((onOrAfter, before), Is.EqualTo((1L, 0L)));
    }

    private HandlerRow RoundTrip(HandlerRow row)
    {
        using var connection = _db.Connections.Open();
        connection.Execute(
            "INSERT INTO handler_round_trip (id, flag, day, instant, maybe_day, maybe_instant) VALUES (@Id, @Flag, @Day, @Instant, @MaybeDay, @MaybeInstant)", row);
        return connection.QuerySingle<HandlerRow>("SELECT id, flag, day, instant, maybe_day, maybe_instant FROM handler_round_trip WHERE id = @Id", row);
    }

    private T Stored<T>(string column)
    {
        using var connection = _db.Connections.Open();
        return connection.ExecuteScalar<T>($"SELECT {column} FROM handler_round_trip")!;
    }

    private sealed record HandlerRow(long Id, bool Flag, DateOnly Day, DateTimeOffset Instant, DateOnly? MaybeDay, DateTimeOffset? MaybeInstant);
}
