using System.Globalization;
using System.Text;
using DonorTrack.Core.Audit;
using DonorTrack.Core.Csv;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Pdf;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;
using FluentValidation;
using DonorTrack.Core.Money;

namespace DonorTrack.Core.Matching;

/// <summary>
/// Matching campaigns as use cases: set up and edit (treasurer of the running organization), progress, the funder's claim and
/// its payment. Alliance staff see member organizations' totals only; a member's gifts and donors stay with that member.
/// </summary>
public sealed class MatchingCampaignService(
    IDbConnectionFactory connections, MatchingRepository matching, MatchingReallocation reallocation, OrganizationRepository organizations,
    DonorRepository donors, GiftService gifts, AuditLog audit, IPdfRenderer pdf, TimeProvider clock)
{
    private readonly MatchingCampaignInputValidator _validator = new();
    private readonly MatchingClaimPaymentInputValidator _paymentValidator = new();

    /// <summary>Creates a campaign run by the actor's organization, allocates the gifts already in its window, and returns its id.</summary>
    public long Create(Actor actor, MatchingCampaignInput input)
    {
        actor.Require(Role.Treasurer);
        _validator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        EnsureReferencesExist(db, actor.OrganizationId, input);
        var id = matching.Insert(db, actor.OrganizationId, input, clock.GetUtcNow());
        WriteParticipants(db, actor.OrganizationId, id, input);
        var campaign = matching.FindVisible(db, actor.OrganizationId, id)!;
        reallocation.RunFully(db, campaign);
        audit.Record(db, actor, "matching_campaign", id, "create", null, Snapshot(db, campaign));
        db.Commit();
        return id;
    }

    /// <summary>
    /// Changes a campaign's rules. Once any gift has been matched the change is held back, with a preview of how allocations
    /// would move, until the treasurer confirms it. Null when the actor's organization does not run the campaign.
    /// </summary>
    public MatchingEditOutcome? Edit(Actor actor, long campaignId, MatchingCampaignInput input, bool confirmed)
    {
        actor.Require(Role.Treasurer);
        _validator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        var before = matching.FindVisible(db, actor.OrganizationId, campaignId);
        if (before is null || before.OrganizationId != actor.OrganizationId)
            return null;
        EnsureReferencesExist(db, actor.OrganizationId, input);
        var oldParticipants = matching.Participants(db, campaignId);
        var oldRules = MatchingRules.FromInput(before.ToInput(oldParticipants));
        // Only organizations already taking part (and the running one) can be matched; a newly named one waits for its admin.
        var takingPart = oldParticipants.Select(p => p.OrganizationId).Append(actor.OrganizationId).ToHashSet();
        var newRules = MatchingRules.FromInput(input);
        newRules = newRules with { Participants = newRules.Participants.Where(p => takingPart.Contains(p.OrganizationId)).ToList() };
        var preview = Preview(db, oldRules, newRules, oldParticipants);
        if (preview.MatchedBeforeCents > 0 && !confirmed)
            return new MatchingEditOutcome(Applied: false, preview);

        var snapshotBefore = Snapshot(db, before);
        matching.Update(db, actor.OrganizationId, campaignId, input, clock.GetUtcNow());
        var kept = input.Participants!.Select(p => p.OrganizationId!.Value).ToHashSet();
        foreach (var removed in matching.NamedParticipantIds(db, campaignId).Where(id => !kept.Contains(id)))
            matching.RemoveParticipant(db, campaignId, removed);
        WriteParticipants(db, actor.OrganizationId, campaignId, input);
        var after = matching.FindVisible(db, actor.OrganizationId, campaignId)!;
        reallocation.RunFully(db, after);
        audit.Record(db, actor, "matching_campaign", campaignId, "edit", snapshotBefore, new { campaign = Snapshot(db, after), allocationChange = preview });
        db.Commit();
        return new MatchingEditOutcome(Applied: true, preview);
    }

    /// <summary>
    /// Named participants that do not take part yet (waiting for their admin's answer) or any more (no longer members), so the
    /// running organization sees why they are missing. Empty for anyone but the running organization.
    /// </summary>
    public IReadOnlyList<MatchingParticipantTotals> ParticipantsNotTakingPart(Actor actor, long campaignId)
    {
        using var db = connections.Read();
        var campaign = matching.FindVisible(db, actor.OrganizationId, campaignId);
        return campaign is null || campaign.OrganizationId != actor.OrganizationId ? [] : matching.ParticipantsNotTakingPart(db, campaignId);
    }

    /// <summary>Other organizations' campaigns that name the actor's organization and wait for its admin's answer.</summary>
    public IReadOnlyList<MatchingParticipationRequest> ParticipationRequests(Actor actor)
    {
        actor.Require(Role.Admin);
        using var db = connections.Read();
        return matching.ParticipationRequests(db, actor.OrganizationId);
    }

    /// <summary>
    /// An admin of a named organization agrees to take part: its gifts are matched from now on (while it is a current member of the
    /// running alliance), its /give page shows the offer, and the alliance's progress and claim include it.
    /// </summary>
    public void AcceptParticipation(Actor actor, long campaignId)
    {
        actor.Require(Role.Admin);
        using var db = connections.BeginTransaction();
        if (!matching.AcceptParticipation(db, campaignId, actor.OrganizationId, clock.GetUtcNow()))
            throw InputValidation.FieldError("CampaignId", "That campaign is not waiting for this organization's answer.");
        audit.Record(db, actor, "matching_participant", campaignId, "accept", null, new { campaignId });
        if (matching.FindVisible(db, actor.OrganizationId, campaignId) is { } campaign)
            reallocation.RunFully(db, campaign);
        db.Commit();
    }

    /// <summary>An admin of a named organization declines: it is taken off the campaign and none of its gifts are matched.</summary>
    public void DeclineParticipation(Actor actor, long campaignId)
    {
        actor.Require(Role.Admin);
        using var db = connections.BeginTransaction();
        if (!matching.IsParticipationRequested(db, campaignId, actor.OrganizationId))
            throw InputValidation.FieldError("CampaignId", "That campaign is not waiting for this organization's answer.");
        matching.RemoveParticipant(db, campaignId, actor.OrganizationId);
        audit.Record(db, actor, "matching_participant", campaignId, "decline", null, new { campaignId });
        db.Commit();
    }

    public MatchingCampaign? Find(Actor actor, long campaignId)
    {
        using var db = connections.Read();
        return matching.FindVisible(db, actor.OrganizationId, campaignId);
    }

    public IReadOnlyList<MatchingParticipantTotals> Participants(Actor actor, long campaignId)
    {
        using var db = connections.Read();
        return matching.FindVisible(db, actor.OrganizationId, campaignId) is null ? [] : matching.Participants(db, campaignId);
    }

    /// <summary>Campaigns the actor's organization runs or takes part in, newest first.</summary>
    public IReadOnlyList<MatchingCampaign> List(Actor actor)
    {
        using var db = connections.Read();
        return matching.ListVisible(db, actor.OrganizationId);
    }

    /// <summary>Organizations the actor's organization may choose as participants: itself and its current alliance members.</summary>
    public IReadOnlyList<(long Id, string Name)> ParticipantChoices(Actor actor)
    {
        using var db = connections.Read();
        var own = organizations.Find(db, actor.OrganizationId)!;
        return [(own.Id, own.Name), .. organizations.Members(db, actor.OrganizationId).Where(m => m.LeftOn is null).Select(m => (m.MemberId, m.MemberName))];
    }

    /// <summary>Where the campaign stands, from the stored running totals; null when the actor's organization neither runs nor takes part in it.</summary>
    public MatchingProgress? Progress(Actor actor, long campaignId)
    {
        using var db = connections.Read();
        var campaign = matching.FindVisible(db, actor.OrganizationId, campaignId);
        if (campaign is null)
            return null;
        var participants = matching.Participants(db, campaignId);
        var funder = donors.Find(db, campaign.OrganizationId, campaign.FunderDonorId);
        var owner = organizations.Find(db, campaign.OrganizationId)!;
        var today = owner.LocalDate(clock.GetUtcNow());
        var raised = participants.Sum(p => p.RaisedCents);
        var matched = participants.Sum(p => p.MatchedCents);
        var thresholdMet = !campaign.IsChallenge || raised >= campaign.ThresholdCents;
        var perOrganization = participants
            .Select(p => new MatchingOrganizationProgress(p.OrganizationId, p.OrganizationName, p.CapCents, p.RaisedCents, p.MatchedCents,
                thresholdMet ? p.MatchedCents : 0, p.GiftCount, p.DonorCount))
            .ToList();
        var ownGifts = participants.Any(p => p.OrganizationId == actor.OrganizationId)
            ? matching.GiftsOf(db, campaignId, actor.OrganizationId).Select(g => g.ToLine(withDonorName: true)).ToList()
            : [];
        var firstCountedDay = today > campaign.StartsOn ? today : campaign.StartsOn;
        return new MatchingProgress(
            campaign,
            funder?.DisplayName ?? "",
            owner.Name,
            campaign.OrganizationId == actor.OrganizationId,
            raised,
            matched,
            campaign.PoolCents - matched,
            thresholdMet ? matched : 0,
            thresholdMet,
            participants.Sum(p => p.DonorCount),
            participants.Sum(p => p.GiftCount),
            Math.Max(0, campaign.EndsOn.DayNumber - firstCountedDay.DayNumber + 1),
            today > campaign.EndsOn,
            perOrganization,
            ownGifts)
        {
            FunderIsAnonymous = funder?.Anonymous ?? false,
        };
    }

    /// <summary>
    /// The claim statement at or after the last day. The running organization sees every participant's section (gift id, date,
    /// amount, matched), a participant only its own; donor names appear only in the reader's own organization's section, and an
    /// anonymous donor is "Anonymous" there too, since the claim goes to the funder.
    /// </summary>
    public MatchingClaim? Claim(Actor actor, long campaignId)
    {
        using var db = connections.Read();
        var campaign = matching.FindVisible(db, actor.OrganizationId, campaignId);
        if (campaign is null)
            return null;
        var owner = organizations.Find(db, campaign.OrganizationId)!;
        var today = owner.LocalDate(clock.GetUtcNow());
        if (today < campaign.EndsOn)
            throw InputValidation.FieldError("EndsOn", $"The claim can be prepared from the last day of the campaign, {DisplayFormat.Date(campaign.EndsOn)}.");
        var participants = matching.Participants(db, campaignId);
        var raised = participants.Sum(p => p.RaisedCents);
        var thresholdMet = !campaign.IsChallenge || raised >= campaign.ThresholdCents;
        var readerRunsIt = campaign.OrganizationId == actor.OrganizationId;
        var sections = participants
            .Where(p => readerRunsIt || p.OrganizationId == actor.OrganizationId)
            .Select(p =>
            {
                var own = p.OrganizationId == actor.OrganizationId;
                var lines = matching.GiftsOf(db, campaignId, p.OrganizationId).Select(g => g.ToClaimLine(withDonorName: own)).ToList();
                return new MatchingClaimSection(p.OrganizationId, p.OrganizationName, p.MatchedCents, thresholdMet ? p.MatchedCents : 0, own, lines);
            })
            .ToList();
        var matched = sections.Sum(s => s.MatchedCents);
        return new MatchingClaim(campaign, FunderName(db, campaign), owner.Name, today, thresholdMet, matched, thresholdMet ? matched : 0, sections);
    }

    /// <summary>The claim as a PDF, with the sections and the donor-name rule of <see cref="Claim"/>; null when the campaign is not visible.</summary>
    public MatchingClaimFile? ClaimPdf(Actor actor, long campaignId)
    {
        if (Claim(actor, campaignId) is not { } claim)
            return null;
        Organization owner;
        using (var db = connections.Read())
            owner = organizations.Find(db, claim.Campaign.OrganizationId)!;
        using var output = new MemoryStream();
        pdf.Render(MatchingClaimDocument.Build(claim, owner, clock.GetUtcNow()), output);
        return new MatchingClaimFile(MatchingClaimDocument.FileName(claim), output.ToArray());
    }

    /// <summary>The claim as CSV: one line per eligible gift, donor names only in the reader's own section.</summary>
    public static string ClaimCsv(MatchingClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var csv = new CsvWriter().Row("organization", "gift_id", "received_on", "amount", "matched", "donor");
        foreach (var section in claim.Sections)
        {
            foreach (var gift in section.Gifts)
            {
                csv.Row(section.OrganizationName, CsvCell.Number(gift.GiftId), CsvCell.Date(gift.ReceivedOn), CsvCell.Amount(gift.AmountCents),
                    CsvCell.Amount(gift.MatchedCents), gift.DonorName);
            }
            csv.Row(section.OrganizationName + " total", CsvCell.Empty, CsvCell.Empty, CsvCell.Empty, CsvCell.Amount(section.OwedCents), CsvCell.Empty);
        }
        return csv.ToString();
    }

    /// <summary>Records the funder's payment of the claim as a gift in category "matching" from the funder; returns the gift id.</summary>
    public long RecordClaimPayment(Actor actor, long campaignId, MatchingClaimPaymentInput input)
    {
        actor.Require(Role.Treasurer);
        _paymentValidator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        var campaign = matching.FindVisible(db, actor.OrganizationId, campaignId);
        if (campaign is null || campaign.OrganizationId != actor.OrganizationId)
            throw new ForbiddenException("Only the organization running the campaign records the funder's payment.");
        if (campaign.ClaimGiftId is not null)
            throw InputValidation.FieldError(nameof(input.AmountCents), "The funder's payment of this claim is already recorded.");
        var owner = organizations.Find(db, campaign.OrganizationId)!;
        if (owner.LocalDate(clock.GetUtcNow()) < campaign.EndsOn)
            throw InputValidation.FieldError(nameof(input.ReceivedOn), "The claim can be paid from the last day of the campaign.");
        var giftId = gifts.Record(db, actor, new GiftInput
        {
            DonorId = campaign.FunderDonorId,
            AmountCents = input.AmountCents,
            ReceivedOn = input.ReceivedOn,
            Method = input.Method,
            CheckNumber = string.IsNullOrWhiteSpace(input.CheckNumber) ? null : input.CheckNumber.Trim(),
            Category = GiftCategory.Matching,
            Notes = $"Matching claim: {campaign.Name}",
        });
        matching.SetClaimGift(db, actor.OrganizationId, campaignId, giftId, clock.GetUtcNow());
        audit.Record(db, actor, "matching_campaign", campaignId, "claim_paid", null, new { giftId, input.AmountCents, input.ReceivedOn });
        db.Commit();
        return giftId;
    }

    private MatchingChangePreview Preview(DbSession db, MatchingRules oldRules, MatchingRules newRules, IReadOnlyList<MatchingParticipantTotals> oldParticipants)
    {
        // Stored allocations equal a fresh run of the old rules, so the comparison is between two fresh runs in this transaction.
        var before = reallocation.FreshRun(db, oldRules);
        var after = reallocation.FreshRun(db, newRules);
        var beforeByGift = before.Allocations.ToDictionary(a => a.GiftId, a => a.MatchedCents);
        var changed = after.Allocations.Count(a => beforeByGift.GetValueOrDefault(a.GiftId) != a.MatchedCents)
            + before.Allocations.Count(a => a.MatchedCents != 0 && !after.Allocations.Any(n => n.GiftId == a.GiftId));
        var names = oldParticipants.ToDictionary(p => p.OrganizationId, p => p.OrganizationName);
        foreach (var participant in newRules.Participants.Where(p => !names.ContainsKey(p.OrganizationId)))
            names[participant.OrganizationId] = organizations.Find(db, participant.OrganizationId)?.Name ?? participant.OrganizationId.ToString(CultureInfo.InvariantCulture);
        var perOrganization = names.Keys.Order()
            .Select(id => new MatchingOrganizationChange(id, names[id],
                before.PerOrganization.FirstOrDefault(o => o.OrganizationId == id)?.MatchedCents ?? 0,
                after.PerOrganization.FirstOrDefault(o => o.OrganizationId == id)?.MatchedCents ?? 0))
            .ToList();
        return new MatchingChangePreview(before.MatchedCents, after.MatchedCents, before.OwedCents, after.OwedCents, changed, perOrganization);
    }

    // The running organization's own row is accepted as it is written; any other waits for that organization's admin.
    private void WriteParticipants(DbSession db, long ownerId, long campaignId, MatchingCampaignInput input)
    {
        foreach (var participant in input.Participants!)
        {
            var id = participant.OrganizationId!.Value;
            matching.UpsertParticipant(db, campaignId, id, participant.CapCents, id == ownerId ? clock.GetUtcNow() : null);
        }
    }

    private void EnsureReferencesExist(DbSession db, long organizationId, MatchingCampaignInput input)
    {
        if (!donors.Exists(db, organizationId, input.FunderDonorId!.Value))
            throw InputValidation.FieldError(nameof(input.FunderDonorId), "The funder must be a donor of this organization.");
        foreach (var (participant, index) in input.Participants!.Select((p, i) => (p, i)))
        {
            var id = participant.OrganizationId!.Value;
            if (id != organizationId && !organizations.IsCurrentMember(db, organizationId, id))
                throw InputValidation.FieldError($"Participants[{index}].OrganizationId", "A participant must be this organization or a current member of this alliance.");
        }
    }

    private string FunderName(DbSession db, MatchingCampaign campaign) =>
        donors.Find(db, campaign.OrganizationId, campaign.FunderDonorId)?.DisplayName ?? "";

    private object Snapshot(DbSession db, MatchingCampaign campaign) =>
        new { campaign, participants = matching.Participants(db, campaign.Id).Select(p => new { p.OrganizationId, p.CapCents }) };
}

/// <summary>Checks the funder's payment of a claim.</summary>
public sealed class MatchingClaimPaymentInputValidator : AbstractValidator<MatchingClaimPaymentInput>
{
    public MatchingClaimPaymentInputValidator()
    {
        RuleFor(p => p.AmountCents).NotNull().WithMessage("Enter the amount the funder paid.")
            .GreaterThan(0).WithMessage("The amount must be more than zero.");
        RuleFor(p => p.ReceivedOn).NotNull().WithMessage("Enter the day the payment was received.");
        RuleFor(p => p.Method).Must(m => m is { } method && Enum.IsDefined(method) && method is not GiftMethod.InKind)
            .WithMessage($"Choose how the funder paid: {string.Join(", ", DomainWords.Values<GiftMethod>().Where(m => m is not GiftMethod.InKind).Select(m => m.Word()))}.");
        RuleFor(p => p.CheckNumber).MaximumLength(50).WithMessage("Use at most 50 characters.");
    }
}
