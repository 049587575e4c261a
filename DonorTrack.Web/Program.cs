using DonorTrack.Web.Cli;
using DonorTrack.Web.Hosting;

if (CommandLine.IsCommand(args))
    return CommandLine.Run(args, Console.Out, Console.Error);

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddDonorTrackWeb();
    var app = builder.Build();
    app.UseDonorTrackWeb();
    app.Run();
    return 0;
}
catch (DonorTrack.Core.Data.DataDirectoryUnusableException unusable)
{
    Console.Error.WriteLine(unusable.Message);
    return 3;
}
catch (Exception refused) when (DonorTrack.Core.Data.DataStorageFailure.Of(refused) is { } problem)
{
    // Start-up writes (migrations, the key ring): exit with the reason instead of a stack trace a supervisor restarts forever.
    Console.Error.WriteLine(DonorTrack.Core.Data.DataStorageFailure.Explain(problem, DonorTrack.Web.Hosting.DataDirectory.Resolve(args)));
    return 3;
}

/// <summary>The web host's entry point; public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
