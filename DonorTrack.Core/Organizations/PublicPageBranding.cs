using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;
using FluentValidation;

namespace DonorTrack.Core.Organizations;

/// <summary>How an organization's public giving pages look: its logo and two colours (null: the neutral defaults).</summary>
public sealed record PublicPageBranding(bool HasLogo, string? AccentColor, string? HeaderColor)
{
    public const string DefaultAccent = "#1f5f8b";
    public const string DefaultHeader = "#ffffff";

    public static readonly PublicPageBranding None = new(false, null, null);

    public string Accent => AccentColor ?? DefaultAccent;

    public string Header => HeaderColor ?? DefaultHeader;

    /// <summary>Black or white, whichever reads better on <paramref name="background"/> (WCAG relative luminance).</summary>
    public static string TextOn(string background)
    {
        double Channel(int offset)
        {
            var c = int.Parse(background.AsSpan(offset, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        var luminance = (0.2126 * Channel(1)) + (0.7152 * Channel(3)) + (0.0722 * Channel(5));
        return luminance > 0.179 ? "#000000" : "#ffffff";
    }
}

/// <summary>What an admin sends to change the public pages' look: a new logo (null keeps the current one), or removing it, and the colours.</summary>
public sealed record PublicPageBrandingInput
{
    public byte[]? Logo { get; init; }
    public bool RemoveLogo { get; init; }
    public string? AccentColor { get; init; }
    public string? HeaderColor { get; init; }
}

public sealed partial class PublicPageBrandingInputValidator : AbstractValidator<PublicPageBrandingInput>
{
    /// <summary>A logo shown at the top of a page needs no more; larger files only slow the page for donors on a phone.</summary>
    public const int MaxLogoBytes = 256 * 1024;

    public const string ColorMessage = "Use a colour like #1f5f8b (a # and six hexadecimal digits).";

    public PublicPageBrandingInputValidator()
    {
        RuleFor(x => x.Logo).Must(logo => logo is null || logo.Length <= MaxLogoBytes).WithMessage($"Use a logo of at most {MaxLogoBytes / 1024} KB.")
            .Must(logo => logo is null || PublicLogo.ContentType(logo) is not null).WithMessage("Upload the logo as a PNG or JPEG image.");
        RuleFor(x => x.AccentColor).Must(BeAColor).WithMessage(ColorMessage);
        RuleFor(x => x.HeaderColor).Must(BeAColor).WithMessage(ColorMessage);
    }

    private static bool BeAColor(string? color) => string.IsNullOrWhiteSpace(color) || HexColor().IsMatch(color.Trim());

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex HexColor();
}

/// <summary>Reads a stored logo's type from its first bytes.</summary>
public static class PublicLogo
{
    /// <summary>"image/png" or "image/jpeg"; null for anything else.</summary>
    public static string? ContentType(ReadOnlySpan<byte> data) =>
        data.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
        : null;
}

/// <summary>The logo and colours of an organization's public giving pages.</summary>
public sealed class PublicPageBrandingService(IDbConnectionFactory connections, AuditLog audit)
{
    private readonly PublicPageBrandingInputValidator _validator = new();

    public PublicPageBranding For(long organizationId)
    {
        using var db = connections.Read();
        return Load(db, organizationId);
    }

    /// <summary>The logo of the organization with this public slug and its content type; null when it has none or the slug is unknown.</summary>
    public (byte[] Data, string ContentType)? Logo(string slug)
    {
        const string sql = "SELECT public_logo FROM organizations WHERE slug = @slug";
        using var db = connections.Read();
        var data = db.Connection.QuerySingleOrDefault<byte[]?>(sql, new { slug });
        return data is { Length: > 0 } && PublicLogo.ContentType(data) is { } type ? (data, type) : null;
    }

    public void Save(Actor actor, PublicPageBrandingInput input)
    {
        actor.Require(Role.Admin);
        _validator.EnsureValid(input);
        static string? Color(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToLowerInvariant();
        var accent = Color(input.AccentColor);
        var header = Color(input.HeaderColor);
        using var db = connections.BeginTransaction();
        var before = Load(db, actor.OrganizationId);
        const string keepLogo = """
            UPDATE organizations SET public_accent_color = @accent, public_header_color = @header WHERE id = @organizationId
            """;
        const string setLogo = """
            UPDATE organizations SET public_logo = @logo, public_accent_color = @accent, public_header_color = @header WHERE id = @organizationId
            """;
        var logo = input.Logo is { Length: > 0 } uploaded ? uploaded : null;
        if (logo is not null || input.RemoveLogo)
            db.Connection.Execute(setLogo, new { logo, accent, header, organizationId = actor.OrganizationId }, db.Transaction);
        else
            db.Connection.Execute(keepLogo, new { accent, header, organizationId = actor.OrganizationId }, db.Transaction);
        var after = new PublicPageBranding(logo is not null || (before.HasLogo && !input.RemoveLogo), accent, header);
        audit.Record(db, actor, "organization", actor.OrganizationId, "update", new { publicPage = before }, new { publicPage = after });
        db.Commit();
    }

    private static PublicPageBranding Load(DbSession db, long organizationId)
    {
        const string sql = """
            SELECT public_logo IS NOT NULL AS HasLogo, public_accent_color AS AccentColor, public_header_color AS HeaderColor
            FROM organizations WHERE id = @organizationId
            """;
        var row = db.Connection.QuerySingleOrDefault<(bool HasLogo, string? AccentColor, string? HeaderColor)>(sql, new { organizationId }, db.Transaction);
        return new PublicPageBranding(row.HasLogo, row.AccentColor, row.HeaderColor);
    }
}
