using Dapper;

namespace DonorTrack.Tests.Data;

public sealed class WriterQueueTests
{
    private TestDatabase _db = null!;

    [SetUp]
    public void SetUp() => _db = new TestDatabase();

    [TearDown]
    public void TearDown() => _db.Dispose();

    [Test]
    public void SecondWriter_WhileTheFirstHoldsItsTurn_WaitsAndThenWrites()
    {
        var first = _db.Connections.BeginTransaction();
        first.Connection.Execute("CREATE TABLE queue_probe (writer TEXT NOT NULL)", transaction: first.Transaction);
        first.Connection.Execute("INSERT INTO queue_probe VALUES ('first')", transaction: first.Transaction);

        var second = Task.Run(() =>
        {
            using var session = _db.Connections.BeginTransaction();
            session.Connection.Execute("INSERT INTO queue_probe VALUES ('second')", transaction: session.Transaction);
            session.Commit();
        });
        Assert.That(second.Wait(TimeSpan.FromMilliseconds(300)), Is.False, "the second writer must wait for the first's turn to end");

        first.Commit();
        Assert.That(second.Wait(TimeSpan.FromSeconds(10)), Is.True, "committing ends the first writer's turn, before its session is disposed");
        first.Dispose();

        using var read = _db.Connections.Read();
        Assert.That(read.Connection.Query<string>("SELECT writer FROM queue_probe ORDER BY rowid"), Is.EqualTo(new[] { "first", "second" }));
    }

    [Test]
    public void Writer_WhoseTurnNeverComes_IsToldTheDatabaseIsBusy_AndTheTurnIsNotLost()
    {
        var connections = new SqliteConnectionFactory(_db.Connections.DatabasePath, TimeSpan.FromMilliseconds(200));
        var holder = connections.BeginTransaction();

        // It waited in this process's queue (a timeout), not in SQLite's backoff (SQLITE_BUSY).
        Assert.That(() => connections.BeginTransaction(),
            Throws.TypeOf<DatabaseBusyException>().With.InnerException.TypeOf<TimeoutException>());

        holder.Dispose();
        using var next = connections.BeginTransaction();
        Assert.That(next.Transaction, Is.Not.Null, "a rolled-back session ends its turn too");
    }

    [Test]
    public void TurnEndedTwice_CommitThenDispose_LetsOnlyOneWaitingWriterIn()
    {
        var connections = new SqliteConnectionFactory(_db.Connections.DatabasePath, TimeSpan.FromMilliseconds(200));
        using (var session = connections.BeginTransaction())
            session.Commit();

        var holder = connections.BeginTransaction();
        Assert.That(() => connections.BeginTransaction(), Throws.TypeOf<DatabaseBusyException>().With.InnerException.TypeOf<TimeoutException>(),
            "ending the earlier turn twice must not have opened the queue for two writers");
        holder.Dispose();
    }
}
