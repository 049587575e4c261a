using System.Security.Cryptography;
using DonorTrack.Core.Email;
using FluentValidation;

namespace DonorTrack.Core.SelfService;

/// <summary>The donor, verified by the web host's donor-session cookie: one donor record in one organization.</summary>
public sealed record DonorSession(long OrganizationId, long DonorId);

/// <summary>What a donor types to be sent a sign-in link.</summary>
public sealed record DonorSignInRequest
{
    public string? Email { get; init; }
}

public sealed class DonorSignInRequestValidator : AbstractValidator<DonorSignInRequest>
{
    public DonorSignInRequestValidator()
    {
        RuleFor(x => x.Email).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("Enter the email address you gave us.")
            .Must(email => EmailAddresses.IsValid(email?.Trim())).WithMessage("Enter an email address like name@example.org.");
    }
}

/// <summary>A donor record a sign-in link may open, for the donor to pick when their address is on more than one.</summary>
public sealed record DonorRecordChoice(long DonorId, string DisplayName, string? City, string? PostalCode);

/// <summary>Where following a sign-in link led.</summary>
public abstract record DonorLinkOutcome
{
    /// <summary>The link was good and is now used up; the donor is this record.</summary>
    public sealed record SignedIn(DonorSession Session) : DonorLinkOutcome;

    /// <summary>The address is on several records: the donor picks one (the link stays unused until then).</summary>
    public sealed record ChooseRecord(IReadOnlyList<DonorRecordChoice> Records) : DonorLinkOutcome;

    /// <summary>The link cannot sign anyone in; the message says why and what to do.</summary>
    public sealed record Refused(string Message) : DonorLinkOutcome;
}

/// <summary>The random part of a sign-in link: 256 bits, written in URL-safe base64; only its SHA-256 is stored.</summary>
public static class SignInTokens
{
    /// <summary>Base64url of 32 bytes, without padding.</summary>
    public const int Length = 43;

    public static string New() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token)));

    /// <summary>True for text shaped like a token; anything else is refused before the database is asked.</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: Length } && token.All(c => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>The absolute addresses of the donor page, for the messages that link to it.</summary>
public sealed record DonorPageAddress(Uri BaseUrl)
{
    public string Page(string organizationSlug) => Absolute($"my/{Uri.EscapeDataString(organizationSlug)}");

    public string SignInLink(string organizationSlug, string token) => Absolute($"my/{Uri.EscapeDataString(organizationSlug)}/link?token={token}");

    private string Absolute(string path) => BaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/" + path;
}
