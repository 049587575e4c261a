using DonorTrack.Core.Csv;
using DonorTrack.Core.Data;

namespace DonorTrack.Core.Dues;

/// <summary>
/// The treasurer's dues lists as CSV, UTF-8 with a byte-order mark. These lists are records of money owed, not call lists, so every
/// member stays on them and do-not-contact and deceased members are flagged in their own columns.
/// </summary>
public static class DuesCsv
{
    public static byte[] Memberships(IEnumerable<MembershipSummary> memberships) => Write(
        ["Membership", "Member", "Do not contact", "Deceased", "Plan", "Status", "Starts", "Paid through", "Lapses on", "Dues per period", "Credit", "Arrears owed"],
        memberships.Select(m => new[]
        {
            CsvCell.Number(m.Id), m.DonorName, YesNo(m.DonorDoNotContact), YesNo(m.DonorDeceased), m.PlanName, m.Status.Word(),
            CsvCell.Date(m.StartsOn), CsvCell.Date(m.PaidThrough), CsvCell.Date(m.LapsesOn),
            CsvCell.Amount(m.PeriodCents), CsvCell.Amount(m.CreditCents), CsvCell.Amount(m.Arrears.OwedCents),
        }));

    public static byte[] DueSoon(IEnumerable<DueSoonItem> items) => Write(
        ["Membership", "Member", "Do not contact", "Deceased", "Plan", "Status", "Next due", "Owed"],
        items.Select(i => new[]
        {
            CsvCell.Number(i.Membership.Id), i.Membership.DonorName, YesNo(i.Membership.DonorDoNotContact), YesNo(i.Membership.DonorDeceased),
            i.Membership.PlanName, i.Membership.Status.Word(), CsvCell.Date(i.NextDueOn), CsvCell.Amount(i.OwedCents),
        }));

    public static byte[] RecurringDonations(IEnumerable<RecurringDonationSummary> pledges) => Write(
        ["Recurring donation", "Donor", "Do not contact", "Deceased", "Amount", "Interval", "Status", "Starts", "Next due", "Missed installments"],
        pledges.Select(p => new[]
        {
            CsvCell.Number(p.Row.Id), p.Row.DonorName, YesNo(p.Row.DonorDoNotContact), YesNo(p.Row.DonorDeceased), CsvCell.Amount(p.Row.AmountCents),
            p.Row.Interval.Word(), p.Row.Status.Word(), CsvCell.Date(p.Row.StartsOn), CsvCell.Date(p.Row.NextDueOn), CsvCell.Number(p.Missed.Count),
        }));

    public static byte[] AllianceDues(IEnumerable<AllianceDuesRow> rows) => Write(
        ["Member organization", "Plan", "Status", "Due this fiscal year", "Paid this fiscal year", "Arrears owed"],
        rows.Select(r => new[]
        {
            r.MemberName, r.Membership?.PlanName ?? "", r.Membership?.Status.Word() ?? "no plan",
            CsvCell.Amount(r.FiscalYear?.DueCents ?? 0), CsvCell.Amount(r.FiscalYear?.PaidCents ?? 0), CsvCell.Amount(r.FiscalYear?.Arrears.OwedCents ?? 0),
        }));

    private static byte[] Write(IReadOnlyList<string> header, IEnumerable<CsvCell[]> rows)
    {
        var csv = new CsvWriter();
        csv.Row(header.Select(CsvCell.Text));
        foreach (var row in rows)
            csv.Row(row);
        return csv.ToUtf8WithBom();
    }

    private static string YesNo(bool flag) => flag ? "yes" : "no";
}
