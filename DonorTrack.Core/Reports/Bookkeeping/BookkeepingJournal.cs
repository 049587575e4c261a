using System.Globalization;
using Dapper;
using DonorTrack.Core.Csv;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Money;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;
using FluentValidation;

namespace DonorTrack.Core.Reports.Bookkeeping;

/// <summary>
/// The file layouts of the bookkeeping export: a summary to read, QuickBooks Online's journal entry import (Journal No, Journal
/// Date, Account Name, Debits, Credits, Description, Name, Class) and Xero's manual journal import (Narration, Date, Description,
/// AccountCode, TaxRate, Amount, TrackingName1, TrackingOption1).
/// </summary>
[DomainWords]
public enum JournalLayout
{
    Summary,
    Quickbooks,
    Xero,
}

/// <summary>What the treasurer asks for: a date range of gifts received, and a layout.</summary>
public sealed record BookkeepingInput(DateOnly? From, DateOnly? To, JournalLayout? Layout = JournalLayout.Summary);

/// <summary>Both dates, in order, at most ten years apart; a layout the export knows.</summary>
public sealed class BookkeepingInputValidator : AbstractValidator<BookkeepingInput>
{
    public BookkeepingInputValidator()
    {
        RuleFor(x => x.From).NotNull().WithMessage("Give the first day of the period.");
        RuleFor(x => x.To).NotNull().WithMessage("Give the last day of the period.");
        RuleFor(x => x.To).Must((x, to) => to >= x.From).When(x => x.From is not null && x.To is not null)
            .WithMessage("The end date must be on or after the start date.");
        RuleFor(x => x.To).Must((x, to) => to!.Value.DayNumber - x.From!.Value.DayNumber < 3660).When(x => x.From is not null && x.To is not null && x.To >= x.From)
            .WithMessage("Export at most ten years at a time.");
        RuleFor(x => x.Layout).NotNull().IsInEnum().WithMessage($"Choose one of: {DomainWords.List<JournalLayout>()}.");
    }
}

/// <summary>One fund and revenue category of the period: what donors gave, what the processor kept, what was refunded, what remains.</summary>
public sealed record JournalRevenueLine(string Fund, GiftCategory Category, long GiftCount, long GrossCents, long FeeCents, long RefundCents)
{
    public long NetCents => GrossCents - FeeCents - RefundCents;
}

/// <summary>
/// One bank deposit: a Stripe payout (the card gifts that settled on one day arrive as one transfer) or the checks, cash and other
/// gifts of one day and method (a card gift whose payout is not known yet counts on the day it was received).
/// </summary>
public sealed record JournalDeposit(DateOnly DepositedOn, string Source, long GiftCount, long GrossCents, long FeeCents, long RefundCents)
{
    public long NetCents => GrossCents - FeeCents - RefundCents;
}

/// <summary>The period's journal: revenue by fund and category, and the deposits that hold the same gifts (their nets are equal).</summary>
public sealed record BookkeepingJournal(DateOnly From, DateOnly To, IReadOnlyList<JournalRevenueLine> Revenue, IReadOnlyList<JournalDeposit> Deposits)
{
    public long NetCents => Revenue.Sum(r => r.NetCents);
}

/// <summary>
/// The bookkeeping export: gifts received in a period (completed, refunded or partly refunded; never voided, failed or pending)
/// as a journal grouped by fund and revenue category, and the per-deposit lines that move the same money from Undeposited
/// Funds to the bank. Refunds count against the period of the gift they refund.
/// </summary>
public sealed class BookkeepingExport(IDbConnectionFactory connections)
{
    /// <summary>The accounts the journal posts to, by the names a QuickBooks chart of accounts needs and the codes a Xero chart needs.</summary>
    public static readonly (string Name, string Code) Bank = ("Checking", "1000");
    public static readonly (string Name, string Code) Undeposited = ("Undeposited Funds", "1010");
    public static readonly (string Name, string Code) Fees = ("Payment Processing Fees", "6100");

    public static (string Name, string Code) Revenue(GiftCategory category) =>
        ("Contributions - " + category.Label(), (4010 + 10 * (int)category).ToString(CultureInfo.InvariantCulture));

    private readonly BookkeepingInputValidator _validator = new();

    public BookkeepingJournal Journal(Actor actor, BookkeepingInput input)
    {
        actor.Require(Role.Treasurer);
        _validator.EnsureValid(input);
        var (from, to) = (input.From!.Value, input.To!.Value);
        const string revenue = """
            SELECT coalesce(f.name, '') AS fund, g.category, count(*) AS gift_count, sum(g.amount_cents) AS gross_cents,
                   sum(g.fee_cents) AS fee_cents, sum(g.refunded_cents) AS refund_cents
            FROM gifts g LEFT JOIN funds f ON f.organization_id = g.organization_id AND f.id = g.fund_id
            WHERE g.organization_id = @organizationId AND g.status IN ('completed', 'refunded', 'partially_refunded')
              AND g.received_on BETWEEN @from AND @to
            GROUP BY fund, g.category
            ORDER BY fund, g.category
            """;
        const string deposits = """
            SELECT CASE WHEN g.method = 'card' AND g.settled_on IS NOT NULL THEN g.settled_on ELSE g.received_on END AS deposited_on,
                   CASE WHEN g.method = 'card' AND g.settled_on IS NOT NULL THEN 'stripe_payout' ELSE g.method END AS source,
                   count(*) AS gift_count, sum(g.amount_cents) AS gross_cents, sum(g.fee_cents) AS fee_cents, sum(g.refunded_cents) AS refund_cents
            FROM gifts g
            WHERE g.organization_id = @organizationId AND g.status IN ('completed', 'refunded', 'partially_refunded')
              AND g.received_on BETWEEN @from AND @to
            GROUP BY deposited_on, source
            ORDER BY deposited_on, source
            """;
        using var db = connections.Read();
        var args = new { organizationId = actor.OrganizationId, from, to };
        var lines = db.Connection.Query<(string Fund, string Category, long Count, long Gross, long Fee, long Refund)>(revenue, args)
            .Select(r => new JournalRevenueLine(r.Fund.Length == 0 ? "Unrestricted" : r.Fund, DomainWords.Parse<GiftCategory>(r.Category), r.Count, r.Gross, r.Fee, r.Refund))
            .ToList();
        var banked = db.Connection.Query<(string On, string Source, long Count, long Gross, long Fee, long Refund)>(deposits, args)
            .Select(d => new JournalDeposit(DapperConfiguration.ParseDate(d.On), SourceLabel(d.Source), d.Count, d.Gross, d.Fee, d.Refund))
            .ToList();
        return new BookkeepingJournal(from, to, lines, banked);
    }

    /// <summary>The journal as CSV in the chosen layout (UTF-8 with a byte-order mark).</summary>
    public byte[] Csv(Actor actor, BookkeepingInput input)
    {
        var journal = Journal(actor, input);
        var csv = input.Layout switch
        {
            JournalLayout.Quickbooks => QuickbooksCsv(journal),
            JournalLayout.Xero => XeroCsv(journal),
            _ => SummaryCsv(journal),
        };
        return csv.ToUtf8WithBom();
    }

    public static string FileName(BookkeepingInput input) =>
        $"bookkeeping-{input.Layout?.Word()}-{input.From:yyyy-MM-dd}-{input.To:yyyy-MM-dd}.csv";

    private static CsvWriter SummaryCsv(BookkeepingJournal journal)
    {
        var csv = new CsvWriter().Row("Fund", "Revenue Category", "Gifts", "Gross", "Fees", "Refunds", "Net");
        foreach (var r in journal.Revenue)
            csv.Row(r.Fund, r.Category.Label(), CsvCell.Number(r.GiftCount), CsvCell.Amount(r.GrossCents), CsvCell.Amount(r.FeeCents), CsvCell.Amount(r.RefundCents), CsvCell.Amount(r.NetCents));
        csv.Row("Total", "", CsvCell.Number(journal.Revenue.Sum(r => r.GiftCount)), CsvCell.Amount(journal.Revenue.Sum(r => r.GrossCents)),
            CsvCell.Amount(journal.Revenue.Sum(r => r.FeeCents)), CsvCell.Amount(journal.Revenue.Sum(r => r.RefundCents)), CsvCell.Amount(journal.NetCents));
        csv.Row();
        csv.Row("Deposit Date", "Deposit", "Gifts", "Gross", "Fees", "Refunds", "Net");
        foreach (var d in journal.Deposits)
            csv.Row(CsvCell.Date(d.DepositedOn), d.Source, CsvCell.Number(d.GiftCount), CsvCell.Amount(d.GrossCents), CsvCell.Amount(d.FeeCents), CsvCell.Amount(d.RefundCents), CsvCell.Amount(d.NetCents));
        return csv;
    }

    /// <summary>
    /// QuickBooks Online → Settings → Import data → Journal entries. Lines sharing a Journal No are one entry and must balance: the
    /// period's revenue entry (gross credited to each category's contributions account, refunds and fees debited, the net to
    /// Undeposited Funds; Class is the fund), then one entry per deposit (Undeposited Funds to the bank).
    /// </summary>
    private static CsvWriter QuickbooksCsv(BookkeepingJournal journal)
    {
        var csv = new CsvWriter().Row("Journal No", "Journal Date", "Account Name", "Debits", "Credits", "Description", "Name", "Class");
        var number = $"DT-{journal.From:yyyyMMdd}";
        var date = journal.To.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture);
        var period = $"{journal.From:yyyy-MM-dd} to {journal.To:yyyy-MM-dd}";
        foreach (var line in Postings(journal.Revenue))
            csv.Row(number, date, line.Account.Name, Debit(line.Cents), Credit(line.Cents), $"{line.Description}, {period}", "", line.Fund);
        var n = 0;
        foreach (var d in journal.Deposits.Where(d => d.NetCents != 0))
        {
            var depositNumber = $"{number}-D{++n}";
            var on = d.DepositedOn.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture);
            csv.Row(depositNumber, on, Bank.Name, Debit(d.NetCents), Credit(d.NetCents), $"{d.Source} deposit, {DisplayFormat.Count(d.GiftCount, "gift")}", "", "");
            csv.Row(depositNumber, on, Undeposited.Name, Debit(-d.NetCents), Credit(-d.NetCents), $"{d.Source} deposit, {DisplayFormat.Count(d.GiftCount, "gift")}", "", "");
        }
        return csv;
    }

    /// <summary>
    /// Xero → Accounting → Manual journals → Import. Rows with the same Narration and Date are one journal; a positive Amount is a
    /// debit, a negative one a credit. Tracking category "Fund" carries the fund. Dates are written as 31 Mar 2026, which Xero reads in any region.
    /// </summary>
    private static CsvWriter XeroCsv(BookkeepingJournal journal)
    {
        var csv = new CsvWriter().Row("Narration", "Date", "Description", "AccountCode", "TaxRate", "Amount", "TrackingName1", "TrackingOption1");
        var narration = $"DonorTrack gifts {journal.From:yyyy-MM-dd} to {journal.To:yyyy-MM-dd}";
        var date = journal.To.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
        foreach (var line in Postings(journal.Revenue))
            csv.Row(narration, date, line.Description, line.Account.Code, "Tax Exempt", CsvCell.Amount(line.Cents), "Fund", line.Fund);
        foreach (var d in journal.Deposits.Where(d => d.NetCents != 0))
        {
            var depositNarration = $"DonorTrack {d.Source} deposit {d.DepositedOn:yyyy-MM-dd}";
            var on = d.DepositedOn.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
            csv.Row(depositNarration, on, DisplayFormat.Count(d.GiftCount, "gift"), Bank.Code, "Tax Exempt", CsvCell.Amount(d.NetCents), "", "");
            csv.Row(depositNarration, on, DisplayFormat.Count(d.GiftCount, "gift"), Undeposited.Code, "Tax Exempt", CsvCell.Amount(-d.NetCents), "", "");
        }
        return csv;
    }

    /// <summary>The revenue entry's lines, debits positive and credits negative; for each fund and category they sum to zero.</summary>
    private static IEnumerable<((string Name, string Code) Account, long Cents, string Description, string Fund)> Postings(IReadOnlyList<JournalRevenueLine> revenue)
    {
        foreach (var r in revenue)
        {
            var account = Revenue(r.Category);
            yield return (account, -r.GrossCents, $"{r.Category.Label()} gifts ({r.GiftCount})", r.Fund);
            if (r.RefundCents > 0)
                yield return (account, r.RefundCents, $"{r.Category.Label()} refunds", r.Fund);
            if (r.FeeCents > 0)
                yield return (Fees, r.FeeCents, $"{r.Category.Label()} processing fees", r.Fund);
            if (r.NetCents != 0)
                yield return (Undeposited, r.NetCents, $"{r.Category.Label()} net to deposit", r.Fund);
        }
    }

    private static CsvCell Debit(long cents) => cents > 0 ? CsvCell.Amount(cents) : CsvCell.Empty;

    private static CsvCell Credit(long cents) => cents < 0 ? CsvCell.Amount(-cents) : CsvCell.Empty;

    private static string SourceLabel(string source) => source == "stripe_payout" ? "Stripe payout" : DomainWords.Label(source);
}
