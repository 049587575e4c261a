namespace DonorTrack.Tests.Reports;

/// <summary>A fresh database with one organization and the diversification report over it, for each test.</summary>
public abstract class DiversificationReportFixture
{
    protected static readonly ReportPeriodInput Year2026 = new(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));

    protected TestDatabase Db { get; private set; } = null!;

    protected Actor Admin { get; private set; } = null!;

    protected DiversificationService Reports { get; private set; } = null!;

    [SetUp]
    public void CreateDatabase()
    {
        Db = new TestDatabase();
        Admin = Db.NewOrganization();
        Reports = Db.Get<DiversificationService>();
    }

    [TearDown]
    public void DisposeDatabase() => Db.Dispose();
}
