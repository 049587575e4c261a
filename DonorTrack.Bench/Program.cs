using System.Diagnostics;
using System.Runtime.InteropServices;
using DonorTrack.Bench;

// Each benchmark is a small class with a Run method; add new ones to this list and to the steps below.
string[] benchmarks = [GiftInsertBenchmark.Name, DonorSearchBenchmark.Name, DonorPageBenchmark.Name, SelfServiceDonorPageBenchmark.Name];

// Feature benchmarks make their own data sets and print their own figures; they run only when named with --only.
var featureBenchmarks = new Dictionary<string, Func<Task>>
{
    ["dues"] = () => Task.Run(() => DuesBenchmark.Run()),
    ["matching"] = () => Task.Run(MatchingBenchmark.Run),
    ["receipts"] = () => Task.Run(() => ReceiptsBenchmark.Run()),
    ["reports"] = () => Task.Run(() => ReportsBenchmark.Run(args)),
    ["merge"] = () => Task.Run(() => DonorMergeBenchmark.Run()),
    [ImportBenchmark.Name] = () => Task.Run(() => ImportBenchmark.Run(args)),
    ["webhooks"] = async () => Console.WriteLine(await WebhookBenchmark.RunAsync()),
    [EmailBenchmark.Name] = () => EmailBenchmark.RunAsync(),
    [GrantsBenchmark.Name] = () => Task.Run(() => GrantsBenchmark.Run(args)),
};

var options = BenchOptions.Parse(args, [.. benchmarks, .. featureBenchmarks.Keys, SoakBenchmark.Name], Console.Error);
if (options is null)
    return 2;
if (options.Only == SoakBenchmark.Name)
    return await SoakBenchmark.Run(options.Clients, options.Seconds);
if (options.Only is { } only && featureBenchmarks.TryGetValue(only, out var feature))
{
    await feature();
    return 0;
}

// A fixed "now" makes the generated data set identical on every run and every machine.
var now = new DateTimeOffset(2026, 6, 30, 18, 0, 0, TimeSpan.Zero);
var today = DateOnly.FromDateTime(now.UtcDateTime);
var total = Stopwatch.StartNew();
var results = new List<BenchResult>();
Directory.CreateDirectory(options.DataDirectory);
var databasePath = Path.Combine(options.DataDirectory, BenchDatabase.FileName);

Console.Error.WriteLine($"DonorTrack benchmarks: {options.Donors:N0} donors, {options.Gifts:N0} gifts, {options.Organizations} organizations in {options.DataDirectory}");
Console.Error.WriteLine($"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores");

try
{
    Run();
}
finally
{
    // Print whatever was measured even when a later benchmark fails: a full run takes many minutes.
    results.AddRange(PeakMemory.Read());
    Console.WriteLine();
    BenchResult.PrintTable(results, Console.Out);
    Console.WriteLine();
    Console.WriteLine($"Total run time: {total.Elapsed.TotalSeconds:N0} s");
}
return results.Any(r => r.Met == false) ? 1 : 0;

void Run()
{
    BenchDataSet? dataSet = null;
    if (!options.Runs(GiftInsertBenchmark.Name) && File.Exists(databasePath))
    {
        using var existing = BenchDatabase.Open(databasePath, new FixedClock(now));
        dataSet = BenchDataSet.Load(existing.Connections, options);
        if (dataSet is not null)
            Console.Error.WriteLine("Reusing the data set already in the data directory.");
    }

    if (dataSet is null)
    {
        BenchDatabase.DeleteFiles(databasePath);
        using var database = BenchDatabase.Open(databasePath, new FixedClock(now));
        var generator = new DataSetGenerator(database, options, today);
        Console.Error.WriteLine("Creating organizations and donors…");
        var (created, donorRate) = generator.CreateOrganizationsAndDonors(now);
        results.Add(donorRate);
        Console.Error.WriteLine("Loading gifts four ways (repository, bulk writer, raw prepared, raw per row)…");
        results.AddRange(new GiftInsertBenchmark(database, generator, options, now).Run(created));
        dataSet = created;
    }

    using (var database = BenchDatabase.Open(databasePath, new FixedClock(now)))
    {
        if (options.Runs(DonorSearchBenchmark.Name))
        {
            Console.Error.WriteLine("Timing donor search…");
            results.AddRange(new DonorSearchBenchmark(database, options).Run(dataSet));
        }
        if (options.Runs(DonorPageBenchmark.Name))
        {
            Console.Error.WriteLine("Timing the donor page…");
            results.AddRange(new DonorPageBenchmark(database, options).Run(dataSet));
        }
        if (options.Runs(SelfServiceDonorPageBenchmark.Name))
        {
            Console.Error.WriteLine("Timing the donor's own page (/my)…");
            results.AddRange(new SelfServiceDonorPageBenchmark(database, options).Run(dataSet));
        }
    }
}
