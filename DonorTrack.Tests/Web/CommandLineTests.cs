using DonorTrack.Web.Cli;

namespace DonorTrack.Tests.Web;

public sealed class CommandLineTests
{
    private string _data = null!;

    [SetUp]
    public void SetUp() => _data = Path.Combine(Path.GetTempPath(), "donortrack-cli-tests", Guid.NewGuid().ToString("N"));

    [TearDown]
    public void TearDown()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
            Directory.Delete(_data, recursive: true);
    }

    private (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CommandLine.Run(["--data", _data, .. args], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Test]
    public void Setup_ThenOrgCreate_ThenApiKey_PrintTheIdAndKeyAsTheLastToken()
    {
        var setup = Run("setup", "--org", "Twin Cities Neighbors Alliance", "--admin-email", "admin@example.org", "--admin-password", "long-enough-pw");
        var org = Run("org", "create", "--name", "Frogtown Tenants Union", "--alliance", "1");
        var key = Run("apikey", "create", "--org", "2", "--role", "entry");

        Assert.That(setup.Code, Is.Zero, setup.Error);
        Assert.That(org.Output.Trim().Split(' ').Last(), Is.EqualTo("2"));
        Assert.That(key.Code, Is.Zero, key.Error);
        Assert.That(key.Output.Trim().Split(' ').Last(), Does.Match("^dtk_[0-9a-f]{64}$"));
    }

    [Test]
    public void SetupTwice_IsRefused()
    {
        Run("setup", "--org", "First", "--admin-email", "a@example.org", "--admin-password", "long-enough-pw");

        var again = Run("setup", "--org", "Second", "--admin-email", "b@example.org", "--admin-password", "long-enough-pw");

        Assert.That(again.Code, Is.Not.Zero);
        Assert.That(again.Error, Does.Contain("already set up"));
    }

    [TestCase("frobnicate")]
    [TestCase("org", "delete")]
    [TestCase("apikey", "create", "--org", "1")]
    public void UnknownOrIncompleteCommand_PrintsUsageAndFails(params string[] args)
    {
        var result = Run(args);

        Assert.That(result.Code, Is.Not.Zero);
        Assert.That(result.Error, Does.Contain("Usage:").Or.Contain("required").Or.Contain("no organization"));
    }

    [TestCase(new[] { "--urls", "http://127.0.0.1:5000" }, false)]
    [TestCase(new string[0], false)]
    [TestCase(new[] { "--data", "x", "migrate" }, true)]
    [TestCase(new[] { "demo" }, true)]
    public void IsCommand_TellsCommandsFromHostOptions(string[] args, bool expected) =>
        Assert.That(CommandLine.IsCommand(args), Is.EqualTo(expected));
}
