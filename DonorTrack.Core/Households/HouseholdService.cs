using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;

namespace DonorTrack.Core.Households;

/// <summary>Creating and changing households, adding and removing members, and the household's giving; every change audited.</summary>
public sealed class HouseholdService(
    IDbConnectionFactory connections, HouseholdRepository households, DonorRepository donors, DonorService donorService, GiftRepository gifts, AuditLog audit,
    TimeProvider clock)
{
    /// <summary>Gifts the household page lists as its giving history.</summary>
    public const int RecentGiftCount = 50;

    private readonly HouseholdInputValidator _validator = new();

    /// <summary>Creates a household with its first members (the first is the primary contact) and returns its id.</summary>
    public long Create(Actor actor, HouseholdInput input)
    {
        actor.Require(Role.Entry);
        using var db = connections.BeginTransaction();
        var id = Create(db, actor, input, externalId: null);
        db.Commit();
        return id;
    }

    /// <summary>Creates a household inside the caller's transaction (imports create households while they add donors).</summary>
    public long Create(DbSession db, Actor actor, HouseholdInput input, string? externalId)
    {
        input = input.Normalized();
        _validator.EnsureValid(input);
        var memberIds = input.MemberDonorIds ?? [];
        var first = new List<HouseholdMember>();
        for (var i = 0; i < memberIds.Count; i++)
        {
            var donor = EnsureCanJoin(db, actor.OrganizationId, memberIds[i], $"{nameof(HouseholdInput.MemberDonorIds)}[{i}]");
            first.Add(new HouseholdMember(donor.Id, donor.FirstName, donor.LastName, i == 0, default));
        }

        // A household without its own address takes the primary contact's, so mail goes somewhere from the start.
        if (input.AddressLine1 is null && input.City is null && input.PostalCode is null && first.Count > 0)
        {
            var primary = donors.Find(db, actor.OrganizationId, first[0].DonorId)!;
            input = input with
            {
                AddressLine1 = primary.AddressLine1, AddressLine2 = primary.AddressLine2, City = primary.City, Region = primary.Region,
                PostalCode = primary.PostalCode, Country = primary.Country,
            };
        }

        var now = clock.GetUtcNow();
        var id = households.Insert(db, actor.OrganizationId, input, input.Name ?? HouseholdNames.Name(first), externalId, now);
        foreach (var member in first)
            households.AddMember(db, actor.OrganizationId, id, member.DonorId, member.PrimaryContact, now);
        audit.Record(db, actor, "household", id, "create", null, Snapshot(db, actor.OrganizationId, id));
        return id;
    }

    /// <summary>Changes the household's names, address and notes; false when there is no such household in the organization.</summary>
    public bool Update(Actor actor, long householdId, HouseholdInput input)
    {
        actor.Require(Role.Entry);
        input = input.Normalized() with { MemberDonorIds = null };
        using var db = connections.BeginTransaction();
        var before = households.Find(db, actor.OrganizationId, householdId);
        if (before is null)
            return false;
        if (input.Name is null)
            throw InputValidation.FieldError(nameof(HouseholdInput.Name), "Name the household, e.g. “Ruiz household”.");
        _validator.EnsureValid(input);
        var snapshot = Snapshot(db, actor.OrganizationId, householdId);
        households.Update(db, actor.OrganizationId, householdId, input, clock.GetUtcNow());
        audit.Record(db, actor, "household", householdId, "update", snapshot, Snapshot(db, actor.OrganizationId, householdId));
        db.Commit();
        return true;
    }

    /// <summary>Adds an individual donor who is in no household yet; false when there is no such household.</summary>
    public bool AddMember(Actor actor, long householdId, long? donorId, bool makePrimaryContact = false)
    {
        actor.Require(Role.Entry);
        if (donorId is not > 0)
            throw InputValidation.FieldError("DonorId", "Choose the donor to add.");
        using var db = connections.BeginTransaction();
        if (!AddMember(db, actor, householdId, donorId.Value, makePrimaryContact))
            return false;
        db.Commit();
        return true;
    }

    /// <summary>Adds a member inside the caller's transaction; the first member becomes the primary contact.</summary>
    public bool AddMember(DbSession db, Actor actor, long householdId, long donorId, bool makePrimaryContact = false)
    {
        if (households.Find(db, actor.OrganizationId, householdId) is null)
            return false;
        EnsureCanJoin(db, actor.OrganizationId, donorId, "DonorId");
        var before = Snapshot(db, actor.OrganizationId, householdId);
        var primary = makePrimaryContact || before.Members.Count == 0;
        if (primary && before.Members.Count > 0)
            households.ClearPrimaryContact(db, actor.OrganizationId, householdId);
        households.AddMember(db, actor.OrganizationId, householdId, donorId, primary, clock.GetUtcNow());
        audit.Record(db, actor, "household", householdId, "add_member", before, Snapshot(db, actor.OrganizationId, householdId));
        return true;
    }

    /// <summary>Removes a member; when it was the primary contact, the longest-standing remaining member takes over. False when the donor is not a member.</summary>
    public bool RemoveMember(Actor actor, long householdId, long donorId)
    {
        actor.Require(Role.Entry);
        using var db = connections.BeginTransaction();
        if (households.Find(db, actor.OrganizationId, householdId) is null)
            return false;
        var before = Snapshot(db, actor.OrganizationId, householdId);
        if (!households.RemoveMember(db, actor.OrganizationId, householdId, donorId))
            return false;
        EnsurePrimaryContact(db, actor.OrganizationId, householdId);
        audit.Record(db, actor, "household", householdId, "remove_member", before, Snapshot(db, actor.OrganizationId, householdId));
        db.Commit();
        return true;
    }

    /// <summary>Makes a member the primary contact; false when the household or the member is not found.</summary>
    public bool SetPrimaryContact(Actor actor, long householdId, long donorId)
    {
        actor.Require(Role.Entry);
        using var db = connections.BeginTransaction();
        if (households.Find(db, actor.OrganizationId, householdId) is null)
            return false;
        var before = Snapshot(db, actor.OrganizationId, householdId);
        if (!before.Members.Contains(donorId))
            return false;
        households.SetPrimaryContact(db, actor.OrganizationId, householdId, donorId);
        audit.Record(db, actor, "household", householdId, "set_primary_contact", before, Snapshot(db, actor.OrganizationId, householdId));
        db.Commit();
        return true;
    }

    /// <summary>
    /// Creates or changes a donor and sets their household in one transaction (the API's donor with <c>householdId</c>):
    /// a household id moves the donor into that household, null takes them out of theirs. Returns the donor's id, or null
    /// when the donor to change is not in the organization.
    /// </summary>
    public long? SaveDonorWithHousehold(Actor actor, long? donorId, DonorInput input, long? householdId)
    {
        actor.Require(Role.Entry);
        using var db = connections.BeginTransaction();
        if (donorId is null)
            donorId = donorService.Create(db, actor, input);
        else if (!donorService.Update(db, actor, donorId.Value, input))
            return null;
        var current = households.HouseholdOf(db, actor.OrganizationId, donorId.Value);
        if (current?.HouseholdId != householdId)
        {
            if (householdId is { } target && households.Find(db, actor.OrganizationId, target) is null)
                throw InputValidation.FieldError("HouseholdId", "There is no such household in this organization.");
            if (current is not null)
                Leave(db, actor, donorId.Value);
            if (householdId is { } joined)
                AddMember(db, actor, joined, donorId.Value);
        }

        db.Commit();
        return donorId;
    }

    /// <summary>Each listed donor's household id, for donors in one (the API's donor lists).</summary>
    public IReadOnlyDictionary<long, long> HouseholdIdsOf(Actor actor, IReadOnlyCollection<long> donorIds)
    {
        using var db = connections.Read();
        return households.HouseholdIdsOf(db, actor.OrganizationId, donorIds);
    }

    public HouseholdDetail? Find(Actor actor, long householdId)
    {
        using var db = connections.Read();
        return Find(db, actor.OrganizationId, householdId);
    }

    public HouseholdDetail? Find(DbSession db, long organizationId, long householdId)
    {
        var household = households.Find(db, organizationId, householdId);
        return household is null ? null : new HouseholdDetail(household, households.Members(db, organizationId, householdId));
    }

    /// <summary>The household the donor belongs to, or null.</summary>
    public DonorHousehold? ForDonor(Actor actor, long donorId)
    {
        using var db = connections.Read();
        return households.HouseholdOf(db, actor.OrganizationId, donorId);
    }

    public Paged<HouseholdListItem> List(Actor actor, HouseholdQuery query)
    {
        using var db = connections.Read();
        return households.List(db, actor.OrganizationId, query);
    }

    /// <summary>The household's giving: each member's counted gifts, their sum, soft credits from outside the household, recent gifts.</summary>
    public HouseholdGiving? Giving(Actor actor, long householdId)
    {
        using var db = connections.Read();
        var detail = Find(db, actor.OrganizationId, householdId);
        if (detail is null)
            return null;
        var names = detail.Members.ToDictionary(m => m.DonorId, m => m.DisplayName);
        var members = households.MemberGiving(db, actor.OrganizationId, householdId)
            .Select(r => new MemberGiving(r.DonorId, names[r.DonorId], r.GiftCount, r.TotalCents, ParseDate(r.FirstGiftOn), ParseDate(r.LastGiftOn)))
            .OrderByDescending(m => m.TotalCents).ThenBy(m => m.Name, StringComparer.CurrentCulture)
            .ToList();
        // A gift given by one member and soft-credited to another is already in the giver's total; only credits for gifts of
        // donors outside the household add anything, and a gift credited to two members counts once.
        var fromOutside = gifts.CountedSoftCreditsTo(db, actor.OrganizationId, names.Keys)
            .Where(c => !names.ContainsKey(c.GiftDonorId))
            .DistinctBy(c => c.GiftId)
            .ToList();
        var recent = households.RecentGifts(db, actor.OrganizationId, householdId, RecentGiftCount)
            .Select(g => new HouseholdGift(g.Id, g.DonorId, names[g.DonorId], g.ReceivedOn, g.Category, g.NetCents))
            .ToList();
        return new HouseholdGiving(members, fromOutside.Sum(c => c.NetCents), fromOutside.Count, recent);
    }

    /// <summary>The household's audit entries, newest first.</summary>
    public IReadOnlyList<AuditEntry> History(Actor actor, long householdId)
    {
        using var db = connections.Read();
        return audit.List(db, actor.OrganizationId, "household", householdId, new PageRequest(1, 100)).Items;
    }

    /// <summary>
    /// What a merge of two donors does to their households: the survivor keeps its household, or takes the duplicate's place in
    /// the duplicate's household when it has none. Null when neither is in a household.
    /// </summary>
    public string? MergeOutcome(DbSession db, long organizationId, long survivorId, long duplicateId)
    {
        var kept = households.HouseholdOf(db, organizationId, survivorId);
        var other = households.HouseholdOf(db, organizationId, duplicateId);
        if (other is null)
            return kept is null ? null : $"The surviving donor stays in the household “{kept.Name}”.";
        if (kept is not null)
            return kept.HouseholdId == other.HouseholdId
                ? $"Both donors are in the household “{kept.Name}”; the surviving donor stays in it, once."
                : $"The surviving donor stays in the household “{kept.Name}”; the duplicate leaves the household “{other.Name}”.";
        return donors.Find(db, organizationId, survivorId)?.Kind == DonorKind.Organization
            ? $"The duplicate leaves the household “{other.Name}”: the surviving donor is an organization, and only individuals belong to households."
            : $"The surviving donor takes the duplicate's place in the household “{other.Name}”.";
    }

    /// <summary>Applies <see cref="MergeOutcome"/> inside the merge's transaction, before the duplicate is marked merged.</summary>
    public void OnDonorsMerged(DbSession db, Actor actor, long survivorId, long duplicateId)
    {
        var other = households.HouseholdOf(db, actor.OrganizationId, duplicateId);
        if (other is null)
            return;
        var before = Snapshot(db, actor.OrganizationId, other.HouseholdId);
        var survivorKind = donors.Find(db, actor.OrganizationId, survivorId)?.Kind;
        if (households.HouseholdOf(db, actor.OrganizationId, survivorId) is null && survivorKind == DonorKind.Individual)
        {
            households.MoveMember(db, actor.OrganizationId, duplicateId, survivorId);
        }
        else
        {
            households.RemoveMember(db, actor.OrganizationId, other.HouseholdId, duplicateId);
            EnsurePrimaryContact(db, actor.OrganizationId, other.HouseholdId);
        }
        audit.Record(db, actor, "household", other.HouseholdId, "merge_member", before, Snapshot(db, actor.OrganizationId, other.HouseholdId));
    }

    /// <summary>Takes the donor out of their household inside the caller's transaction (an erasure); nothing when they are in none.</summary>
    public void Leave(DbSession db, Actor actor, long donorId)
    {
        var current = households.HouseholdOf(db, actor.OrganizationId, donorId);
        if (current is null)
            return;
        var before = Snapshot(db, actor.OrganizationId, current.HouseholdId);
        households.RemoveMember(db, actor.OrganizationId, current.HouseholdId, donorId);
        EnsurePrimaryContact(db, actor.OrganizationId, current.HouseholdId);
        audit.Record(db, actor, "household", current.HouseholdId, "remove_member", before, Snapshot(db, actor.OrganizationId, current.HouseholdId));
    }

    private void EnsurePrimaryContact(DbSession db, long organizationId, long householdId)
    {
        var members = households.Members(db, organizationId, householdId);
        if (members.Count > 0 && !members.Any(m => m.PrimaryContact))
            households.SetPrimaryContact(db, organizationId, householdId, members[0].DonorId);
    }

    private Donor EnsureCanJoin(DbSession db, long organizationId, long donorId, string field)
    {
        var donor = donors.Find(db, organizationId, donorId) ?? throw InputValidation.FieldError(field, "There is no such donor in this organization.");
        if (donor.MergedIntoId is { } survivor)
            throw InputValidation.FieldError(field, $"This donor was merged into donor {survivor}; add that donor instead.");
        if (donor.Kind != DonorKind.Individual)
            throw InputValidation.FieldError(field, $"{donor.DisplayName} is an organization; only individual donors can join a household.");
        if (households.HouseholdOf(db, organizationId, donorId) is { } current)
            throw InputValidation.FieldError(field, $"{donor.DisplayName} is already in the household “{current.Name}”; remove them there first.");
        return donor;
    }

    private HouseholdSnapshot Snapshot(DbSession db, long organizationId, long householdId)
    {
        var members = households.Members(db, organizationId, householdId);
        return new(households.Find(db, organizationId, householdId)!, members.Select(m => m.DonorId).ToList(), members.FirstOrDefault(m => m.PrimaryContact)?.DonorId);
    }

    private static DateOnly? ParseDate(string? text) => text is null ? null : DapperConfiguration.ParseDate(text);

    /// <summary>What the audit log keeps of a household: its row, its members and its primary contact.</summary>
    private sealed record HouseholdSnapshot(Household Household, IReadOnlyList<long> Members, long? PrimaryContactId);
}

/// <summary>Refuses to turn a household member into an organization, which the database would refuse less helpfully.</summary>
public sealed class HouseholdMemberKindCheck(HouseholdRepository households) : IDonorChangeCheck
{
    public void EnsureAllowed(DbSession db, long organizationId, long donorId, DonorInput input)
    {
        if (input.Kind == DonorKind.Individual)
            return;
        if (households.HouseholdOf(db, organizationId, donorId) is { } household)
            throw InputValidation.FieldError(nameof(DonorInput.Kind),
                $"This donor is a member of the household “{household.Name}”; remove them from it before recording them as an organization.");
    }
}
