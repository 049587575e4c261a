using System.Security.Cryptography;
using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Money;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Pdf;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;
using FluentValidation;

namespace DonorTrack.Core.SelfService;

/// <summary>
/// The short code printed in a sign-in letter: 12 characters of Crockford's base-32 alphabet (60 random bits), printed in
/// groups of four. Typing is forgiving: case, spaces and dashes do not matter, and O, I and L read as 0, 1 and 1.
/// </summary>
public static class SignInCodes
{
    public const int Length = 12;

    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New() => string.Create(Length, 0, static (chars, _) =>
    {
        for (var i = 0; i < chars.Length; i++)
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
    });

    /// <summary>The code as printed: ABCD-EFGH-JKMN.</summary>
    public static string Printed(string code) => $"{code[..4]}-{code[4..8]}-{code[8..]}";

    /// <summary>The code as typed, in its canonical form; null when it cannot be a code.</summary>
    public static string? Normalize(string? typed)
    {
        if (typed is null)
            return null;
        var chars = typed.Where(c => !char.IsWhiteSpace(c) && c != '-').Select(c => char.ToUpperInvariant(c) switch
        {
            'O' => '0',
            'I' or 'L' => '1',
            var upper => upper,
        }).ToArray();
        return chars.Length == Length && chars.All(c => Alphabet.Contains(c, StringComparison.Ordinal)) ? new string(chars) : null;
    }

    public static string Hash(string normalizedCode) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(normalizedCode)));
}

/// <summary>What a donor types on the "I have a code from a letter" form.</summary>
public sealed record DonorSignInCodeInput
{
    public string? Code { get; init; }
}

public sealed class DonorSignInCodeInputValidator : AbstractValidator<DonorSignInCodeInput>
{
    public DonorSignInCodeInputValidator()
    {
        RuleFor(x => x.Code).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Enter the code printed in your letter.")
            .Must(code => SignInCodes.Normalize(code) is not null)
            .WithMessage("Enter the 12 letters and digits printed in your letter, like 7KQ4-M2XD-9RTB.");
    }
}

/// <summary>A printed sign-in letter.</summary>
public sealed record SignInLetter(byte[] Pdf, string FileName, DateOnly ValidThrough);

/// <summary>
/// Signing in a donor who has no email address: staff print a letter carrying a short one-time code and the address of the
/// donor page; the donor types the code there. A code opens one donor record of one organization, works once, for
/// <see cref="CodeLifetime"/> (a letter spends days in the post), and a new letter withdraws the donor's unused codes.
/// Only the code's SHA-256 is stored. The web host limits attempts per client address.
/// </summary>
public sealed class DonorSignInCodeService(
    IDbConnectionFactory connections, DonorSignInCodeRepository codes, DonorRepository donors, OrganizationRepository organizations,
    DonorPageAddress address, IPdfRenderer renderer, AuditLog audit, TimeProvider clock)
{
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromDays(30);

    public const string UnknownCode = "This code is not valid: check that you typed it as printed in your letter, or ask us for a new letter.";
    public const string UsedCode = "This code was already used; each code works once. Ask us for a new letter if you need to sign in again.";
    public const string ExpiredCode = "This code has expired; codes work for 30 days after the letter was printed. Ask us for a new letter.";
    public const string WithdrawnCode = "This code was replaced by a newer letter; use the code in the newest letter we sent you.";
    public const string ClosedRecord = "This code cannot be used any more. Please contact us.";

    private readonly DonorSignInCodeInputValidator _validator = new();

    /// <summary>
    /// Prints a sign-in letter for a donor: a new code is stored (hashed) and the donor's earlier unused codes are withdrawn, in
    /// one transaction with its audit entry. Null when the organization has no such donor; an erased or merged donor is refused.
    /// </summary>
    public SignInLetter? PrintLetter(Actor actor, long donorId)
    {
        actor.Require(Role.Entry);
        using var db = connections.BeginTransaction();
        var donor = donors.Find(db, actor.OrganizationId, donorId);
        if (donor is null)
            return null;
        if (donor.IsErased)
            throw InputValidation.FieldError("Donor", "This donor was erased on request and has no donor page.");
        if (donor.MergedIntoId is { } survivor)
            throw InputValidation.FieldError("Donor", $"This donor was merged into donor #{survivor}; print the letter from that record.");
        var organization = organizations.Find(db, actor.OrganizationId)!;
        var now = clock.GetUtcNow();
        var expiresAt = now + CodeLifetime;
        var code = SignInCodes.New();
        var withdrawn = codes.WithdrawUnused(db, actor.OrganizationId, donorId, now);
        codes.Insert(db, actor.OrganizationId, donorId, SignInCodes.Hash(code), now, actor.Name, expiresAt);
        audit.Record(db, actor, "donor", donorId, "sign_in_letter_printed", null, new { expires = expiresAt, withdrawnCodes = withdrawn });
        var validThrough = organization.LocalDate(expiresAt);
        var pdf = Render(organization, donor, SignInCodes.Printed(code), organization.LocalDate(now), validThrough);
        db.Commit();
        return new SignInLetter(pdf, $"sign-in-letter-{donorId}.pdf", validThrough);
    }

    /// <summary>
    /// Signs in with a code typed on the donor page: a malformed, unknown, used, withdrawn or expired code is refused on the
    /// Code field with a message saying why. A code of a donor merged since opens the record it was merged into.
    /// </summary>
    public DonorSession Redeem(long organizationId, DonorSignInCodeInput input)
    {
        _validator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        var code = codes.Find(db, organizationId, SignInCodes.Hash(SignInCodes.Normalize(input.Code)!))
            ?? throw Refused(UnknownCode);
        var now = clock.GetUtcNow();
        if (code.UsedAt is not null)
            throw Refused(UsedCode);
        if (code.WithdrawnAt is not null)
            throw Refused(WithdrawnCode);
        if (now >= code.ExpiresAt)
            throw Refused(ExpiredCode);
        var donor = donors.Find(db, organizationId, code.DonorId);
        if (donor?.MergedIntoId is { } survivor)
            donor = donors.Find(db, organizationId, survivor);
        if (donor is null || donor.IsErased)
            throw Refused(ClosedRecord);
        var donorId = donor.Id;
        if (!codes.MarkUsed(db, organizationId, code.Id, now))
            throw Refused(UsedCode);
        audit.Record(db, Actor.System(organizationId, "Donor page"), "donor", donorId, "signed_in_to_donor_page", null, new { with = "letter code" });
        db.Commit();
        return new DonorSession(organizationId, donorId);
    }

    private static ValidationException Refused(string message) => InputValidation.FieldError(nameof(DonorSignInCodeInput.Code), message);

    private byte[] Render(Organization organization, Donor donor, string printedCode, DateOnly today, DateOnly validThrough)
    {
        var page = address.Page(organization.Slug);
        var blocks = new List<PdfBlock> { new PdfParagraph(organization.Name, fontSize: 14, bold: true) };
        if (!string.IsNullOrWhiteSpace(organization.AddressOneLine))
            blocks.Add(new PdfParagraph(organization.AddressOneLine));
        blocks.Add(new PdfSpacer(18));
        blocks.Add(new PdfParagraph(DisplayFormat.Date(today)));
        blocks.Add(new PdfSpacer(12));
        blocks.Add(new PdfParagraph(donor.DisplayName) { SpaceAfter = 0 });
        blocks.AddRange(donor.AddressLines.Select(line => new PdfParagraph(line) { SpaceAfter = 0 }));
        blocks.Add(new PdfSpacer(18));
        blocks.Add(new PdfParagraph($"Dear {donor.FirstName ?? donor.DisplayName},") { SpaceAfter = 10 });
        blocks.Add(new PdfParagraph(
            $"On your donor page at {organization.Name} you can see your gifts, download receipts and statements, update your address " +
            "and manage your monthly gifts. To sign in, go to this address and choose \u201cI have a code from a letter\u201d:") { SpaceAfter = 10 });
        blocks.Add(new PdfParagraph(page, fontSize: 12, bold: true) { SpaceAfter = 10 });
        blocks.Add(new PdfParagraph("Then type this code:") { SpaceAfter = 6 });
        blocks.Add(new PdfParagraph(printedCode, fontSize: 20, bold: true) { SpaceAfter = 10 });
        blocks.Add(new PdfParagraph(
            $"The code works once, until {DisplayFormat.Date(validThrough)} (30 days from this letter). Keep it to yourself: it opens your " +
            "donor page. If you need to sign in again later, ask us for a new letter; a new letter replaces this code.") { SpaceAfter = 10 });
        using var pdf = new MemoryStream();
        renderer.Render(new PdfDocumentModel { Metadata = new PdfMetadata("Sign-in letter", organization.Name), Blocks = blocks, Footer = null }, pdf);
        return pdf.ToArray();
    }
}
