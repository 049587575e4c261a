using DonorTrack.Web.Cli;
using DonorTrack.Web.Hosting;

if (CommandLine.IsCommand(args))
    return CommandLine.Run(args, Console.Out, Console.Error);

var builder = WebApplication.CreateBuilder(args);
builder.AddDonorTrackWeb();
var app = builder.Build();
app.UseDonorTrackWeb();
app.Run();
return 0;

/// <summary>The web host's entry point; public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
