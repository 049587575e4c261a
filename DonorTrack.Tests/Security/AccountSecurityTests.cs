namespace DonorTrack.Tests.Security;

/// <summary>Issue 18 items 2, 3 and 5 at the service: sign-in outside the write lock, lockout without enumeration, password rules, landing.</summary>
public sealed class AccountSecurityTests
{
    private const string GoodPassword = "tamarack-lantern-river";

    private TestDatabase _db = null!;
    private AccountService _accounts = null!;
    private Actor _organization = null!;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        _accounts = _db.Get<AccountService>();
        _organization = _db.NewOrganization("Frogtown Tenants Union");
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    [Test]
    public void SignIn_WithTheRightPassword_CompletesWhileAnotherWriterHoldsTheWriteLock()
    {
        AddPerson("ana@example.org");
        bool finished;
        // The held transaction is BEGIN IMMEDIATE: it holds SQLite's one write lock, as a busy gift import would.
        using (var writer = _db.Connections.BeginTransaction())
        {
            var signIn = Task.Run(() => _accounts.SignIn("ana@example.org", GoodPassword));
            finished = signIn.Wait(TimeSpan.FromSeconds(10));
            Assert.That(finished ? signIn.Result : null, Is.InstanceOf<SignInOutcome.Succeeded>());
        }
        Assert.That(finished, Is.True, "a sign-in hashing inside a write transaction waits for (and then blocks) every writer");
    }

    [Test]
    public void UnknownEmail_GetsTheSameAnswersAndTheSameLockoutAsARealAccount()
    {
        AddPerson("ana@example.org");
        var real = Enumerable.Range(0, AccountService.MaxFailedSignIns + 1).Select(_ => _accounts.SignIn("ana@example.org", "wrong-password-here")).ToList();
        var unknown = Enumerable.Range(0, AccountService.MaxFailedSignIns + 1).Select(_ => _accounts.SignIn("nobody@example.org", "wrong-password-here")).ToList();

        Assert.That(unknown.Select(o => o.GetType()), Is.EqualTo(real.Select(o => o.GetType())));
        Assert.That(unknown[^1], Is.InstanceOf<SignInOutcome.LockedOut>());
        Assert.That(((SignInOutcome.LockedOut)unknown[^1]).Until, Is.EqualTo(((SignInOutcome.LockedOut)real[^1]).Until));
    }

    [Test]
    public void SignIn_LandsInTheOrganizationUsedLast()
    {
        var userId = AddPerson("ana@example.org");
        var zeta = _db.NewOrganization("Zeta Garden Club");
        _accounts.AddUser(Actor.System(zeta.OrganizationId), new AddUserInput("ana@example.org", null, null, Role.Viewer));
        Assert.That(First(), Is.EqualTo(_organization.OrganizationId), "name order before any use");

        _accounts.OpenSession(userId, zeta.OrganizationId);

        Assert.That(First(), Is.EqualTo(zeta.OrganizationId));
        long First() => ((SignInOutcome.Succeeded)_accounts.SignIn("ana@example.org", GoodPassword)).Organizations[0].OrganizationId;
    }

    [TestCase("aaaaaaaaaa")]
    [TestCase("abababababab")]
    [TestCase("abcdefghijkl")]
    [TestCase("1234567890")]
    [TestCase("0987654321")]
    [TestCase("qwertyuiop")]
    [TestCase("Password2024!")]
    [TestCase("iloveyou123")]
    [TestCase("frogtown-tenants-1")]
    [TestCase("ana.quintero77")]
    public void ChangePassword_ToAWeakOne_IsRefusedWithAMessageOnTheField(string weak)
    {
        var userId = AddPerson("ana.quintero@example.org");

        var refused = Assert.Throws<ValidationException>(() => _accounts.ChangePassword(userId, null, GoodPassword, weak))!;

        Assert.That(refused.Errors.Single().PropertyName, Is.EqualTo("NewPassword"));
        Assert.That(refused.Errors.Single().ErrorMessage, Is.Not.Empty);
        Assert.That(_accounts.SignIn("ana.quintero@example.org", GoodPassword), Is.InstanceOf<SignInOutcome.Succeeded>());
    }

    [Test]
    public void ChangePassword_ToTheCurrentOne_IsRefused_AndToAStrongOne_Works()
    {
        var userId = AddPerson("ana@example.org");

        var same = Assert.Throws<ValidationException>(() => _accounts.ChangePassword(userId, null, GoodPassword, GoodPassword))!;
        _accounts.ChangePassword(userId, null, GoodPassword, "birch-canoe-harbor-91");

        Assert.That(same.Errors.Single().ErrorMessage, Is.EqualTo(PasswordRules.SameAsCurrentMessage));
        Assert.That(_accounts.SignIn("ana@example.org", "birch-canoe-harbor-91"), Is.InstanceOf<SignInOutcome.Succeeded>());
    }

    [Test]
    public void Setup_WithThePasswordBuiltFromTheOrganizationsName_IsRefused()
    {
        using var fresh = new TestDatabase();

        var refused = Assert.Throws<ValidationException>(() => fresh.Get<AccountService>().SetUp(
            new SetupInput("Phillips Community Garden", "lead@example.org", "Lead Gardener", "PhillipsGarden2026")))!;

        Assert.That(refused.Errors.Single().PropertyName, Is.EqualTo("AdminPassword"));
    }

    [Test]
    public void Invite_AnEmailWithAnAccount_AddsNobodyUntilThatPersonAccepts()
    {
        var other = _db.NewOrganization("Somali Mothers Network");
        var existingUser = _accounts.AddUser(Actor.System(other.OrganizationId), new AddUserInput("ana@example.org", "Ana", GoodPassword, Role.Admin));

        var forExisting = _accounts.Invite(_organization, new AddUserInput("ana@example.org", "Ana", null, Role.Viewer));
        var forNew = _accounts.Invite(_organization, new AddUserInput("new@example.org", "Newcomer", null, Role.Viewer));

        Assert.That(forExisting.GetType(), Is.EqualTo(forNew.GetType()));
        Assert.That(forExisting.Code, Has.Length.EqualTo(forNew.Code.Length));
        Assert.That(_accounts.RoleIn(existingUser, _organization.OrganizationId), Is.Null);
        Assert.That(((SignInOutcome.Succeeded)_accounts.SignIn("ana@example.org", GoodPassword)).Organizations.Select(o => o.OrganizationId),
            Is.EqualTo(new[] { other.OrganizationId }), "where they land is unchanged");

        var joined = _accounts.AcceptInvitation(existingUser, forExisting.Code);

        Assert.That(joined.OrganizationId, Is.EqualTo(_organization.OrganizationId));
        Assert.That(_accounts.RoleIn(existingUser, _organization.OrganizationId), Is.EqualTo(Role.Viewer));
        Assert.Throws<ValidationException>(() => _accounts.AcceptInvitation(existingUser, forExisting.Code), "one time only");
    }

    [Test]
    public void Invitation_ForAnotherEmail_CannotBeAcceptedByASignedInPerson()
    {
        var invitation = _accounts.Invite(_organization, new AddUserInput("ana@example.org", "Ana", null, Role.Admin));
        var outsiderOrg = _db.NewOrganization("Other Club");
        var outsider = _accounts.AddUser(Actor.System(outsiderOrg.OrganizationId), new AddUserInput("out@example.org", "Out", GoodPassword, Role.Viewer));

        Assert.Throws<ValidationException>(() => _accounts.AcceptInvitation(outsider, invitation.Code));
        Assert.That(_accounts.RoleIn(outsider, _organization.OrganizationId), Is.Null);
    }

    [Test]
    public void Invitation_ForANewPerson_SetsUpTheirAccountWithTheirOwnPassword_RefusingAWeakOne()
    {
        var invitation = _accounts.Invite(_organization, new AddUserInput("new@example.org", "Newcomer", null, Role.Entry));

        var weak = Assert.Throws<ValidationException>(() => _accounts.AcceptInvitationWithNewAccount(invitation.Code, new NewAccountInput("Newcomer", "aaaaaaaaaa")))!;
        var (user, organization) = _accounts.AcceptInvitationWithNewAccount(invitation.Code, new NewAccountInput("Nia Newcomer", "birch-canoe-harbor-91"));

        Assert.That(weak.Errors.Single().PropertyName, Is.EqualTo("Password"));
        Assert.That(organization.Role, Is.EqualTo(Role.Entry));
        Assert.That(_accounts.RoleIn(user.Id, _organization.OrganizationId), Is.EqualTo(Role.Entry));
        Assert.That(_accounts.SignIn("new@example.org", "birch-canoe-harbor-91"), Is.InstanceOf<SignInOutcome.Succeeded>());
    }

    private long AddPerson(string email) =>
        _accounts.AddUser(Actor.System(_organization.OrganizationId), new AddUserInput(email, "Ana Quintero", GoodPassword, Role.Admin));
}
