using DonorTrack.Core.Data;
using DonorTrack.Core.Organizations;

namespace DonorTrack.Core.Matching;

/// <summary>
/// Re-runs an alliance's matching campaigns that name a member when that membership begins or ends: a participant's gifts
/// are matched only while it is a current, accepted member, so its allocations appear or go with the membership.
/// </summary>
public sealed class AllianceMembershipChanges(MatchingRepository matching, MatchingReallocation reallocation) : IAllianceMembershipListener
{
    public void OnMembershipChanged(DbSession db, long allianceId, long memberId) => Rerun(db, allianceId, memberId);

    public void Rerun(DbSession db, long allianceId, long memberId)
    {
        foreach (var campaign in matching.NamingParticipant(db, allianceId, memberId))
            reallocation.RunFully(db, campaign);
    }
}
