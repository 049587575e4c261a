using System.Security.Cryptography;
using System.Text;

namespace DonorTrack.Core.Security;

/// <summary>One-time invitation codes: 160 random bits shown once; only their SHA-256 is stored, so a database copy cannot redeem them.</summary>
public static class InvitationCodes
{
    public static string NewCode() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    public static string Sha256(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code.Trim().ToLowerInvariant())));
}
