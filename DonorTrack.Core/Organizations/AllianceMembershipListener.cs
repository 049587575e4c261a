using DonorTrack.Core.Data;

namespace DonorTrack.Core.Organizations;

/// <summary>
/// A feature that keeps its own rows in step with alliance membership (matching campaigns that name a member). OrganizationService
/// calls every registered listener when a membership begins or ends, inside the same transaction.
/// </summary>
public interface IAllianceMembershipListener
{
    void OnMembershipChanged(DbSession db, long allianceId, long memberId);
}
