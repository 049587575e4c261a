using DonorTrack.Core.Email;
using DonorTrack.Core.Privacy;
using DonorTrack.Core.SelfService;
using DonorTrack.Tests.SelfService;

namespace DonorTrack.Tests.Privacy;

/// <summary>Issue 16 item 5: a donor's sign-in links and letter codes in the privacy export (times only, never the secret) and in erasure.</summary>
public sealed class SignInCredentialPrivacyTests
{
    private TestDatabase _db = null!;
    private Actor _admin = null!;
    private DonorPrivacyService _privacy = null!;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        _admin = _db.NewOrganization();
        DonorPageTestData.UseMail(_db.Connections, _db.Get<MailSettingsRepository>(), _admin.OrganizationId, _db.Clock.GetUtcNow());
        _privacy = _db.Get<DonorPrivacyService>();
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    /// <summary>A donor with a used sign-in link and a printed letter code, and another donor with both too.</summary>
    private (long Donor, string Token, long Other) DonorsWithLinksAndCodes()
    {
        var donor = _db.Seed.Donor(_admin, "Pa", "Vang", email: "pa@example.org");
        var other = _db.Seed.Donor(_admin, "Mai", "Xiong", email: "mai@example.org");
        var signIns = _db.Get<DonorSignInService>();
        signIns.RequestLink(_admin.OrganizationId, new DonorSignInRequest { Email = "PA@example.org" });
        var token = DonorPageTestData.LatestToken(_db.Connections, _admin.OrganizationId);
        _db.Clock.Advance(TimeSpan.FromMinutes(2));
        signIns.Follow(_admin.OrganizationId, token, null);
        signIns.RequestLink(_admin.OrganizationId, new DonorSignInRequest { Email = "mai@example.org" });
        var codes = _db.Get<DonorSignInCodeService>();
        codes.PrintLetter(_admin, donor);
        codes.PrintLetter(_admin, other);
        return (donor, token, other);
    }

    private long Count(string sql)
    {
        using var db = _db.Connections.Read();
        return db.Connection.ExecuteScalar<long>(sql);
    }

    [Test]
    public void Export_HoldsTheDonorsSignInLinksAndCodesWithTheirTimes_ButNeitherHashNorAnotherDonorsRows()
    {
        var (donor, token, _) = DonorsWithLinksAndCodes();

        var export = _privacy.Export(_admin, donor)!;

        var links = export.Tables.Single(t => t.Name == "donor_sign_in_links");
        var codes = export.Tables.Single(t => t.Name == "donor_sign_in_codes");
        Assert.That(links.Columns, Is.SupersetOf(new[] { "requested_at", "expires_at", "used_at" }).And.No.Contains("token_hash"));
        Assert.That(codes.Columns, Is.SupersetOf(new[] { "printed_at", "printed_by", "expires_at", "used_at" }).And.No.Contains("code_hash"));
        Assert.That(links.Rows, Has.Count.EqualTo(1), "only the link mailed to this donor's address");
        Assert.That(links.Rows[0][links.Columns.ToList().IndexOf("used_at")], Is.Not.Null, "the link was used");
        Assert.That(codes.Rows, Has.Count.EqualTo(1));
        Assert.That(codes.Rows[0][codes.Columns.ToList().IndexOf("donor_id")], Is.EqualTo(donor));
        var json = Encoding.UTF8.GetString(DonorDataFiles.ToJson(export));
        Assert.That(json, Does.Not.Contain(SignInTokens.Hash(token)).And.Not.Contain(token));
    }

    [Test]
    public void Erase_DeletesTheDonorsSignInLinksAndCodes_AndKeepsOtherDonors()
    {
        var (donor, _, _) = DonorsWithLinksAndCodes();

        _privacy.Erase(_admin, donor, new DonorErasureInput { Confirmation = DonorErasure.ConfirmationPhrase(donor) });

        Assert.That(Count($"SELECT count(*) FROM donor_sign_in_codes WHERE donor_id = {donor}"), Is.Zero);
        Assert.That(Count("SELECT count(*) FROM donor_sign_in_links WHERE email = 'pa@example.org' COLLATE NOCASE"), Is.Zero);
        Assert.That(Count("SELECT count(*) FROM donor_sign_in_codes"), Is.EqualTo(1), "the other donor's code stays");
        Assert.That(Count("SELECT count(*) FROM donor_sign_in_links WHERE email = 'mai@example.org'"), Is.EqualTo(1), "the other donor's link stays");
    }
}
