namespace DonorTrack.Tests.Support;

/// <summary>A fresh app per test with the first organization (ours, with its admin account) and another one (theirs).</summary>
public abstract class TwoOrganizationsWebFixture
{
    protected DonorTrackAppFactory App { get; private set; } = null!;

    protected long Ours { get; private set; }

    protected long Theirs { get; private set; }

    /// <summary>Acts for our organization in services the test calls directly.</summary>
    protected Actor Admin { get; private set; } = null!;

    [SetUp]
    public void StartApp()
    {
        App = new DonorTrackAppFactory();
        Ours = App.SetUpFirstOrganization();
        Theirs = App.CreateOrganization("Somali Mothers Network");
        Admin = Actor.System(Ours);
    }

    [TearDown]
    public void StopApp() => App.Dispose();
}
