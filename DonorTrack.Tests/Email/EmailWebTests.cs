using DonorTrack.Core.Email;
using DonorTrack.Tests.Receipts;
using DonorTrack.Tests.Support.Mail;
using DonorTrack.Web.Email;
using MimeKit;

namespace DonorTrack.Tests.Email;

/// <summary>The mail settings, to-thank, outbox and templates pages through real HTTP, sending to a real SMTP server on loopback.</summary>
public sealed class EmailWebTests
{
    private DonorTrackAppFactory _app = null!;
    private LocalSmtpServer _smtp = null!;
    private long _ours;

    private Actor Ours => Actor.System(_ours);

    [SetUp]
    public void SetUp()
    {
        _app = new DonorTrackAppFactory();
        _ours = _app.SetUpFirstOrganization();
        _smtp = LocalSmtpServer.Start("frogtown", "smtp-secret");
    }

    [TearDown]
    public async Task TearDown()
    {
        await _smtp.DisposeAsync();
        _app.Dispose();
    }

    private Task<HttpClient> Admin() => _app.SignedInAs(DonorTrackAppFactory.AdminEmail);

    private static Dictionary<string, string> SettingsForm(LocalSmtpServer server, string password) => new()
    {
        ["Input.SmtpHost"] = "127.0.0.1", ["Input.SmtpPort"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.Security"] = "None",
        ["Input.UserName"] = server.UserName ?? "", ["Input.Password"] = password, ["Input.FromName"] = "Frogtown Tenants Union",
        ["Input.FromAddress"] = "office@frogtown.example.org", ["Input.ReplyTo"] = "", ["Input.Language"] = "En",
    };

    private long Gift(string first, string? email, long cents = 5_000)
    {
        var donor = _app.Get<DonorService>().Create(Ours, new DonorInput { FirstName = first, LastName = "Vang", Email = email });
        return _app.Get<GiftService>().Record(Ours, new GiftInput
        {
            DonorId = donor, AmountCents = cents, ReceivedOn = new DateOnly(2026, 6, 12), Method = GiftMethod.Check, Category = GiftCategory.Individual,
        });
    }

    [Test]
    public async Task MailSettings_SavedThroughThePage_KeepThePasswordEncrypted_AndTheTestMessageArrives()
    {
        var admin = await Admin();

        var saved = await DonorTrackAppFactory.PostFormAsync(admin, "/Admin/Mail", "/Admin/Mail?handler=Save", SettingsForm(_smtp, "smtp-secret"));
        var tested = await DonorTrackAppFactory.PostFormAsync(admin, "/Admin/Mail", "/Admin/Mail?handler=Test", new() { ["TestRecipient"] = "ada@example.org" });
        var page = await tested.Content.ReadAsStringAsync();

        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var stored = _app.Get<MailSettingsStore>().Describe(_ours)!;
        Assert.That(stored.ProtectedPassword, Is.Not.Null.And.Not.Contain("smtp-secret"));
        Assert.That(_app.Get<MailSettingsStore>().Server(_ours)!.Password, Is.EqualTo("smtp-secret"));
        Assert.That(page, Does.Contain("accepted a test message to ada@example.org"));
        Assert.That(_smtp.Messages.Single().To.Mailboxes.Single().Address, Is.EqualTo("ada@example.org"));
    }

    [Test]
    public async Task TestMessage_WithAWrongPassword_SaysTheServerRefusedTheLogin()
    {
        var admin = await Admin();
        await DonorTrackAppFactory.PostFormAsync(admin, "/Admin/Mail", "/Admin/Mail?handler=Save", SettingsForm(_smtp, "not-the-password"));

        var tested = await DonorTrackAppFactory.PostFormAsync(admin, "/Admin/Mail", "/Admin/Mail?handler=Test", new() { ["TestRecipient"] = "ada@example.org" });

        Assert.That(await tested.Content.ReadAsStringAsync(), Does.Contain("The server at 127.0.0.1 refused the user name or password."));
        Assert.That(_smtp.Messages, Is.Empty);
    }

    [Test]
    public async Task MailSettings_WithABadAddressAndPort_ShowFieldMessagesAndSaveNothing()
    {
        var admin = await Admin();
        var form = SettingsForm(_smtp, "smtp-secret");
        form["Input.FromAddress"] = "office at frogtown";
        form["Input.SmtpPort"] = "70000";

        var response = await DonorTrackAppFactory.PostFormAsync(admin, "/Admin/Mail", "/Admin/Mail?handler=Save", form);
        var page = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page, Does.Contain("Enter a valid email address, like office@example.org.").And.Contain("A port is between 1 and 65535."));
        Assert.That(_app.Get<MailSettingsStore>().Describe(_ours), Is.Null);
    }

    [Test]
    public async Task ToThank_EmailingTwoGifts_SendsBothWithReceipts_AndTheGiftPageSaysThanked()
    {
        var admin = await Admin();
        await DonorTrackAppFactory.PostFormAsync(admin, "/Admin/Mail", "/Admin/Mail?handler=Save", SettingsForm(_smtp, "smtp-secret"));
        var first = Gift("Mai", "mai@example.org");
        var second = Gift("Tou", "tou@example.org", 7_500);
        var listed = await admin.GetStringAsync("/Email/ToThank");

        var response = await DonorTrackAppFactory.PostFormAsync(admin, "/Email/ToThank", "/Email/ToThank?handler=Email",
            new() { ["GiftIds[0]"] = first.ToString(System.Globalization.CultureInfo.InvariantCulture), ["GiftIds[1]"] = second.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await _app.Get<OutboxWorker>().WhenCaughtUpAsync();
        var details = await admin.GetStringAsync($"/Gifts/Details/{first}");

        Assert.That(listed, Does.Contain($"data-gift=\"{first}\"").And.Contain($"data-gift=\"{second}\"").And.Contain("3 days"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(_smtp.Messages.Select(m => m.To.Mailboxes.Single().Address), Is.EquivalentTo(new[] { "mai@example.org", "tou@example.org" }));
        Assert.That(_smtp.Messages.Select(m => m.Attachments.OfType<MimePart>().Single().ContentType.MimeType), Is.All.EqualTo("application/pdf"));
        Assert.That(details, Does.Contain("Email · Jun 15, 2026"));
        Assert.That(await admin.GetStringAsync("/Email/ToThank"), Does.Contain("Every received gift has been thanked."));
        Assert.That(await admin.GetStringAsync("/Email/Outbox?status=sent"), Does.Contain("Thank you for your gift to Frogtown Tenants Union"));
    }

    [Test]
    public async Task ToThank_WithoutMailSettings_SaysWhatToConfigure_AndQueuesNothing()
    {
        var admin = await Admin();
        var gift = Gift("Mai", "mai@example.org");

        var page = await admin.GetStringAsync("/Email/ToThank");
        await DonorTrackAppFactory.PostFormAsync(admin, "/Email/ToThank", "/Email/ToThank?handler=Email", new() { ["GiftIds[0]"] = gift.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.That(page, Does.Contain("Email is not set up"));
        Assert.That(_app.Get<OutboxService>().Counts(Ours), Is.Empty);
        Assert.That(await admin.GetStringAsync("/Email/ToThank"), Does.Contain($"data-gift=\"{gift}\""));
    }

    [Test]
    public async Task PrintLetters_ReturnsEachLetterWithItsReceiptAsOnePdf_AndMarksThemThankedByLetter()
    {
        var admin = await Admin();
        var first = Gift("Mai", null);
        var second = Gift("Tou", null, 7_500);

        var response = await DonorTrackAppFactory.PostFormAsync(admin, "/Email/ToThank", "/Email/ToThank?handler=Letters",
            new() { ["Language"] = "en", ["GiftIds[0]"] = first.ToString(System.Globalization.CultureInfo.InvariantCulture), ["GiftIds[1]"] = second.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var pdf = await response.Content.ReadAsByteArrayAsync();

        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/pdf"));
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        Assert.That(document.NumberOfPages, Is.EqualTo(4), "each letter is followed by its receipt");
        var pages = document.GetPages().Select(p => p.Text.Replace(" ", "", StringComparison.Ordinal)).ToList();
        var receipts = _app.Get<DonorTrack.Core.Receipts.GiftReceiptService>();
        Assert.That(pages[0], Does.Contain("DearMai,").And.Contain("$50.00"));
        Assert.That(pages[1], Does.Contain(receipts.CurrentForGift(Ours, first)!.Number));
        Assert.That(pages[2], Does.Contain("DearTou,").And.Contain("$75.00"));
        Assert.That(pages[3], Does.Contain(receipts.CurrentForGift(Ours, second)!.Number));
        Assert.That(_app.Get<AcknowledgmentService>().For(Ours, first)!.Method, Is.EqualTo(AcknowledgmentMethod.Letter));
        Assert.That(_app.Get<AcknowledgmentService>().For(Ours, second)!.Method, Is.EqualTo(AcknowledgmentMethod.Letter));
    }

    [Test]
    public async Task Template_WithAnUnknownMergeField_IsRefusedNamingIt()
    {
        var admin = await Admin();

        var response = await DonorTrackAppFactory.PostFormAsync(admin, "/Email/Templates", "/Email/Templates?handler=Save", new()
        {
            ["Input.Kind"] = "GiftThankYou", ["Input.Language"] = "Es", ["Input.Subject"] = "Gracias, {{donr_name}}",
            ["Input.TextBody"] = "Hola {{salutation}}", ["Input.HtmlBody"] = "<p>Hola {{salutation}}</p>",
        });
        var page = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page, Does.Contain("Unknown merge field {{donr_name}}."));
        Assert.That(_app.Get<EmailTemplateService>().Current(Ours, EmailKind.GiftThankYou, EmailLanguage.Es).IsEdited, Is.False);
    }

    [Test]
    public async Task TemplatePreview_FillsTheTypedTextForARealDonor_AndSavedTemplatesAreUsed()
    {
        var admin = await Admin();
        var gift = Gift("Mai", "mai@example.org", 4_200);
        var donor = _app.Get<GiftService>().Find(Ours, gift)!.DonorId;
        var fields = new Dictionary<string, string>
        {
            ["Input.Kind"] = "GiftThankYou", ["Input.Language"] = "En", ["Input.Subject"] = "{{salutation}}, your {{amount}} arrived",
            ["Input.TextBody"] = "Thanks, {{donor_name}}!", ["Input.HtmlBody"] = "<p>Thanks, <b>{{donor_name}}</b>!</p>",
            ["PreviewDonorId"] = donor.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        var preview = await (await DonorTrackAppFactory.PostFormAsync(admin, "/Email/Templates", "/Email/Templates?handler=Preview", new(fields))).Content.ReadAsStringAsync();
        await DonorTrackAppFactory.PostFormAsync(admin, "/Email/Templates", "/Email/Templates?handler=Save", new(fields));

        Assert.That(preview, Does.Contain("<span id=\"preview-subject\">Mai, your $42.00 arrived</span>"));
        Assert.That(preview, Does.Contain("Thanks, Mai Vang!"));
        var saved = _app.Get<EmailTemplateService>().Current(Ours, EmailKind.GiftThankYou, EmailLanguage.En);
        Assert.That((saved.IsEdited, saved.Subject), Is.EqualTo((true, "{{salutation}}, your {{amount}} arrived")));
    }

    [Test]
    public async Task StatementsPage_EmailsEveryDonorsYearEndStatement_AndShowsTheProgress()
    {
        var admin = await Admin();
        await DonorTrackAppFactory.PostFormAsync(admin, "/Admin/Mail", "/Admin/Mail?handler=Save", SettingsForm(_smtp, "smtp-secret"));
        foreach (var (first, cents) in new[] { ("Mai", 5_000L), ("Tou", 7_500L), ("Pa", 1_200L) })
        {
            var donor = _app.Get<DonorService>().Create(Ours, new DonorInput { FirstName = first, LastName = "Vang", Email = $"{first.ToLowerInvariant()}@example.org" });
            _app.Get<GiftService>().Record(Ours, new GiftInput { DonorId = donor, AmountCents = cents, ReceivedOn = new DateOnly(2025, 9, 1), Method = GiftMethod.Check, Category = GiftCategory.Individual });
        }

        var started = await DonorTrackAppFactory.PostFormAsync(admin, "/Email/Statements", "/Email/Statements", new() { ["Year"] = "2025" });
        var jobs = _app.Get<StatementMailingJobs>();
        for (var i = 0; i < 200 && jobs.Latest(_ours) is not { IsQueueing: false }; i++)
            await Task.Delay(50);
        await _app.Get<OutboxWorker>().WhenCaughtUpAsync();
        var page = await admin.GetStringAsync("/Email/Statements");

        Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(jobs.Latest(_ours)!.Result, Is.EqualTo(jobs.Latest(_ours)!.Result! with { Statements = 3, Queued = 3, Skipped = 0 }));
        Assert.That(_smtp.Messages.Select(m => m.Subject).Distinct(), Is.EqualTo(new[] { "Your 2025 giving statement from Frogtown Tenants Union" }));
        Assert.That(_smtp.Messages, Has.Count.EqualTo(3));
        Assert.That(page, Does.Contain("3 statements: 3 queued for email, 0 skipped.").And.Contain("Sent 3 of 3"));
    }

    [Test]
    public async Task Viewer_CannotQueueThankYous_AndEntryCannotOpenTheStatementMailing()
    {
        var admin = await Admin();
        await DonorTrackAppFactory.PostFormAsync(admin, "/Admin/Mail", "/Admin/Mail?handler=Save", SettingsForm(_smtp, "smtp-secret"));
        var gift = Gift("Mai", "mai@example.org");
        var viewer = await _app.SignedInAs(_app.AddUser(_ours, Role.Viewer));
        var entry = await _app.SignedInAs(_app.AddUser(_ours, Role.Entry));

        var posted = await DonorTrackAppFactory.PostFormAsync(viewer, "/Email/ToThank", "/Email/ToThank?handler=Email", new() { ["GiftIds[0]"] = gift.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var statements = await entry.GetAsync("/Email/Statements");

        Assert.That(posted.Headers.Location!.ToString(), Does.Contain("/Account/Denied"));
        Assert.That(statements.Headers.Location!.ToString(), Does.Contain("/Account/Denied"));
        Assert.That(_app.Get<OutboxService>().Counts(Ours), Is.Empty);
    }

    [Test]
    public async Task AppRestartedAfterDyingMidSend_MarksThatMessageUncertain_AndSendsNewOnesOnce()
    {
        string dataDirectory;
        long interruptedId;
        using (var first = new DonorTrackAppFactory { KeepDataDirectory = true })
        {
            var organization = first.SetUpFirstOrganization();
            dataDirectory = first.DataDirectory;
            var down = new MailSettingsInput
            {
                SmtpHost = "127.0.0.1", SmtpPort = LocalSmtpServer.FreePort(), Security = MailSecurity.None, FromName = "Frogtown", FromAddress = "office@frogtown.example.org",
            };
            first.Get<MailSettingsStore>().Save(Actor.System(organization), down);
            var donor = first.Get<DonorService>().Create(Actor.System(organization), new DonorInput { FirstName = "Mai", LastName = "Vang", Email = "mai@example.org" });
            var gift = first.Get<GiftService>().Record(Actor.System(organization), new GiftInput
            {
                DonorId = donor, AmountCents = 5_000, ReceivedOn = new DateOnly(2026, 6, 12), Method = GiftMethod.Check, Category = GiftCategory.Individual,
            });
            first.Get<AcknowledgmentService>().ThankByEmail(Actor.System(organization), [gift]);
            first.Get<OutboxWorker>().Request();
            await first.Get<OutboxWorker>().WhenCaughtUpAsync();
            // The process dies after claiming the message for its next attempt, while talking to the server.
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dataDirectory, "donortrack.db")}");
            connection.Open();
            using var claim = connection.CreateCommand();
            claim.CommandText = "UPDATE email_outbox SET status = 'sending', attempts = attempts + 1, claimed_at = '2026-06-15T17:02:00.0000000Z' RETURNING id";
            interruptedId = (long)claim.ExecuteScalar()!;
        }

        using var second = new DonorTrackAppFactory { DataDirectory = dataDirectory };
        var actor = Actor.System(1);
        second.Get<MailSettingsStore>().Save(actor, _smtp.Input());
        await second.Get<OutboxWorker>().WhenCaughtUpAsync();
        var another = second.Get<GiftService>().Record(actor, new GiftInput
        {
            DonorId = second.Get<DonorService>().Create(actor, new DonorInput { FirstName = "Tou", LastName = "Vang", Email = "tou@example.org" }),
            AmountCents = 2_000, ReceivedOn = new DateOnly(2026, 6, 14), Method = GiftMethod.Check, Category = GiftCategory.Individual,
        });
        second.Get<AcknowledgmentService>().ThankByEmail(actor, [another]);
        second.Get<OutboxWorker>().Request();
        await second.Get<OutboxWorker>().WhenCaughtUpAsync();

        var outbox = second.Get<OutboxService>().List(actor, null, new DonorTrack.Core.Data.PageRequest()).Items;
        Assert.That(outbox.Single(m => m.Id == interruptedId).Status, Is.EqualTo(OutboxStatus.Uncertain));
        Assert.That(outbox.Single(m => m.Id != interruptedId).Status, Is.EqualTo(OutboxStatus.Sent));
        Assert.That(_smtp.Messages.Select(m => m.To.Mailboxes.Single().Address), Is.EqualTo(new[] { "tou@example.org" }));
    }

    [Test]
    public async Task ToThank_InSpanish_WritesTheSpanishThankYou_WhateverTheOrganizationsDefault()
    {
        var admin = await Admin();
        await DonorTrackAppFactory.PostFormAsync(admin, "/Admin/Mail", "/Admin/Mail?handler=Save", SettingsForm(_smtp, "smtp-secret"));
        var gift = Gift("Mai", "mai@example.org");

        await DonorTrackAppFactory.PostFormAsync(admin, "/Email/ToThank", "/Email/ToThank?handler=Email",
            new() { ["Language"] = "es", ["GiftIds[0]"] = gift.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await _app.Get<OutboxWorker>().WhenCaughtUpAsync();

        var message = _smtp.Messages.Single();
        Assert.That(message.Subject, Is.EqualTo("Gracias por su donación a Frogtown Tenants Union"));
        Assert.That(message.TextBody, Does.Contain("Estimado/a Mai:").And.Contain("12 de junio de 2026"));
    }

    [Test]
    public async Task NoticesPage_ListsDuesFallingDue_AndEmailsTheChosenReminder()
    {
        var admin = await Admin();
        await DonorTrackAppFactory.PostFormAsync(admin, "/Admin/Mail", "/Admin/Mail?handler=Save", SettingsForm(_smtp, "smtp-secret"));
        var memberships = _app.Get<DonorTrack.Core.Dues.MembershipService>();
        var plan = memberships.CreatePlan(Ours, new DonorTrack.Core.Dues.MembershipPlanInput
        {
            Name = "Monthly", MemberKind = DonorTrack.Core.Dues.MemberKind.Individual, Interval = DonorTrack.Core.Dues.DuesInterval.Month,
            PricingKind = DonorTrack.Core.Dues.DuesPricingKind.Fixed, AmountCents = 1_500, GraceDays = 30,
        });
        var donor = _app.Get<DonorService>().Create(Ours, new DonorInput { FirstName = "Mai", LastName = "Vang", Email = "mai@example.org" });
        var membership = memberships.Enrol(Ours, new DonorTrack.Core.Dues.MembershipEnrolmentInput { DonorId = donor, PlanId = plan, StartsOn = new DateOnly(2026, 6, 25) }).MembershipId;

        var page = await admin.GetStringAsync("/Email/Notices");
        var posted = await DonorTrackAppFactory.PostFormAsync(admin, "/Email/Notices", "/Email/Notices?handler=DueSoon",
            new() { ["MembershipIds[0]"] = membership.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await _app.Get<OutboxWorker>().WhenCaughtUpAsync();

        Assert.That(page, Does.Contain("Dues falling due in the next 30 days (1)").And.Contain("Mai Vang"));
        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(_smtp.Messages.Single().Subject, Is.EqualTo("Your Frogtown Tenants Union dues are due on June 25, 2026"));
    }

    [Test]
    public async Task GiftPage_EmailThankYou_ThanksThatOneGift()
    {
        var admin = await Admin();
        await DonorTrackAppFactory.PostFormAsync(admin, "/Admin/Mail", "/Admin/Mail?handler=Save", SettingsForm(_smtp, "smtp-secret"));
        var gift = Gift("Mai", "mai@example.org");
        var before = await admin.GetStringAsync($"/Gifts/Details/{gift}");

        var posted = await DonorTrackAppFactory.PostFormAsync(admin, $"/Gifts/Details/{gift}", $"/Gifts/Details/{gift}?handler=EmailThanks", new());
        await _app.Get<OutboxWorker>().WhenCaughtUpAsync();

        Assert.That(before, Does.Contain("Not yet"));
        Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(_smtp.Messages.Single().To.Mailboxes.Single().Address, Is.EqualTo("mai@example.org"));
        Assert.That(await admin.GetStringAsync($"/Gifts/Details/{gift}"), Does.Contain("Email · Jun 15, 2026"));
    }
}
