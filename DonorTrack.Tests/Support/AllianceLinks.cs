namespace DonorTrack.Tests.Support;

/// <summary>Makes an organization an accepted member of an alliance the way two admins would: an invitation code, redeemed by the member.</summary>
public static class AllianceLinks
{
    public static long LinkAccepted(this OrganizationService organizations, Actor alliance, long memberId, DateOnly joinedOn, string role = "member")
    {
        var invitation = organizations.Invite(alliance, new AllianceMemberInput(null, role, joinedOn));
        return organizations.JoinWithCode(Actor.System(memberId), invitation.Code);
    }
}

/// <summary>Creates a matching campaign and has every other named organization's admin accept taking part.</summary>
public static class MatchingParticipation
{
    public static long CreateAccepted(this DonorTrack.Core.Matching.MatchingCampaignService campaigns, Actor owner, DonorTrack.Core.Matching.MatchingCampaignInput input)
    {
        var id = campaigns.Create(owner, input);
        AcceptAll(campaigns, owner, id, input);
        return id;
    }

    public static void AcceptAll(this DonorTrack.Core.Matching.MatchingCampaignService campaigns, Actor owner, long campaignId, DonorTrack.Core.Matching.MatchingCampaignInput input)
    {
        foreach (var participant in input.Participants!.Where(p => p.OrganizationId != owner.OrganizationId))
        {
            if (campaigns.ParticipationRequests(Actor.System(participant.OrganizationId!.Value)).Any(r => r.CampaignId == campaignId))
                campaigns.AcceptParticipation(Actor.System(participant.OrganizationId!.Value), campaignId);
        }
    }
}
