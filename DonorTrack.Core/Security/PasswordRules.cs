using System.Globalization;
using System.Text;

namespace DonorTrack.Core.Security;

/// <summary>
/// What makes a password acceptable, shared by setup, invitations and password changes: long enough, not one character or a
/// short pattern repeated, not a run along the alphabet, digits or keyboard, not a well-known password, and not built from the
/// person's email or name or the organization's name.
/// </summary>
public static class PasswordRules
{
    public const int MinimumLength = 10;

    public const string Message = "Use a password of at least 10 characters.";

    public const string SameAsCurrentMessage = "Choose a new password, not the one you use now.";

    private const string KeyboardRuns = "qwertyuiopasdfghjklzxcvbnm 1234567890 abcdefghijklmnopqrstuvwxyz";

    // Frequent in breached-password lists; compared after lower-casing and dropping trailing digits and symbols,
    // so "Password2024!" and "iloveyou123" are refused with them.
    private static readonly HashSet<string> CommonBases = new(StringComparer.Ordinal)
    {
        "password", "passw0rd", "p@ssword", "p@ssw0rd", "qwerty", "qwertyuiop", "letmein", "welcome", "iloveyou", "admin",
        "administrator", "monkey", "dragon", "football", "baseball", "basketball", "soccer", "hockey", "sunshine", "princess",
        "superman", "batman", "starwars", "master", "shadow", "trustno1", "freedom", "whatever", "michael", "jennifer",
        "jordan", "hunter", "charlie", "donald", "computer", "internet", "changeme", "secret", "default", "login", "access",
        "mustang", "liverpool", "chelsea", "arsenal", "pokemon", "minecraft", "naruto", "blink182", "lovely", "loveme",
        "flower", "summer", "winter", "spring", "autumn", "january", "december", "america", "chicago", "newyork",
        "donation", "donations", "donortrack", "nonprofit", "treasurer", "volunteer", "fundraiser", "alliance", "member",
        "membership", "organization", "community", "solidarity", "tenant", "tenants", "union", "justice", "unidos",
        "abc", "abcd", "asdf", "asdfgh", "asdfghjkl", "zxcvbnm", "1q2w3e4r", "1q2w3e4r5t", "qazwsx", "qwe", "test", "guest",
        "user", "hello", "welcome1", "iloveu", "ilovey0u", "love", "god", "jesus", "money", "family", "mypassword",
        "password1", "passwordpassword", "letmeinnow", "open", "opensesame", "temp", "temporary", "newpassword",
    };

    /// <summary>Why <paramref name="password"/> is refused, or null when it is acceptable.</summary>
    public static string? Weakness(string? password, string? email = null, string? displayName = null, IEnumerable<string?>? organizationNames = null)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinimumLength)
            return Message;
        if (password.Length > 200)
            return "Use at most 200 characters.";
        var lower = password.ToLowerInvariant();
        if (lower.Distinct().Count() < 4 || IsRepeatedPattern(lower))
            return "That password is one character or a short pattern repeated: choose something harder to guess.";
        if (IsRun(lower))
            return "That password is a run of letters, digits or keys (like abcdefghij or 1234567890): choose something harder to guess.";
        var letters = Letters(lower);
        var baseWord = lower.TrimEnd("0123456789!@#$%^&*()-_=+.,?~ ".ToCharArray());
        if (CommonBases.Contains(baseWord) || CommonBases.Contains(letters) || IsRun(baseWord) && baseWord.Length >= 4)
            return "That password is one of the most common passwords: choose something harder to guess.";
        foreach (var personal in PersonalWords(email, displayName, organizationNames))
        {
            if (letters.Contains(personal, StringComparison.Ordinal))
                return "Do not build your password from your email, your name or the organization's name.";
        }
        return null;
    }

    private static bool IsRepeatedPattern(string text)
    {
        for (var size = 1; size <= text.Length / 2; size++)
        {
            var repeated = true;
            for (var i = size; i < text.Length && repeated; i++)
                repeated = text[i] == text[i % size];
            if (repeated)
                return true;
        }
        return false;
    }

    private static bool IsRun(string text)
    {
        if (text.Length < 2)
            return false;
        if (KeyboardRuns.Contains(text, StringComparison.Ordinal) || Reverse(KeyboardRuns).Contains(text, StringComparison.Ordinal))
            return true;
        var step = text[1] - text[0];
        if (step is not (1 or -1))
            return false;
        for (var i = 2; i < text.Length; i++)
        {
            if (text[i] - text[i - 1] != step)
                return false;
        }
        return true;
    }

    private static string Reverse(string text)
    {
        var chars = text.ToCharArray();
        Array.Reverse(chars);
        return new string(chars);
    }

    private static IEnumerable<string> PersonalWords(string? email, string? displayName, IEnumerable<string?>? organizationNames)
    {
        var sources = new List<string?> { email?.Split('@')[0], displayName };
        sources.AddRange(organizationNames ?? []);
        foreach (var source in sources)
        {
            if (string.IsNullOrWhiteSpace(source))
                continue;
            var whole = Letters(source.ToLowerInvariant());
            if (whole.Length >= 4)
                yield return whole;
            foreach (var part in source.ToLowerInvariant().Split([' ', '.', '_', '-', '+', '\''], StringSplitOptions.RemoveEmptyEntries))
            {
                var word = Letters(part);
                if (word.Length >= 4)
                    yield return word;
            }
        }
    }

    // Letters and digits only, accents removed: "Frogtown Tenants’ Union" → "frogtowntenantsunion".
    private static string Letters(string text)
    {
        var kept = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && char.IsLetterOrDigit(c))
                kept.Append(c);
        }
        return kept.ToString();
    }
}
