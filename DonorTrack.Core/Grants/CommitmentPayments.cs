using DonorTrack.Core.Data;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Validation;

namespace DonorTrack.Core.Grants;

/// <summary>Checks a new gift that pays a grant or a pledge, for GiftService (as an <see cref="IGiftReferenceCheck"/>), before anything is written.</summary>
public sealed class CommitmentPayments(GrantService grants, PledgeService pledges) : IGiftReferenceCheck
{
    public void EnsureValid(DbSession db, long organizationId, GiftInput input) => EnsureLinkable(db, organizationId, input);

    public void EnsureLinkable(DbSession db, long organizationId, GiftInput input)
    {
        if (input.GrantId is null && input.PledgeId is null)
            return;
        if (input.GrantId is not null && input.PledgeId is not null)
            throw InputValidation.FieldError(nameof(input.PledgeId), "A gift pays either a grant or a pledge, not both.");
        if (input.MembershipId is not null || input.RecurringDonationId is not null)
            throw InputValidation.FieldError(input.GrantId is not null ? nameof(input.GrantId) : nameof(input.PledgeId),
                "A gift that pays dues or a recurring donation cannot also pay a grant or pledge.");
        if (input.GrantId is { } grantId)
            grants.EnsurePayable(db, organizationId, grantId, input.DonorId!.Value, input.AmountCents!.Value, nameof(input.GrantId));
        if (input.PledgeId is { } pledgeId)
            pledges.EnsurePayable(db, organizationId, pledgeId, input.DonorId!.Value, input.AmountCents!.Value, nameof(input.PledgeId));
    }
}
