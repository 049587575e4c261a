using DonorTrack.Core.Data;

namespace DonorTrack.Core.Grants;

/// <summary>Where a grant stands (words: pending, awarded, declined, closed). Only an awarded grant takes payments.</summary>
[DomainWords]
public enum GrantStatus
{
    Pending,
    Awarded,
    Declined,
    Closed,
}

/// <summary>What a grant may pay for (words: general_operating, project — a project grant names its purpose).</summary>
[DomainWords]
public enum GrantRestriction
{
    GeneralOperating,
    Project,
}

/// <summary>Where one installment stands once the linked payments are applied in schedule order (words: open, partly_paid, paid, written_off).</summary>
[DomainWords]
public enum InstallmentStanding
{
    Open,
    PartlyPaid,
    Paid,
    WrittenOff,
}
