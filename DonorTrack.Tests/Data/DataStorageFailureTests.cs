using Microsoft.Data.Sqlite;

namespace DonorTrack.Tests.Data;

/// <summary>The storage failures are recognised from the errors SQLite itself raises, not from hand-made exceptions.</summary>
public sealed class DataStorageFailureTests
{
    private string _path = "";

    [SetUp]
    public void SetUp()
    {
        _path = Path.Combine(Path.GetTempPath(), "donortrack-tests", Guid.NewGuid().ToString("N") + ".db");
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        using var connection = Open(SqliteOpenMode.ReadWriteCreate);
        Execute(connection, "CREATE TABLE notes (text TEXT NOT NULL)");
    }

    [TearDown]
    public void TearDown()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    [Test]
    public void WriteBeyondTheFileSizeLimit_IsRecognisedAsADiskFull_AndExplainedWithWhatToDo()
    {
        using var connection = Open(SqliteOpenMode.ReadWriteCreate);
        // SQLite answers a write past max_page_count exactly as it answers a full disk: SQLITE_FULL.
        Execute(connection, "PRAGMA max_page_count = 3");
        var error = Assert.Catch<SqliteException>(() => Execute(connection, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) INSERT INTO notes SELECT hex(randomblob(1000)) FROM n"))!;

        Assert.That(error.SqliteErrorCode, Is.EqualTo(13), error.Message);
        Assert.That(DataStorageFailure.Of(new InvalidOperationException("wrapped", error)), Is.EqualTo(DataStorageProblem.DiskFull));
        Assert.That(DataStorageFailure.Explain(DataStorageProblem.DiskFull, "/srv/donortrack"), Does.Contain("/srv/donortrack is full").And.Contain("Free some space"));
    }

    [Test]
    public void WriteThroughAReadOnlyConnection_IsRecognisedAsReadOnly_AndABusyDatabaseIsNot()
    {
        using var reader = Open(SqliteOpenMode.ReadOnly);
        var error = Assert.Catch<SqliteException>(() => Execute(reader, "INSERT INTO notes VALUES ('x')"))!;

        Assert.That(DataStorageFailure.Of(error), Is.EqualTo(DataStorageProblem.ReadOnly));
        Assert.That(DataStorageFailure.Of(new SqliteException("database is locked", 5)), Is.Null);
        Assert.That(DataStorageFailure.Of(new InvalidOperationException("a bug")), Is.Null);
    }

    private SqliteConnection Open(SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
