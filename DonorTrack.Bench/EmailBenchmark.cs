using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DonorTrack.Core;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Email;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Receipts;
using DonorTrack.Core.Security;
using Microsoft.Extensions.DependencyInjection;

namespace DonorTrack.Bench;

/// <summary>
/// Year-end statements by email (issue 15): 10,000 statements issued and queued to the outbox, then sent with their PDFs
/// by the outbox sender to an SMTP server on loopback. Targets: ≥ 100 messages/s end to end, ≤ 400 MB peak working set.
/// </summary>
public static class EmailBenchmark
{
    public const string Name = "email";

    public static async Task RunAsync(int donorCount = 10_000, TextWriter? output = null)
    {
        output ??= Console.Out;
        var folder = Path.Combine(Path.GetTempPath(), "donortrack-bench-email", Guid.NewGuid().ToString("N"));
        var connections = SqliteConnectionFactory.InDirectory(folder);
        using var services = new ServiceCollection().AddDonorTrackCore(connections).BuildServiceProvider();
        connections.EnableWriteAheadLog();
        services.GetRequiredService<DatabaseMigrator>().Migrate();
        await using var sink = SmtpSink.Start();
        try
        {
            var actor = Seed(services, connections, donorCount, sink.Port);
            var server = new MailServer("127.0.0.1", sink.Port, MailSecurity.None, null, null, "Eastside Tenants Alliance", "office@eastside.example.org", null);
            var sender = services.GetRequiredService<OutboxSender>();

            var processorBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            // As in the web host: the mailing wakes the outbox worker after each chunk commits, so sending overlaps queueing.
            var queueing = Task.Run(() => services.GetRequiredService<YearEndStatementMailing>().Queue(actor, new AnnualBatchInput(2025)));
            var sent = 0;
            while (!queueing.IsCompleted)
            {
                sent += await sender.SendDueAsync(_ => server, CancellationToken.None);
                await Task.WhenAny(queueing, Task.Delay(50));
            }
            var result = await queueing;
            var queued = stopwatch.Elapsed;
            sent += await sender.SendDueAsync(_ => server, CancellationToken.None);
            stopwatch.Stop();

            using var process = Process.GetCurrentProcess();
            process.Refresh();
            var rate = sent / stopwatch.Elapsed.TotalSeconds;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Email: {result.Statements} statements issued and queued in {queued.TotalSeconds:0.0} s while sending ({result.Queued} queued, {result.Skipped} skipped)"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Email: {sent} messages sent in {stopwatch.Elapsed.TotalSeconds:0.0} s from the start = {rate:0} messages/s end to end (target >= 100)"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Email: {(process.TotalProcessorTime - processorBefore).TotalMilliseconds / Math.Max(1, sent):0.00} ms of processor time per message (all threads, the SMTP sink included)"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Email: peak working set {process.PeakWorkingSet64 / 1024 / 1024} MB (target <= 400); server received {sink.Received} messages, {sink.Duplicates} duplicate Message-Ids, {sink.BytesReceived / 1024 / 1024} MB"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>One 501(c)(3) organization with mail settings and donors with emails and three to five 2025 gifts each.</summary>
    private static Actor Seed(ServiceProvider services, IDbConnectionFactory connections, int donorCount, int port)
    {
        var organizationId = services.GetRequiredService<OrganizationService>().Create(new OrganizationInput
        {
            Name = "Eastside Tenants Alliance", LegalStatus = "501c3", Ein = "93-1234567", AddressLine1 = "1200 Alder Street",
            City = "Portland", Region = "OR", PostalCode = "97214", ReceiptSignatory = "Dana Whitfield",
        });
        var actor = Actor.System(organizationId, "bench");
        var donors = services.GetRequiredService<DonorRepository>();
        var gifts = services.GetRequiredService<GiftRepository>();
        var now = DateTimeOffset.UtcNow;
        using var db = connections.BeginTransaction();
        services.GetRequiredService<MailSettingsRepository>().Save(db, new StoredMailSettings(organizationId, "127.0.0.1", port, MailSecurity.None, null, null,
            "Eastside Tenants Alliance", "office@eastside.example.org", null, EmailLanguage.En, now, "bench"));
        for (var i = 0; i < donorCount; i++)
        {
            var donorId = donors.Insert(db, organizationId, new DonorInput
            {
                FirstName = "Xee", LastName = $"Yang {i}", Email = $"donor{i}@example.org", AddressLine1 = $"{i} Rose Lane", City = "Portland", Region = "OR", PostalCode = "97202",
            }.Normalized(), now);
            for (var g = 0; g < 3 + (i % 3); g++)
            {
                gifts.Insert(db, organizationId, new GiftInput
                {
                    DonorId = donorId, AmountCents = 2500 + (i % 40 * 500) + (g * 1000), ReceivedOn = new DateOnly(2025, 1 + (g * 3 % 12), 1 + (i % 28)),
                    Method = GiftMethod.Card, Category = GiftCategory.Individual,
                }, "USD", "bench", now);
            }
        }

        db.Commit();
        return actor;
    }

    /// <summary>
    /// A minimal SMTP server on loopback that accepts every message and counts them and their Message-Ids; the benchmark
    /// measures the sender, not a mail server, so it stores nothing.
    /// </summary>
    private sealed class SmtpSink : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _accepting;
        private readonly ConcurrentDictionary<string, int> _messageIds = new();
        private long _received;
        private long _bytes;

        private SmtpSink()
        {
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            _accepting = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public long Received => Interlocked.Read(ref _received);

        public long BytesReceived => Interlocked.Read(ref _bytes);

        public int Duplicates => _messageIds.Values.Sum(count => count - 1);

        public static SmtpSink Start() => new();

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                _ = Task.Run(() => ConverseAsync(client));
            }
        }

        private async Task ConverseAsync(TcpClient client)
        {
            using (client)
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.Latin1);
                await using var writer = new StreamWriter(stream, Encoding.Latin1) { NewLine = "\r\n", AutoFlush = true };
                await writer.WriteLineAsync("220 sink ready");
                while (await reader.ReadLineAsync() is { } line)
                {
                    var verb = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                    switch (verb)
                    {
                        case "EHLO":
                        case "HELO":
                            await writer.WriteLineAsync("250 sink");
                            break;
                        case "DATA":
                            await writer.WriteLineAsync("354 end with <CRLF>.<CRLF>");
                            string? messageId = null;
                            while (await reader.ReadLineAsync() is { } data && data != ".")
                            {
                                Interlocked.Add(ref _bytes, data.Length + 2);
                                if (messageId is null && data.StartsWith("Message-Id:", StringComparison.OrdinalIgnoreCase))
                                    messageId = data[11..].Trim();
                            }
                            _messageIds.AddOrUpdate(messageId ?? Guid.NewGuid().ToString(), 1, (_, count) => count + 1);
                            Interlocked.Increment(ref _received);
                            await writer.WriteLineAsync("250 accepted");
                            break;
                        case "QUIT":
                            await writer.WriteLineAsync("221 bye");
                            return;
                        default:
                            await writer.WriteLineAsync("250 OK");
                            break;
                    }
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _accepting;
            _stop.Dispose();
        }
    }
}
