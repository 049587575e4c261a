using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace DonorTrack.Web.Pages.Grants;

/// <summary>
/// The grant form: amounts in dollars, and either equal installments spread over the term or an explicit schedule typed
/// row by row. Blank schedule and deadline rows are ignored; messages about a row go back to the row it came from.
/// </summary>
public sealed class GrantForm
{
    public const string EqualSchedule = "equal";
    public const string ExplicitSchedule = "explicit";

    public long? FunderDonorId { get; set; }
    public bool ConfirmIndividualFunder { get; set; }
    public string? Name { get; set; }
    public Dollars? Amount { get; set; }
    public DateOnly? AwardedOn { get; set; }
    public DateOnly? StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }
    public string? Restriction { get; set; } = "general_operating";
    public string? Purpose { get; set; }
    public string? ProgramArea { get; set; }
    public string? Status { get; set; } = "awarded";
    public string? Notes { get; set; }
    public string? ScheduleKind { get; set; } = EqualSchedule;
    public int? InstallmentCount { get; set; } = 1;
    public List<InstallmentRow> Schedule { get; set; } = [];
    public List<DeadlineRow> Deadlines { get; set; } = [];

    private List<int> _scheduleRows = [];
    private List<int> _deadlineRows = [];

    public static GrantForm From(GrantDetail detail)
    {
        var g = detail.Grant;
        return new GrantForm
        {
            FunderDonorId = g.FunderDonorId, ConfirmIndividualFunder = true, Name = g.Name, Amount = new Dollars(g.AmountCents), AwardedOn = g.AwardedOn,
            StartsOn = g.StartsOn, EndsOn = g.EndsOn, Restriction = g.Restriction.Word(), Purpose = g.Purpose, ProgramArea = g.ProgramArea,
            Status = g.Status.Word(), Notes = g.Notes, ScheduleKind = ExplicitSchedule, InstallmentCount = detail.Installments.Count,
            Schedule = [.. detail.Installments.Select(i => new InstallmentRow { DueOn = i.DueOn, Amount = new Dollars(i.AmountCents) })],
            Deadlines = [.. detail.Deadlines.Select(d => new DeadlineRow { DueOn = d.DueOn, Description = d.Description, Done = d.Done })],
        };
    }

    /// <summary>Adds blank rows so a few more installments and deadlines can be typed in.</summary>
    public void PadRows(int blank = 3)
    {
        var scheduleRows = Math.Max(Schedule.Count + blank, 4);
        while (Schedule.Count < scheduleRows)
            Schedule.Add(new InstallmentRow());
        while (Deadlines.Count < Math.Max(Deadlines.Count(d => !d.IsBlank) + blank, 3))
            Deadlines.Add(new DeadlineRow());
    }

    /// <summary>
    /// The input to save. Equal installments are generated here when the amount and a valid term are known; otherwise the
    /// count goes to the validator, which names the missing or wrong field.
    /// </summary>
    public GrantInput ToInput()
    {
        _scheduleRows = [.. Schedule.Select((row, i) => (row, i)).Where(r => !r.row.IsBlank).Select(r => r.i)];
        _deadlineRows = [.. Deadlines.Select((row, i) => (row, i)).Where(r => !r.row.IsBlank).Select(r => r.i)];
        var equal = ScheduleKind != ExplicitSchedule;
        IReadOnlyList<InstallmentInput>? installments = equal
            ? Amount is { Cents: > 0 } amount && StartsOn is { } start && EndsOn is { } end && end >= start
              && InstallmentCount is >= 1 and <= InstallmentSchedule.MaximumInstallments
                ? InstallmentSchedule.WithinTerm(amount.Cents, InstallmentCount.Value, start, end)
                : null
            : [.. _scheduleRows.Select(i => new InstallmentInput(Schedule[i].DueOn, Schedule[i].Amount?.Cents))];
        return new GrantInput
        {
            FunderDonorId = FunderDonorId, ConfirmIndividualFunder = ConfirmIndividualFunder, Name = Name, AmountCents = Amount?.Cents, AwardedOn = AwardedOn,
            StartsOn = StartsOn, EndsOn = EndsOn, Restriction = PageSupport.Word<GrantRestriction>(Restriction), Purpose = Purpose, ProgramArea = ProgramArea,
            Status = PageSupport.Word<GrantStatus>(Status), Notes = Notes,
            InstallmentCount = equal ? InstallmentCount ?? 0 : null,
            Installments = installments,
            ReportDeadlines = [.. _deadlineRows.Select(i => new ReportDeadlineInput(Deadlines[i].DueOn, Deadlines[i].Description, Deadlines[i].Done))],
        };
    }

    /// <summary>The form field (without the "Input." prefix) a message about the input's <paramref name="property"/> belongs next to.</summary>
    public string FieldOf(string property)
    {
        if (property == nameof(GrantInput.AmountCents))
            return nameof(Amount);
        if (property == nameof(GrantInput.Installments))
            return nameof(Schedule);
        if (property == nameof(GrantInput.ReportDeadlines))
            return nameof(Deadlines);
        if (Row(property, nameof(GrantInput.Installments), _scheduleRows) is { } schedule)
            return $"{nameof(Schedule)}[{schedule.Row}].{(schedule.Field == nameof(InstallmentInput.AmountCents) ? nameof(InstallmentRow.Amount) : schedule.Field)}";
        if (Row(property, nameof(GrantInput.ReportDeadlines), _deadlineRows) is { } deadline)
            return $"{nameof(Deadlines)}[{deadline.Row}].{deadline.Field}";
        return property;
    }

    private static (int Row, string Field)? Row(string property, string list, List<int> rows)
    {
        if (!property.StartsWith(list + "[", StringComparison.Ordinal))
            return null;
        var close = property.IndexOf(']', list.Length);
        if (close < 0 || !int.TryParse(property[(list.Length + 1)..close], out var index) || index >= rows.Count)
            return null;
        return (rows[index], property[(close + 2)..]);
    }
}

/// <summary>One typed row of an explicit schedule.</summary>
public sealed class InstallmentRow
{
    public DateOnly? DueOn { get; set; }
    public Dollars? Amount { get; set; }

    public bool IsBlank => DueOn is null && Amount is null;
}

/// <summary>One typed reporting deadline.</summary>
public sealed class DeadlineRow
{
    public DateOnly? DueOn { get; set; }
    public string? Description { get; set; }
    public bool Done { get; set; }

    public bool IsBlank => DueOn is null && string.IsNullOrWhiteSpace(Description);
}
