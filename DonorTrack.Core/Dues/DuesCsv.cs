using System.Text;
using DonorTrack.Core.Money;

namespace DonorTrack.Core.Dues;

/// <summary>The treasurer's dues lists as CSV: UTF-8 with a byte-order mark so Excel shows Vietnamese, Arabic or Chinese names.</summary>
public static class DuesCsv
{
    public static byte[] Memberships(IEnumerable<MembershipSummary> memberships) => Write(
        ["Membership", "Member", "Plan", "Status", "Starts", "Paid through", "Lapses on", "Dues per period", "Credit", "Arrears owed"],
        memberships.Select(m => new[]
        {
            Id(m.Id), m.DonorName, m.PlanName, m.Status.Word(), Date(m.StartsOn), Date(m.PaidThrough), Date(m.LapsesOn),
            MoneyFormat.Plain(m.PeriodCents), MoneyFormat.Plain(m.CreditCents), MoneyFormat.Plain(m.Arrears.OwedCents),
        }));

    public static byte[] DueSoon(IEnumerable<DueSoonItem> items) => Write(
        ["Membership", "Member", "Plan", "Status", "Next due", "Owed"],
        items.Select(i => new[]
        {
            Id(i.Membership.Id), i.Membership.DonorName, i.Membership.PlanName, i.Membership.Status.Word(), Date(i.NextDueOn), MoneyFormat.Plain(i.OwedCents),
        }));

    public static byte[] RecurringDonations(IEnumerable<RecurringDonationSummary> pledges) => Write(
        ["Recurring donation", "Donor", "Amount", "Interval", "Status", "Starts", "Next due", "Missed installments"],
        pledges.Select(p => new[]
        {
            Id(p.Row.Id), p.Row.DonorName, MoneyFormat.Plain(p.Row.AmountCents), p.Row.Interval, p.Row.Status, Date(p.Row.StartsOn),
            Date(p.Row.NextDueOn), p.Missed.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));

    public static byte[] AllianceDues(IEnumerable<AllianceDuesRow> rows) => Write(
        ["Member organization", "Plan", "Status", "Due this fiscal year", "Paid this fiscal year", "Arrears owed"],
        rows.Select(r => new[]
        {
            r.MemberName, r.Membership?.PlanName ?? "", r.Membership?.Status.Word() ?? "no plan",
            MoneyFormat.Plain(r.FiscalYear?.DueCents ?? 0), MoneyFormat.Plain(r.FiscalYear?.PaidCents ?? 0), MoneyFormat.Plain(r.FiscalYear?.Arrears.OwedCents ?? 0),
        }));

    /// <summary>RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so a name can never run as a spreadsheet formula.</summary>
    public static byte[] Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var text = new StringBuilder();
        Line(text, header);
        foreach (var row in rows)
            Line(text, row);
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static void Line(StringBuilder text, IReadOnlyList<string> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
                text.Append(',');
            text.Append(Cell(cells[i]));
        }
        text.Append("\r\n");
    }

    private static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '@' || value.Length > 1 && value[0] == '-' && !char.IsAsciiDigit(value[1]))
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string Date(DateOnly date) => Data.DapperConfiguration.ToText(date);

    private static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
