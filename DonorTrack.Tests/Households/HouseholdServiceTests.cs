using DonorTrack.Core.Households;
using Microsoft.Data.Sqlite;

namespace DonorTrack.Tests.Households;

public sealed class HouseholdServiceTests
{
    private TestDatabase _db = null!;
    private Actor _actor = null!;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        _actor = _db.NewOrganization();
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    private HouseholdService Households => _db.Get<HouseholdService>();

    private long Person(string first, string last, string? street = null) =>
        _db.Seed.Donor(_actor, new DonorInput { FirstName = first, LastName = last, AddressLine1 = street, City = street is null ? null : "Saint Paul", Region = street is null ? null : "MN", PostalCode = street is null ? null : "55104" });

    private long Together(params long[] members) => Households.Create(_actor, new HouseholdInput { MemberDonorIds = members });

    [Test]
    public void NewHousehold_FromTwoMembers_IsNamedAddressedAndMailedFromTheirNamesAndThePrimaryContactsAddress()
    {
        var ana = Person("Ana", "Ruiz", "711 Thomas Avenue");
        var luis = Person("Luis", "Ruiz");

        var detail = Households.Find(_actor, Together(ana, luis))!;

        Assert.That(detail.Household.Name, Is.EqualTo("Ruiz household"));
        Assert.That(detail.FormalAddressee, Is.EqualTo("Ana and Luis Ruiz"));
        Assert.That(detail.InformalSalutation, Is.EqualTo("Ana and Luis"));
        Assert.That(detail.PrimaryContact!.DonorId, Is.EqualTo(ana));
        Assert.That(detail.Household.AddressLines, Is.EqualTo(new[] { "711 Thomas Avenue", "Saint Paul, MN 55104" }));
    }

    [Test]
    public void Addressee_OfMembersWithDifferentLastNames_NamesEachFamily_AndAnEditedOneIsKept()
    {
        var id = Together(Person("Ana", "Ruiz"), Person("Luis", "Ortega"), Person("Sofía", "Ruiz"));
        Assert.That(Households.Find(_actor, id)!.FormalAddressee, Is.EqualTo("Ana and Sofía Ruiz and Luis Ortega"));
        Assert.That(Households.Find(_actor, id)!.InformalSalutation, Is.EqualTo("Ana, Luis and Sofía"));

        var input = HouseholdInput.From(Households.Find(_actor, id)!.Household) with { FormalAddressee = "Mr. and Mrs. Ruiz", InformalSalutation = "the Ruiz family" };
        Households.Update(_actor, id, input);

        var detail = Households.Find(_actor, id)!;
        Assert.That(detail.FormalAddressee, Is.EqualTo("Mr. and Mrs. Ruiz"));
        Assert.That(detail.InformalSalutation, Is.EqualTo("the Ruiz family"));
    }

    [Test]
    public void HouseholdTotal_EqualsTheSumOfTheMembersCountedGifts_AndASoftCreditBetweenMembersIsNotCountedTwice()
    {
        var ana = Person("Ana", "Ruiz");
        var luis = Person("Luis", "Ruiz");
        var neighbour = Person("Mai", "Vang");
        var id = Together(ana, luis);
        _db.Seed.Gift(_actor, ana, 100_00);
        _db.Seed.Gift(_actor, ana, 40_00, status: GiftStatus.Pending);
        var refunded = _db.Seed.Gift(_actor, luis, 80_00, softCredits: [new SoftCreditInput(ana, SoftCreditKind.Household, null)]);
        _db.Seed.Refund(_actor, refunded, 30_00);
        var voided = _db.Seed.Gift(_actor, luis, 500_00);
        _db.Get<GiftService>().Void(_actor, voided, new VoidGiftInput("Entered twice"));
        _db.Seed.Gift(_actor, neighbour, 25_00, softCredits: [new SoftCreditInput(ana, SoftCreditKind.InHonor, null), new SoftCreditInput(luis, SoftCreditKind.InHonor, null)]);

        var giving = Households.Giving(_actor, id)!;

        var donorService = _db.Get<DonorService>();
        var membersCounted = donorService.GivingSummary(_actor, ana).LifetimeCents + donorService.GivingSummary(_actor, luis).LifetimeCents;
        Assert.That(giving.TotalCents, Is.EqualTo(membersCounted));
        Assert.That(giving.TotalCents, Is.EqualTo(100_00 + 50_00), "Ana's completed gift and what was kept of Luis's refunded one; pending and voided left out");
        Assert.That(giving.GiftCount, Is.EqualTo(2));
        Assert.That(giving.Members.Single(m => m.DonorId == luis).TotalCents, Is.EqualTo(50_00));
        Assert.That(giving.SoftCreditCents, Is.EqualTo(25_00), "the neighbour's gift once, though it credits both members; Luis's gift credited to Ana is already in the total");
        Assert.That(giving.RecentGifts.Select(g => (g.DonorName, g.NetCents)), Is.EquivalentTo(new[] { ("Ana Ruiz", 100_00L), ("Luis Ruiz", 50_00L) }));
    }

    [Test]
    public void Giving_OfMembersWithoutGifts_IsZeroForEachMember()
    {
        var id = Together(Person("Ana", "Ruiz"), Person("Luis", "Ruiz"));

        var giving = Households.Giving(_actor, id)!;

        Assert.That(giving.Members.Select(m => (m.Name, m.TotalCents, m.LastGiftOn)), Is.EquivalentTo(new[] { ("Ana Ruiz", 0L, (DateOnly?)null), ("Luis Ruiz", 0L, null) }));
        Assert.That((giving.TotalCents, giving.SoftCreditCents, giving.FirstGiftOn), Is.EqualTo((0L, 0L, (DateOnly?)null)));
    }

    [Test]
    public void AddMember_AnOrganization_IsRefusedWithAFieldMessage_AndTheDatabaseRefusesItToo()
    {
        var id = Together(Person("Ana", "Ruiz"));
        var business = _db.Seed.OrganizationDonor(_actor, "Ruiz Bakery");

        var error = Assert.Throws<ValidationException>(() => Households.AddMember(_actor, id, business))!;

        Assert.That(error.Errors.Single().PropertyName, Is.EqualTo("DonorId"));
        Assert.That(error.Errors.Single().ErrorMessage, Does.Contain("only individual donors"));
        using var connection = _db.Connections.Open();
        Assert.Throws<SqliteException>(() => connection.Execute(
            "INSERT INTO household_members (organization_id, household_id, donor_id, joined_at) VALUES (@org, @id, @business, '2026-01-01')",
            new { org = _actor.OrganizationId, id, business }));
    }

    [Test]
    public void AddMember_ADonorAlreadyInAnotherHousehold_IsRefused_AndTheDatabaseKeepsOneHouseholdPerDonor()
    {
        var ana = Person("Ana", "Ruiz");
        Together(ana);
        var other = Together(Person("Mai", "Vang"));

        var error = Assert.Throws<ValidationException>(() => Households.AddMember(_actor, other, ana))!;

        Assert.That(error.Errors.Single().ErrorMessage, Does.Contain("already in the household “Ruiz household”"));
        using var connection = _db.Connections.Open();
        Assert.Throws<SqliteException>(() => connection.Execute(
            "INSERT INTO household_members (organization_id, household_id, donor_id, joined_at) VALUES (@org, @other, @ana, '2026-01-01')",
            new { org = _actor.OrganizationId, other, ana }));
    }

    [Test]
    public void Member_FromAnotherOrganization_IsRefusedByTheService_AndByTheDatabase()
    {
        var id = Together(Person("Ana", "Ruiz"));
        var otherActor = _db.NewOrganization("Westside Renters");
        var stranger = _db.Seed.Donor(otherActor, "Mai", "Vang");

        Assert.Throws<ValidationException>(() => Households.AddMember(_actor, id, stranger));
        Assert.That(Households.AddMember(otherActor, id, stranger), Is.False, "the household is not the other organization's");
        using var connection = _db.Connections.Open();
        Assert.Throws<SqliteException>(() => connection.Execute(
            "INSERT INTO household_members (organization_id, household_id, donor_id, joined_at) VALUES (@org, @id, @stranger, '2026-01-01')",
            new { org = _actor.OrganizationId, id, stranger }));
        Assert.Throws<SqliteException>(() => connection.Execute(
            "INSERT INTO household_members (organization_id, household_id, donor_id, joined_at) VALUES (@org, @id, @stranger, '2026-01-01')",
            new { org = otherActor.OrganizationId, id, stranger }));
    }

    [Test]
    public void RemoveMember_ThePrimaryContact_HandsThePrimaryContactToTheNextMember_AndTheAddresseeFollows()
    {
        var ana = Person("Ana", "Ruiz");
        var luis = Person("Luis", "Ruiz");
        var id = Together(ana, luis);

        Assert.That(Households.RemoveMember(_actor, id, ana), Is.True);

        var detail = Households.Find(_actor, id)!;
        Assert.That(detail.Members.Select(m => m.DonorId), Is.EqualTo(new[] { luis }));
        Assert.That(detail.PrimaryContact!.DonorId, Is.EqualTo(luis));
        Assert.That(detail.FormalAddressee, Is.EqualTo("Luis Ruiz"));
        Assert.That(Households.ForDonor(_actor, ana), Is.Null);
        Assert.That(Households.History(_actor, id).Select(e => e.Action), Does.Contain("remove_member"));
    }

    [Test]
    public void DonorUpdate_TurningAMemberIntoAnOrganization_IsRefusedWithAFieldMessage()
    {
        var ana = Person("Ana", "Ruiz");
        Together(ana);

        var error = Assert.Throws<ValidationException>(() =>
            _db.Get<DonorService>().Update(_actor, ana, new DonorInput { Kind = DonorKind.Organization, OrganizationName = "Ruiz Bakery" }))!;

        Assert.That(error.Errors.Single().PropertyName, Is.EqualTo(nameof(DonorInput.Kind)));
        Assert.That(_db.Get<DonorService>().Find(_actor, ana)!.Kind, Is.EqualTo(DonorKind.Individual));
    }

    [Test]
    public void NewHousehold_WithoutNameOrMembers_IsRefusedNamingTheField()
    {
        var error = Assert.Throws<ValidationException>(() => Households.Create(_actor, new HouseholdInput { Name = "  " }))!;

        Assert.That(error.Errors.Select(e => e.PropertyName), Is.EqualTo(new[] { nameof(HouseholdInput.Name) }));
    }

    [Test]
    public void Merge_OfADuplicateInAHousehold_IntoADonorInNone_GivesTheSurvivorTheDuplicatesPlace_AndThePreviewSaysSo()
    {
        var ana = Person("Ana", "Ruiz");
        var anaAgain = Person("Ana", "Ruiz");
        var luis = Person("Luis", "Ruiz");
        var id = Together(anaAgain, luis);
        var merges = _db.Get<DonorMergeService>();

        var preview = merges.Preview(_actor, ana, anaAgain)!;
        merges.Merge(_actor, new DonorMergeInput { SurvivorId = ana, DuplicateId = anaAgain });

        Assert.That(preview.HouseholdOutcome, Does.Contain("takes the duplicate's place in the household “Ruiz household”"));
        var detail = Households.Find(_actor, id)!;
        Assert.That(detail.Members.Select(m => m.DonorId), Is.EquivalentTo(new[] { ana, luis }));
        Assert.That(detail.PrimaryContact!.DonorId, Is.EqualTo(ana));
    }

    [Test]
    public void Merge_OfTwoDonorsInDifferentHouseholds_KeepsTheSurvivorsHousehold()
    {
        var ana = Person("Ana", "Ruiz");
        var anaAgain = Person("Ana", "Ruiz");
        var kept = Together(ana);
        var left = Together(anaAgain, Person("Luis", "Ortega"));
        var merges = _db.Get<DonorMergeService>();

        var preview = merges.Preview(_actor, ana, anaAgain)!;
        merges.Merge(_actor, new DonorMergeInput { SurvivorId = ana, DuplicateId = anaAgain });

        Assert.That(preview.HouseholdOutcome, Does.Contain("stays in the household “Ruiz household”").And.Contain("leaves the household “Ruiz and Ortega household”"));
        Assert.That(Households.ForDonor(_actor, ana)!.HouseholdId, Is.EqualTo(kept));
        Assert.That(Households.Find(_actor, left)!.Members.Select(m => m.DisplayName), Is.EqualTo(new[] { "Luis Ortega" }));
        Assert.That(Households.Find(_actor, left)!.PrimaryContact!.DisplayName, Is.EqualTo("Luis Ortega"));
    }
}
