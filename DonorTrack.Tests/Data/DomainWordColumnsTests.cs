using System.Reflection;
using System.Text.RegularExpressions;
using DonorTrack.Core.Email;

namespace DonorTrack.Tests.Data;

/// <summary>
/// Every domain-word enum against the database: its words are exactly the words the migrations' CHECK constraints allow,
/// and every member is stored through the real table (the CHECK accepts it) and read back as itself.
/// </summary>
public sealed partial class DomainWordColumnsTests
{
    /// <summary>Each domain-word enum and the columns that store it.</summary>
    private static readonly (Type Enum, string Table, string Column)[] Columns =
    [
        (typeof(GiftMethod), "gifts", "method"),
        (typeof(GiftCategory), "gifts", "category"),
        (typeof(GiftStatus), "gifts", "status"),
        (typeof(SoftCreditKind), "gift_soft_credits", "kind"),
        (typeof(MemberKind), "membership_plans", "member_kind"),
        (typeof(DuesInterval), "membership_plans", "interval"),
        (typeof(DuesInterval), "recurring_donations", "interval"),
        (typeof(DuesPricingKind), "membership_plans", "pricing_kind"),
        (typeof(RecurringDonationStatus), "recurring_donations", "status"),
        (typeof(MatchingEligibility), "matching_campaigns", "eligibility"),
        (typeof(MatchingKind), "matching_campaigns", "kind"),
        (typeof(GrantStatus), "grants", "status"),
        (typeof(GrantRestriction), "grants", "restriction"),
        (typeof(GiftCategory), "pledges", "category"),
        (typeof(DonorKind), "donors", "kind"),
        (typeof(AnnualStatementAddressee), "receipt_settings", "annual_statements"),
        (typeof(MailSecurity), "mail_settings", "security"),
        (typeof(EmailLanguage), "mail_settings", "language"),
        (typeof(EmailKind), "email_templates", "kind"),
        (typeof(EmailLanguage), "email_templates", "language"),
        (typeof(EmailKind), "email_outbox", "kind"),
        (typeof(OutboxStatus), "email_outbox", "status"),
        (typeof(AcknowledgmentMethod), "gift_acknowledgments", "method"),
        (typeof(Role), "organization_users", "role"),
        (typeof(Role), "user_invitations", "role"),
        (typeof(Role), "api_keys", "role"),
        (typeof(PaymentRecovery), "payment_failures", "outcome"),
    ];

    /// <summary>Domain-word enums no column stores (derived, or only sent over the API): they round-trip through a parameter.</summary>
    private static readonly Type[] Unstored =
    [
        typeof(MembershipStatus), typeof(InstallmentStanding), typeof(PledgeStanding),
        typeof(DonorTrack.Core.Imports.Presets.ImportPresetName), typeof(DonorTrack.Core.Imports.Presets.DateOrder), typeof(DonorTrack.Core.Imports.Presets.ImportKind),
        typeof(DonorTrack.Core.Reports.Bookkeeping.JournalLayout),
    ];

    private static IEnumerable<TestCaseData> ColumnCases() =>
        Columns.Select(c => new TestCaseData(c.Enum, c.Table, c.Column).SetArgDisplayNames(c.Enum.Name, $"{c.Table}.{c.Column}"));

    [Test]
    public void EveryDomainWordsEnumOfCore_IsListedWithItsColumns()
    {
        var core = DomainWords.EnumsIn(typeof(DomainWords).Assembly).ToHashSet();
        var listed = Columns.Select(c => c.Enum).Concat(Unstored).ToHashSet();

        Assert.That(listed, Is.SubsetOf(core), "every listed enum carries [DomainWords]");
        Assert.That(core.Except(listed).Select(t => t.Name), Is.Empty, "every [DomainWords] enum of Core is checked against the columns that store it");
    }

    [TestCaseSource(nameof(ColumnCases))]
    public void EnumWords_EqualTheWordsTheColumnsCheckAllows(Type enumType, string table, string column)
    {
        using var database = new TestDatabase();
        using var connection = database.Connections.Open();
        var tableSql = connection.ExecuteScalar<string>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = @table", new { table })
            ?? throw new AssertionException($"No table {table}.");

        var allowed = CheckedWords(tableSql, column);

        Assert.That(allowed, Is.EquivalentTo(Words(enumType)), $"CHECK ({column} IN (…)) of {table}");
    }

    [TestCaseSource(nameof(ColumnCases))]
    public void EveryMember_StoredInItsColumn_IsAcceptedAndReadBack(Type enumType, string table, string column)
    {
        using var database = new TestDatabase();
        var actor = database.NewOrganization();
        var donorId = database.Get<DonorService>().Create(actor, new DonorInput { FirstName = "Hodan", LastName = "Warsame" });
        var creditedId = database.Get<DonorService>().Create(actor, new DonorInput { FirstName = "Lars", LastName = "Brekke" });
        var giftId = database.Get<GiftService>().Record(actor, new GiftInput
        {
            DonorId = donorId, AmountCents = 5_000, ReceivedOn = new DateOnly(2026, 3, 14), Method = GiftMethod.Check, Category = GiftCategory.Individual,
            SoftCredits = [new SoftCreditInput(creditedId, SoftCreditKind.InHonor, null)],
        });
        database.Get<MembershipService>().CreatePlan(actor, new MembershipPlanInput
        {
            Name = "Monthly", MemberKind = MemberKind.Individual, Interval = DuesInterval.Month, PricingKind = DuesPricingKind.Fixed, AmountCents = 1_000, GraceDays = 30,
        });
        database.Get<RecurringDonationService>().Create(actor, new RecurringDonationInput
        {
            DonorId = donorId, AmountCents = 2_000, Interval = DuesInterval.Month, StartsOn = new DateOnly(2026, 3, 15),
        });
        var foundation = database.Get<DonorService>().Create(actor, new DonorInput { Kind = DonorKind.Organization, OrganizationName = "Headwaters Foundation" });
        database.Get<GrantService>().Create(actor, new GrantInput
        {
            FunderDonorId = foundation, Name = "Operating support", AmountCents = 100_000, StartsOn = new DateOnly(2026, 1, 1), EndsOn = new DateOnly(2026, 12, 31),
            Restriction = GrantRestriction.GeneralOperating, Status = GrantStatus.Awarded,
        });
        database.Get<PledgeService>().Create(actor, new PledgeInput { DonorId = donorId, AmountCents = 50_000, PledgedOn = new DateOnly(2026, 3, 1), Category = GiftCategory.Individual });
        var participant = database.NewOrganization("Northside Tenants");
        database.Get<OrganizationService>().LinkAccepted(actor, participant.OrganizationId, new DateOnly(2025, 1, 1));
        database.Get<MatchingCampaignService>().Create(actor, new MatchingCampaignInput
        {
            Name = "Spring drive", PoolCents = 10_000, Ratio = "1:1", StartsOn = new DateOnly(2026, 6, 1), EndsOn = new DateOnly(2026, 6, 30),
            FunderDonorId = foundation,
            Participants = [new() { OrganizationId = participant.OrganizationId }],
        });
        using (var session = database.Connections.BeginTransaction())
        {
            database.Get<MailSettingsRepository>().Save(session, new StoredMailSettings(actor.OrganizationId, "smtp.example.org", 587, MailSecurity.StartTls,
                null, null, "Frogtown", "office@example.org", null, EmailLanguage.En, database.Clock.GetUtcNow(), "test"));
            session.Commit();
        }
        database.Get<EmailTemplateService>().Save(actor, new EmailTemplateInput
        {
            Kind = EmailKind.GiftThankYou, Language = EmailLanguage.Es, Subject = "Gracias", TextBody = "Gracias, {{salutation}}.", HtmlBody = "<p>Gracias</p>",
        });
        database.Get<DonorService>().Update(actor, donorId, new DonorInput { FirstName = "Hodan", LastName = "Warsame", Email = "hodan@example.org" });
        database.Get<AcknowledgmentService>().ThankByEmail(actor, [giftId]);
        var accounts = database.Get<AccountService>();
        accounts.AddUser(actor, new AddUserInput("ayaan@example.org", "Ayaan Warsame", "a long enough passphrase 42", Role.Treasurer));
        accounts.Invite(actor, new AddUserInput("lars@example.org", "Lars Brekke", null, Role.Entry));
        database.Get<ApiKeyService>().Create(actor, actor.OrganizationId, "Bookkeeping export", Role.Viewer);
        database.Get<ReceiptSettingsService>().SaveSettings(actor, new ReceiptSettingsInput("calendar", false, null, AnnualStatementAddressee.PerHousehold));
        using (var session = database.Connections.BeginTransaction())
        {
            var declined = new InvoicePaymentFailed("in_declined", "sub_declined", "cus_declined", "hodan@example.org", 2_000, "usd", 1, null, "insufficient_funds", [], new PaymentMetadata());
            database.Get<PaymentEventRepository>().RecordPaymentFailure(session, actor.OrganizationId, declined, "insufficient_funds", database.Clock.GetUtcNow());
            session.Commit();
        }
        using var connection = database.Connections.Open();

        typeof(DomainWordColumnsTests).GetMethod(nameof(RoundTrip), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(enumType).Invoke(null, [connection, table, column]);
    }

    [TestCaseSource(nameof(UnstoredCases))]
    public void EveryMember_SentAsAParameter_IsItsWordAndReadsBack(Type enumType)
    {
        using var database = new TestDatabase();
        using var connection = database.Connections.Open();

        typeof(DomainWordColumnsTests).GetMethod(nameof(ParameterRoundTrip), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(enumType).Invoke(null, [connection]);
    }

    private static IEnumerable<TestCaseData> UnstoredCases() => Unstored.Select(t => new TestCaseData(t).SetArgDisplayNames(t.Name));

    private static void ParameterRoundTrip<TEnum>(System.Data.IDbConnection connection) where TEnum : struct, Enum
    {
        foreach (var member in DomainWords.Values<TEnum>())
        {
            Assert.That(connection.ExecuteScalar<string>("SELECT @member", new { member }), Is.EqualTo(member.Word()));
            Assert.That(connection.QuerySingle<Holder<TEnum>>("SELECT @member AS value", new { member }).Value, Is.EqualTo(member));
        }
    }

    [Test]
    public void ReportTriggersAndViews_CountTheSameStatusesAsGiftRules()
    {
        using var database = new TestDatabase();
        using var connection = database.Connections.Open();
        var triggers = connection.Query<(string Name, string Sql)>("SELECT name, sql FROM sqlite_master WHERE type IN ('trigger', 'view')").AsList();
        var counted = DomainWords.Values<GiftStatus>().Where(s => s.Counts()).Select(s => s.Word()).Order().ToArray();

        var lists = triggers.SelectMany(t => StatusList().Matches(t.Sql).Select(m => (t.Name, Words: Quoted(m.Groups["list"].Value)))).ToList();

        Assert.That(lists, Is.Not.Empty, "the report rollup triggers filter on status");
        Assert.That(lists.Select(l => l.Name), Does.Contain("report_counted_gifts"), "donor giving summaries read the counted gifts through this view");
        Assert.Multiple(() =>
        {
            foreach (var (name, words) in lists)
                Assert.That(words.Order(), Is.EqualTo(counted), $"trigger or view {name}");
            Assert.That(Quoted(GiftRules.CountedStatusList).Order(), Is.EqualTo(counted), nameof(GiftRules.CountedStatusList));
            Assert.That(GiftRules.CountedStatuses.Select(s => s.Word()).Order(), Is.EqualTo(counted), nameof(GiftRules.CountedStatuses));
        });
    }

    private static void RoundTrip<TEnum>(System.Data.IDbConnection connection, string table, string column) where TEnum : struct, Enum
    {
        var rowId = connection.ExecuteScalar<long>($"SELECT rowid FROM {table} LIMIT 1");
        // The table-level CHECKs a voided gift or an ended pledge must also meet.
        connection.Execute(table switch
        {
            "gifts" => "UPDATE gifts SET voided_at = '2026-03-15T12:00:00.0000000Z', void_reason = 'Entered twice'",
            "recurring_donations" => "UPDATE recurring_donations SET ended_on = '2026-03-15'",
            "grants" => "UPDATE grants SET purpose = 'Youth organizing'",
            "donors" => "UPDATE donors SET first_name = 'Hodan', organization_name = 'Headwaters Foundation'",
            _ => "SELECT 1",
        });
        foreach (var member in DomainWords.Values<TEnum>())
        {
            connection.Execute($"UPDATE {table} SET {column} = @member WHERE rowid = @rowId", new { member, rowId });

            Assert.That(connection.ExecuteScalar<string>($"SELECT {column} FROM {table} WHERE rowid = @rowId", new { rowId }), Is.EqualTo(member.Word()));
            Assert.That(connection.QuerySingle<Holder<TEnum>>($"SELECT {column} AS value FROM {table} WHERE rowid = @rowId", new { rowId }).Value, Is.EqualTo(member));
        }
    }

    private static string[] Words(Type enumType) =>
        (string[])typeof(DomainWordColumnsTests).GetMethod(nameof(WordsOf), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(enumType).Invoke(null, null)!;

    private static string[] WordsOf<TEnum>() where TEnum : struct, Enum => [.. DomainWords.All<TEnum>()];

    private static string[] CheckedWords(string tableSql, string column)
    {
        var match = Regex.Match(tableSql, $@"CHECK\s*\(\s*{column}\s+IN\s*\((?<list>[^)]*)\)\s*\)");
        return match.Success ? Quoted(match.Groups["list"].Value) : throw new AssertionException($"No CHECK ({column} IN (…)) in {tableSql}");
    }

    private static string[] Quoted(string list) => [.. QuotedWord().Matches(list).Select(m => m.Groups[1].Value)];

    [GeneratedRegex(@"status\s+IN\s*\((?<list>[^)]*)\)")]
    private static partial Regex StatusList();

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex QuotedWord();

    private sealed record Holder<TEnum>(TEnum Value);
}
