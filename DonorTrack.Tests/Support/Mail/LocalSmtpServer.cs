using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using DonorTrack.Core.Email;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace DonorTrack.Tests.Support.Mail;

/// <summary>
/// A real SMTP server on 127.0.0.1 and a free port (the SmtpServer package), keeping every message it accepts. It can
/// refuse the next N messages with a temporary error and can require a user name and password.
/// </summary>
public sealed class LocalSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private readonly ConcurrentQueue<MimeMessage> _messages = new();
    private int _refuseNext;

    private LocalSmtpServer(int port, string? userName, string? password)
    {
        Port = port;
        UserName = userName;
        Password = password;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, port))
                .AuthenticationRequired(userName is not null).AllowUnsecureAuthentication(true))
            .MaxMessageSize(64 * 1024 * 1024)
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new CapturingStore(this));
        if (userName is not null)
            services.Add(new FixedUser(userName, password ?? ""));
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    public string? UserName { get; }

    public string? Password { get; }

    /// <summary>Every message accepted, in order of arrival.</summary>
    public IReadOnlyList<MimeMessage> Messages => _messages.ToArray();

    /// <summary>How many DATA commands to answer "451 try again later" before accepting again.</summary>
    public int RefuseNext
    {
        get => Volatile.Read(ref _refuseNext);
        set => Volatile.Write(ref _refuseNext, value);
    }

    /// <summary>Recipients whose messages are answered "550 mailbox unavailable", a refusal for good.</summary>
    public ConcurrentDictionary<string, bool> Unknown { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Called with the number of messages accepted so far, after each one (a test can stop the sender there).</summary>
    public Action<int>? Accepted { get; set; }

    /// <summary>How many messages were refused so far.</summary>
    public int Refused { get; private set; }

    public static LocalSmtpServer Start(string? userName = null, string? password = null) => new(FreePort(), userName, password);

    /// <summary>Settings that send to this server as the organization's sender (with the server's credentials, when it has some).</summary>
    public MailServer Settings(string? password = null) =>
        new("127.0.0.1", Port, MailSecurity.None, UserName, password ?? Password, "Frogtown Tenants Union", "office@frogtown.example.org", "treasurer@frogtown.example.org");

    public MailSettingsInput Input(string? password = null) => new()
    {
        SmtpHost = "127.0.0.1", SmtpPort = Port, Security = MailSecurity.None, UserName = UserName, Password = password ?? Password,
        FromName = "Frogtown Tenants Union", FromAddress = "office@frogtown.example.org", ReplyTo = "treasurer@frogtown.example.org",
    };

    /// <summary>A port nothing listens on (taken and released at once), for "the server is down".</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private sealed class CapturingStore(LocalSmtpServer server) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (Interlocked.Decrement(ref server._refuseNext) >= 0)
            {
                server.Refused++;
                return Task.FromResult(new SmtpResponse((SmtpReplyCode)451, "Requested action aborted: local error, try again later"));
            }
            Interlocked.Exchange(ref server._refuseNext, 0);
            if (transaction.To.Any(to => server.Unknown.ContainsKey($"{to.User}@{to.Host}")))
                return Task.FromResult(new SmtpResponse((SmtpReplyCode)550, "Requested action not taken: mailbox unavailable"));
            using var stream = new MemoryStream(buffer.ToArray());
            server._messages.Enqueue(MimeMessage.Load(stream, cancellationToken));
            server.Accepted?.Invoke(server._messages.Count);
            return Task.FromResult(SmtpResponse.Ok);
        }
    }

    private sealed class FixedUser(string userName, string password) : IUserAuthenticator
    {
        public Task<bool> AuthenticateAsync(ISessionContext context, string user, string pass, CancellationToken cancellationToken) =>
            Task.FromResult(user == userName && pass == password);
    }
}
