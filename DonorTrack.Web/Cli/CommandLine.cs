using DonorTrack.Core;
using DonorTrack.Core.Demo;
using DonorTrack.Core.Money;
using DonorTrack.Web.Hosting;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;

namespace DonorTrack.Web.Cli;

/// <summary>
/// Maintenance commands run through the web project: <c>dotnet run --project DonorTrack.Web -- COMMAND</c>.
/// Anything that does not start with a known word (e.g. <c>--urls</c>) starts the web host instead.
/// </summary>
public static class CommandLine
{
    private const string Usage = """
        Usage: dotnet run --project DonorTrack.Web -- [--data DIR] COMMAND [options]

        Commands:
          setup --org NAME --admin-email EMAIL --admin-password PASSWORD [--admin-name NAME] [--timezone TZ]
                                      first run without the browser; the first organization gets id 1
          org create --name NAME [--alliance ID] [--timezone TZ]
                                      create an organization (optionally as a member of an alliance); prints its id last
          apikey create --org ID --role admin|treasurer|entry|viewer [--name NAME]
                                      create an API key; prints the key once, last
          user add --org ID --email EMAIL --role ROLE [--password PASSWORD] [--name NAME]
                                      give a person access to an organization
          demo                        load fictional demo data into an empty database
          migrate                     apply pending database migrations
          backup FILE                 copy the database to FILE; safe while the web app runs
          restore FILE                replace the database with the backup FILE (stop the web app first); the
                                      replaced database is kept beside it as donortrack.db.before-restore-TIME
        """ + "\n" + DataCommands.Usage + "\n" + """

        Without a command the web app starts (it takes --urls as usual). DONORTRACK_DATA or --data choose the data folder (default ./data).
        """;

    private static readonly string[] Commands = ["setup", "org", "apikey", "user", "demo", "migrate", "backup", "restore", "import", "export", "help", "--help", "-h"];

    /// <summary>True when the arguments name a command rather than host options.</summary>
    public static bool IsCommand(string[] args)
    {
        var words = WithoutDataOption(args);
        return words.Length > 0 && (!words[0].StartsWith('-') || words[0] is "--help" or "-h");
    }

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var words = WithoutDataOption(args);
        if (words[0] is "help" or "--help" or "-h")
        {
            output.WriteLine(Usage);
            return 0;
        }
        if (!Commands.Contains(words[0]))
            return Fail(error, $"Unknown command '{words[0]}'.");

        if (words[0] is "backup" or "restore")
            return BackupOrRestore(words, DataDirectory.Resolve(args), output, error);

        ServiceProvider services;
        try
        {
            services = BuildServices(DataDirectory.Resolve(args));
        }
        catch (DataDirectoryUnusableException unusable)
        {
            error.WriteLine(unusable.Message);
            return 3;
        }
        catch (Exception refused) when (DataStorageFailure.Of(refused) is { } problem)
        {
            error.WriteLine(DataStorageFailure.Explain(problem, DataDirectory.Resolve(args)));
            return 3;
        }
        using var ownedServices = services;
        try
        {
            return words switch
            {
                ["migrate", ..] => Migrate(services, output),
                ["setup", ..] => SetUp(services, Options(words[1..]), output),
                ["org", "create", ..] => CreateOrganization(services, Options(words[2..]), output),
                ["apikey", "create", ..] => CreateApiKey(services, Options(words[2..]), output),
                ["user", "add", ..] => AddUser(services, Options(words[2..]), output),
                ["demo", ..] => LoadDemo(services, output),
                ["import", ..] => DataCommands.Import(services, words, output, error),
                ["export", ..] => DataCommands.Export(services, words, output, error),
                _ => Fail(error, $"Unknown command '{string.Join(' ', words.Take(2))}'."),
            };
        }
        catch (ValidationException invalid)
        {
            foreach (var failure in invalid.Errors)
                error.WriteLine($"{failure.PropertyName}: {failure.ErrorMessage}");
            return 2;
        }
        catch (CommandLineException problem)
        {
            return Fail(error, problem.Message);
        }
        catch (Exception refused) when (DataStorageFailure.Of(refused) is { } problem)
        {
            error.WriteLine(DataStorageFailure.Explain(problem, DataDirectory.Resolve(args)));
            return 3;
        }
    }

    private static ServiceProvider BuildServices(string dataDirectory)
    {
        var connections = SqliteConnectionFactory.InDirectory(dataDirectory);
        var services = new ServiceCollection().AddDonorTrackCore(connections).BuildServiceProvider();
        connections.EnableWriteAheadLog();
        services.GetRequiredService<DatabaseMigrator>().Migrate();
        return services;
    }

    /// <summary>Backup and restore work on the file itself: no migration first, so a restore never touches the database it replaces.</summary>
    private static int BackupOrRestore(string[] words, string dataDirectory, TextWriter output, TextWriter error)
    {
        if (words.Length != 2 || string.IsNullOrWhiteSpace(words[1]))
            return Fail(error, $"{words[0]} takes one FILE.");
        var file = Path.GetFullPath(words[1]);
        try
        {
            if (words[0] == "backup")
            {
                DatabaseBackup.WriteTo(Path.Combine(dataDirectory, "donortrack.db"), file);
                output.WriteLine($"Backed up the database to {file} ({new FileInfo(file).Length:N0} bytes).");
                return 0;
            }
            PrivateDataDirectory.Prepare(dataDirectory);
            var restored = DatabaseRestore.Restore(dataDirectory, file, DateTimeOffset.UtcNow);
            PrivateDataDirectory.Prepare(dataDirectory);
            output.WriteLine($"Restored {file} (schema {restored.SchemaVersion}) as {restored.DatabasePath}.");
            output.WriteLine(restored.PreviousDatabasePath is null
                ? "There was no database before it."
                : $"The database it replaced is kept as {restored.PreviousDatabasePath}.");
            return 0;
        }
        catch (BackupRefusedException refused)
        {
            error.WriteLine(refused.Message);
            return 1;
        }
        catch (DataDirectoryUnusableException unusable)
        {
            error.WriteLine(unusable.Message);
            return 3;
        }
        catch (Exception failed) when (failed is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            error.WriteLine($"The {words[0]} failed: {failed.Message}");
            return 1;
        }
    }

    private static int Migrate(IServiceProvider services, TextWriter output)
    {
        var applied = services.GetRequiredService<DatabaseMigrator>().Migrate();
        output.WriteLine(applied.Count == 0 ? "The database is up to date." : $"Applied: {string.Join(", ", applied)}");
        return 0;
    }

    private static int SetUp(IServiceProvider services, Dictionary<string, string> options, TextWriter output)
    {
        var accounts = services.GetRequiredService<AccountService>();
        var (organizationId, userId) = accounts.SetUp(new SetupInput(
            Required(options, "org"), Required(options, "admin-email"), options.GetValueOrDefault("admin-name"),
            Required(options, "admin-password"), options.GetValueOrDefault("timezone") ?? "America/Chicago"));
        output.WriteLine($"Set up organization {organizationId} with admin user {userId}. Sign in at /Account/SignIn.");
        return 0;
    }

    private static int CreateOrganization(IServiceProvider services, Dictionary<string, string> options, TextWriter output)
    {
        long? allianceId = options.TryGetValue("alliance", out var alliance) ? ParseId(alliance, "alliance") : null;
        var id = services.GetRequiredService<OrganizationService>().Create(
            new OrganizationInput { Name = Required(options, "name"), Timezone = options.GetValueOrDefault("timezone") ?? "America/Chicago" }, allianceId);
        output.WriteLine($"Created organization {id}");
        return 0;
    }

    private static int CreateApiKey(IServiceProvider services, Dictionary<string, string> options, TextWriter output)
    {
        var organizationId = ParseId(Required(options, "org"), "org");
        if (services.GetRequiredService<OrganizationService>().Find(organizationId) is null)
            throw new CommandLineException($"There is no organization {organizationId}.");
        var key = services.GetRequiredService<ApiKeyService>().Create(
            Actor.System(organizationId, "command line"), organizationId, options.GetValueOrDefault("name"), ParseRole(Required(options, "role")));
        output.WriteLine($"API key (shown once, store it now): {key}");
        return 0;
    }

    private static Role ParseRole(string word) =>
        DomainWords.TryParse<Role>(word, out var role) ? role : throw new CommandLineException($"--role must be one of: {DomainWords.List<Role>()}.");

    private static int AddUser(IServiceProvider services, Dictionary<string, string> options, TextWriter output)
    {
        var organizationId = ParseId(Required(options, "org"), "org");
        if (services.GetRequiredService<OrganizationService>().Find(organizationId) is null)
            throw new CommandLineException($"There is no organization {organizationId}.");
        var userId = services.GetRequiredService<AccountService>().AddUser(
            Actor.System(organizationId, "command line"),
            new AddUserInput(Required(options, "email"), options.GetValueOrDefault("name"), options.GetValueOrDefault("password"), ParseRole(Required(options, "role"))));
        output.WriteLine($"User {userId} now has the {options["role"]} role in organization {organizationId}.");
        return 0;
    }

    private static int LoadDemo(IServiceProvider services, TextWriter output)
    {
        DemoSummary summary;
        try
        {
            summary = services.GetRequiredService<DemoData>().Load();
        }
        catch (InvalidOperationException notEmpty)
        {
            throw new CommandLineException(notEmpty.Message);
        }
        output.WriteLine($"Loaded fictional demo data: {DisplayFormat.Count(summary.MemberOrganizationIds.Count + 1, "organization")}, {DisplayFormat.Count(summary.Donors, "donor")}, {DisplayFormat.Count(summary.Gifts, "gift")}, {DisplayFormat.Count(summary.Grants, "grant")}, {DisplayFormat.Count(summary.Pledges, "pledge")}.");
        output.WriteLine($"Sign in at /Account/SignIn as {summary.AdminEmail} with the password {summary.AdminPassword}");
        return 0;
    }

    private static string[] WithoutDataOption(string[] args)
    {
        var index = Array.IndexOf(args, "--data");
        return index < 0 ? args : [.. args[..index], .. args[Math.Min(args.Length, index + 2)..]];
    }

    private static Dictionary<string, string> Options(string[] words)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < words.Length; i++)
        {
            if (!words[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= words.Length)
                throw new CommandLineException($"Expected --option VALUE pairs, got '{words[i]}'.");
            options[words[i][2..]] = words[++i];
        }
        return options;
    }

    private static string Required(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : throw new CommandLineException($"--{name} is required.");

    private static long ParseId(string text, string option) =>
        long.TryParse(text, out var id) && id > 0 ? id : throw new CommandLineException($"--{option} takes a numeric id.");

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine(message);
        error.WriteLine();
        error.WriteLine(Usage);
        return 1;
    }

    private sealed class CommandLineException(string message) : Exception(message);
}
