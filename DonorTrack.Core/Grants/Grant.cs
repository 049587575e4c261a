using DonorTrack.Core.Data;

namespace DonorTrack.Core.Grants;

/// <summary>An institutional award as recorded: funder, amount, term, restriction and status.</summary>
public sealed record Grant(
    long Id,
    long OrganizationId,
    long FunderDonorId,
    string Name,
    long AmountCents,
    DateOnly? AwardedOn,
    DateOnly StartsOn,
    DateOnly EndsOn,
    GrantRestriction Restriction,
    string? Purpose,
    string? ProgramArea,
    GrantStatus Status,
    string? Notes,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset UpdatedAt);

/// <summary>One stored installment of a grant's schedule.</summary>
public sealed record GrantInstallment(long Id, long Position, DateOnly DueOn, long AmountCents);

/// <summary>A report the funder expects by a date, and whether it was sent.</summary>
public sealed record GrantReportDeadline(long Id, long GrantId, DateOnly DueOn, string Description, bool Done);

/// <summary>A gift linked to a grant or pledge, as its payment history shows it.</summary>
public sealed record LinkedPayment(long GiftId, DateOnly ReceivedOn, long AmountCents, long RefundedCents, string Status)
{
    public long CountedCents => Status is "completed" or "partially_refunded" ? AmountCents - RefundedCents : 0;
}

/// <summary>A grant with its funder's name, its schedule as paid so far, its payments and reporting deadlines.</summary>
public sealed record GrantDetail(
    Grant Grant, string FunderName, IReadOnlyList<InstallmentState> Installments, IReadOnlyList<LinkedPayment> Payments,
    IReadOnlyList<GrantReportDeadline> Deadlines)
{
    public long PaidCents => Payments.Sum(p => p.CountedCents);

    public long BalanceCents => Grant.AmountCents - PaidCents;
}

/// <summary>The audit snapshot of a grant: its row, schedule and deadlines, as plain values.</summary>
public sealed record GrantSnapshot(Grant Grant, IReadOnlyList<GrantInstallment> Installments, IReadOnlyList<GrantReportDeadline> Deadlines);

/// <summary>A reporting deadline as sent with a grant.</summary>
public sealed record ReportDeadlineInput(DateOnly? DueOn, string? Description, bool Done = false);

/// <summary>What staff or the API send to create or replace a grant.</summary>
public sealed record GrantInput
{
    public long? FunderDonorId { get; init; }

    /// <summary>Grants come from organizations; an individual funder is accepted only when this is true.</summary>
    public bool ConfirmIndividualFunder { get; init; }
    public string? Name { get; init; }
    public long? AmountCents { get; init; }
    public DateOnly? AwardedOn { get; init; }
    public DateOnly? StartsOn { get; init; }
    public DateOnly? EndsOn { get; init; }
    public GrantRestriction? Restriction { get; init; }
    public string? Purpose { get; init; }
    public string? ProgramArea { get; init; }
    public GrantStatus? Status { get; init; }
    public string? Notes { get; init; }

    /// <summary>An explicit schedule; when absent, <see cref="InstallmentCount"/> equal installments a year apart from the term start.</summary>
    public IReadOnlyList<InstallmentInput>? Installments { get; init; }
    public int? InstallmentCount { get; init; }
    public IReadOnlyList<ReportDeadlineInput>? ReportDeadlines { get; init; }

    public static GrantInput From(GrantSnapshot s) => new()
    {
        FunderDonorId = s.Grant.FunderDonorId, ConfirmIndividualFunder = true, Name = s.Grant.Name, AmountCents = s.Grant.AmountCents,
        AwardedOn = s.Grant.AwardedOn, StartsOn = s.Grant.StartsOn, EndsOn = s.Grant.EndsOn, Restriction = s.Grant.Restriction,
        Purpose = s.Grant.Purpose, ProgramArea = s.Grant.ProgramArea, Status = s.Grant.Status, Notes = s.Grant.Notes,
        Installments = [.. s.Installments.Select(i => new InstallmentInput(i.DueOn, i.AmountCents))],
        ReportDeadlines = [.. s.Deadlines.Select(d => new ReportDeadlineInput(d.DueOn, d.Description, d.Done))],
    };
}

/// <summary>One row of the grant list, with what has been paid.</summary>
public sealed record GrantListItem(
    long Id, long FunderDonorId, string FunderName, string Name, long AmountCents, DateOnly StartsOn, DateOnly EndsOn, GrantRestriction Restriction,
    string? ProgramArea, GrantStatus Status, long PaidCents)
{
    public long BalanceCents => AmountCents - PaidCents;
}

/// <summary>Grant list filters: a status, and "term ends within N months" of today.</summary>
public sealed record GrantQuery
{
    public const int MaximumMonths = 1_200;

    public GrantStatus? Status { get; init; }
    public int? EndingWithinMonths { get; init; }
    public PageRequest Page { get; init; } = new();
}

/// <summary>A grant or pledge that a new payment from its funder or donor may still pay, with its open balance.</summary>
public sealed record OpenCommitment(long Id, string Name, long BalanceCents);
