using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;

namespace DonorTrack.Core.Grants;

/// <summary>A promise of a gift from an individual or organization, paid on a schedule.</summary>
public sealed record Pledge(
    long Id,
    long OrganizationId,
    long DonorId,
    long AmountCents,
    DateOnly PledgedOn,
    GiftCategory Category,
    string? Purpose,
    string? Notes,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset UpdatedAt);

/// <summary>One stored installment of a pledge's schedule.</summary>
public sealed record PledgeInstallment(long Id, long Position, DateOnly DueOn, long AmountCents);

/// <summary>Part of a pledge's unpaid balance given up on, with the reason; it stays in the pledge's history.</summary>
public sealed record PledgeWriteOff(long Id, long PledgeId, long AmountCents, DateOnly WrittenOffOn, string Reason, DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>Where a pledge stands (words: open, fulfilled, written_off).</summary>
[DomainWords]
public enum PledgeStanding
{
    Open,
    Fulfilled,
    WrittenOff,
}

/// <summary>A pledge with its donor's name, its schedule as paid so far, its payments and write-offs.</summary>
public sealed record PledgeDetail(
    Pledge Pledge, string DonorName, IReadOnlyList<InstallmentState> Installments, IReadOnlyList<LinkedPayment> Payments, IReadOnlyList<PledgeWriteOff> WriteOffs)
{
    public long PaidCents => Payments.Sum(p => p.CountedCents);

    public long WrittenOffCents => WriteOffs.Sum(w => w.AmountCents);

    public long BalanceCents => Math.Max(0, Pledge.AmountCents - PaidCents - WrittenOffCents);

    public PledgeStanding Standing => BalanceCents > 0 ? PledgeStanding.Open : WrittenOffCents > 0 ? PledgeStanding.WrittenOff : PledgeStanding.Fulfilled;
}

/// <summary>The audit snapshot of a pledge: its row and schedule.</summary>
public sealed record PledgeSnapshot(Pledge Pledge, IReadOnlyList<PledgeInstallment> Installments);

/// <summary>What staff or the API send to record a pledge: one due date, N installments, or an explicit schedule.</summary>
public sealed record PledgeInput
{
    public long? DonorId { get; init; }
    public long? AmountCents { get; init; }
    public DateOnly? PledgedOn { get; init; }
    public GiftCategory? Category { get; init; }
    public string? Purpose { get; init; }
    public string? Notes { get; init; }

    /// <summary>The first (or only) due date; the pledge date when absent.</summary>
    public DateOnly? FirstDueOn { get; init; }
    public int? InstallmentCount { get; init; }

    /// <summary>Months between generated installments (1 monthly, 3 quarterly, 12 yearly).</summary>
    public int? IntervalMonths { get; init; }
    public IReadOnlyList<InstallmentInput>? Installments { get; init; }
}

/// <summary>A write-off of a pledge's unpaid balance; the whole open balance when no amount is given.</summary>
public sealed record PledgeWriteOffInput(long? AmountCents, string? Reason);

/// <summary>One row of the pledge list.</summary>
public sealed record PledgeListItem(
    long Id, long DonorId, string DonorName, long AmountCents, DateOnly PledgedOn, GiftCategory Category, string? Purpose, long PaidCents, long WrittenOffCents)
{
    public long BalanceCents => Math.Max(0, AmountCents - PaidCents - WrittenOffCents);

    public PledgeStanding Standing => BalanceCents > 0 ? PledgeStanding.Open : WrittenOffCents > 0 ? PledgeStanding.WrittenOff : PledgeStanding.Fulfilled;
}

/// <summary>Pledge list filters.</summary>
public sealed record PledgeQuery
{
    public long? DonorId { get; init; }

    /// <summary>Only pledges with an unpaid balance.</summary>
    public bool OpenOnly { get; init; }
    public PageRequest Page { get; init; } = new();
}
