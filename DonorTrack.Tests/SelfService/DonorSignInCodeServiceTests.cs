using System.Text.RegularExpressions;
using DonorTrack.Tests.Receipts;
using DonorTrack.Core.Email;
using DonorTrack.Core.Privacy;
using DonorTrack.Core.SelfService;

namespace DonorTrack.Tests.SelfService;

/// <summary>Issue 16, a donor without email: the printed sign-in letter and its one-time code, against a real SQLite file.</summary>
public sealed partial class DonorSignInCodeServiceTests
{
    private TestDatabase _db = null!;
    private Actor _staff = null!;
    private DonorSignInCodeService _codes = null!;

    [SetUp]
    public void SetUp()
    {
        _db = new TestDatabase();
        _staff = _db.NewOrganization();
        _codes = _db.Get<DonorSignInCodeService>();
    }

    [TearDown]
    public void TearDown() => _db.Dispose();

    private long DonorWithoutEmail(string first = "Pa", string last = "Vang") =>
        _db.Seed.Donor(_staff, new DonorInput { FirstName = first, LastName = last, AddressLine1 = "400 Sibley St", City = "Saint Paul", Region = "MN", PostalCode = "55101" });

    /// <summary>Prints a letter and reads its code back out of the PDF, as printed (ABCD-EFGH-JKMN).</summary>
    private string PrintAndRead(long donorId, Actor? actor = null)
    {
        var letter = _codes.PrintLetter(actor ?? _staff, donorId)!;
        return PrintedCode().Match(ReceiptTestSupport.Text(letter.Pdf)) is { Success: true } match
            ? match.Value
            : throw new AssertionException("The letter carries no code.");
    }

    private string? RefusalOf(string? code, long? organizationId = null)
    {
        var refused = Assert.Throws<ValidationException>(() => _codes.Redeem(organizationId ?? _staff.OrganizationId, new DonorSignInCodeInput { Code = code }));
        Assert.That(refused!.Errors.Single().PropertyName, Is.EqualTo(nameof(DonorSignInCodeInput.Code)));
        return refused.Errors.Single().ErrorMessage;
    }

    private DonorSession Redeem(string code) => _codes.Redeem(_staff.OrganizationId, new DonorSignInCodeInput { Code = code });

    [GeneratedRegex("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}")]
    private static partial Regex PrintedCode();

    [Test]
    public void Letter_CarriesTheDonorPageAddressAndACode_ThatSignsThatDonorInOnce()
    {
        var donor = DonorWithoutEmail();
        var slug = _db.Get<OrganizationService>().Find(_staff.OrganizationId)!.Slug;

        var letter = _codes.PrintLetter(_staff, donor)!;
        var text = ReceiptTestSupport.Text(letter.Pdf);
        var code = PrintedCode().Match(text).Value;
        var first = Redeem(code);
        var replay = RefusalOf(code);

        Assert.That(text, Does.Contain(ReceiptTestSupport.Squash($"http://localhost:5000/my/{slug}"))
            .And.Contain(ReceiptTestSupport.Squash("I have a code from a letter"))
            .And.Contain(ReceiptTestSupport.Squash("400 Sibley St"))
            .And.Contain(ReceiptTestSupport.Squash($"until {DisplayFormatDate(letter.ValidThrough)} (30 days from this letter)")));
        Assert.That(letter.ValidThrough.DayNumber - DateOnly.FromDateTime(_db.Clock.GetUtcNow().UtcDateTime).DayNumber, Is.InRange(29, 31));
        Assert.That(first, Is.EqualTo(new DonorSession(_staff.OrganizationId, donor)));
        Assert.That(replay, Is.EqualTo(DonorSignInCodeService.UsedCode), "a code works once");
    }

    private static string DisplayFormatDate(DateOnly date) => DonorTrack.Core.Money.DisplayFormat.Date(date);

    [Test]
    public void Code_ThirtyDaysAfterPrinting_IsRefusedAsExpired_AndOneSecondBeforeStillWorks()
    {
        var late = PrintAndRead(DonorWithoutEmail("Late", "Donor"));
        var inTime = PrintAndRead(DonorWithoutEmail("Timely", "Donor"));

        _db.Clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));
        var stillGood = Redeem(inTime);
        _db.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.That(stillGood.DonorId, Is.Positive);
        Assert.That(RefusalOf(late), Is.EqualTo(DonorSignInCodeService.ExpiredCode));
    }

    [Test]
    public void TamperedOrMalformedCodes_AreRefusedWithAMessageOnTheCodeField_AndTheRealCodeStillWorks()
    {
        var donor = DonorWithoutEmail();
        var code = PrintAndRead(donor);
        var flipped = (code[0] == 'A' ? 'B' : 'A') + code[1..];

        Assert.That(RefusalOf(flipped), Is.EqualTo(DonorSignInCodeService.UnknownCode));
        foreach (var malformed in new string?[] { null, "", "   ", code[..^1], code + "A", "UUUU-UUUU-UUUU", "' OR 1=1 --", "0000-0000-0000\0" })
            Assert.That(RefusalOf(malformed), Is.Not.EqualTo(DonorSignInCodeService.UsedCode).And.Not.Empty, malformed ?? "null");

        // Typed as a person reads it off paper: lower case, spaces instead of dashes.
        Assert.That(Redeem(" " + code.ToLowerInvariant().Replace('-', ' ') + " "), Is.EqualTo(new DonorSession(_staff.OrganizationId, donor)));
    }

    [Test]
    public void CodeOfOneOrganization_DoesNotOpenAnotherOrganization()
    {
        var other = _db.NewOrganization("Eastside Renters");
        _db.Seed.Donor(other, "Pa", "Vang");
        var code = PrintAndRead(DonorWithoutEmail());

        Assert.That(RefusalOf(code, other.OrganizationId), Is.EqualTo(DonorSignInCodeService.UnknownCode));
        Assert.That(Redeem(code).OrganizationId, Is.EqualTo(_staff.OrganizationId), "the code is not used up by the refused attempt");
    }

    [Test]
    public void EachCode_OpensOnlyTheDonorItWasPrintedFor()
    {
        var pa = DonorWithoutEmail("Pa", "Vang");
        var mai = DonorWithoutEmail("Mai", "Xiong");
        var paCode = PrintAndRead(pa);
        var maiCode = PrintAndRead(mai);

        Assert.That(Redeem(maiCode).DonorId, Is.EqualTo(mai));
        Assert.That(Redeem(paCode).DonorId, Is.EqualTo(pa));
    }

    [Test]
    public void ANewLetter_WithdrawsTheDonorsEarlierUnusedCode()
    {
        var donor = DonorWithoutEmail();
        var older = PrintAndRead(donor);
        var newer = PrintAndRead(donor);

        Assert.That(RefusalOf(older), Is.EqualTo(DonorSignInCodeService.WithdrawnCode));
        Assert.That(Redeem(newer).DonorId, Is.EqualTo(donor));
    }

    [Test]
    public void OnlyTheCodesHashIsStored_WithWhoPrintedIt()
    {
        var code = PrintAndRead(DonorWithoutEmail());

        using var db = _db.Connections.Read();
        var (hash, printedBy) = db.Connection.QuerySingle<(string, string)>("SELECT code_hash, printed_by FROM donor_sign_in_codes");
        Assert.That(hash, Is.EqualTo(SignInCodes.Hash(SignInCodes.Normalize(code)!)));
        Assert.That(hash, Does.Not.Contain(code.Replace("-", "", StringComparison.Ordinal)).IgnoreCase);
        Assert.That(printedBy, Is.EqualTo(_staff.Name));
        Assert.That(db.Connection.ExecuteScalar<long>("SELECT count(*) FROM audit_entries WHERE action = 'sign_in_letter_printed'"), Is.EqualTo(1));
    }

    [Test]
    public void PrintingALetter_NeedsTheEntryRole_AndADonorOfTheOrganization()
    {
        var donor = DonorWithoutEmail();
        var viewer = _staff with { Role = Role.Viewer };
        var other = _db.NewOrganization("Eastside Renters");

        Assert.Throws<ForbiddenException>(() => _codes.PrintLetter(viewer, donor));
        Assert.That(_codes.PrintLetter(other, donor), Is.Null, "another organization's donor is not found");
        using var db = _db.Connections.Read();
        Assert.That(db.Connection.ExecuteScalar<long>("SELECT count(*) FROM donor_sign_in_codes"), Is.Zero);
    }

    [Test]
    public void CodeOfADonorMergedSince_OpensTheSurvivor_AndAnErasedDonorGetsNoLetter()
    {
        var duplicate = DonorWithoutEmail();
        var survivor = DonorWithoutEmail();
        var code = PrintAndRead(duplicate);
        _db.Get<DonorMergeService>().Merge(_staff, new DonorMergeInput { SurvivorId = survivor, DuplicateId = duplicate });
        var erased = DonorWithoutEmail("Gone", "Donor");
        _db.Get<DonorPrivacyService>().Erase(_staff, erased, new DonorErasureInput { Confirmation = $"Erase donor {erased}" });

        Assert.That(Redeem(code).DonorId, Is.EqualTo(survivor));
        var refused = Assert.Throws<ValidationException>(() => _codes.PrintLetter(_staff, erased));
        Assert.That(refused!.Errors.Single().PropertyName, Is.EqualTo("Donor"));
    }
}
