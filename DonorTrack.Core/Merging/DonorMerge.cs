using System.Globalization;
using System.Text;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;

namespace DonorTrack.Core.Merging;

/// <summary>What staff or the API send to merge a duplicate donor into the donor that survives.</summary>
/// <param name="Keep">Per differing field (<see cref="DonorMergeFields"/> keys), whose value survives: "survivor" or "duplicate".
/// A field left out takes the suggested side (<see cref="DonorFieldDifference.Suggested"/>).</param>
/// <param name="ConfirmDifferentKinds">Merging an individual with an organization is refused unless this is set.</param>
public sealed record DonorMergeInput
{
    public long? SurvivorId { get; init; }
    public long? DuplicateId { get; init; }
    public IReadOnlyDictionary<string, string>? Keep { get; init; }
    public bool ConfirmDifferentKinds { get; init; }
}

/// <summary>The two answers a field choice can have.</summary>
public static class DonorMergeSides
{
    public const string Survivor = "survivor";
    public const string Duplicate = "duplicate";
    public static readonly IReadOnlyList<string> All = [Survivor, Duplicate];
}

/// <summary>One field whose value differs between the two donors, with both values as shown and the side suggested.</summary>
public sealed record DonorFieldDifference(string Field, string Label, string SurvivorValue, string DuplicateValue, string Suggested);

/// <summary>What a merge moves (preview) or moved (result) from the duplicate to the survivor.</summary>
/// <param name="GiftNetCents">Net of counted gifts (completed or partly refunded), as the donor page totals them.</param>
/// <param name="SoftCreditsDropped">Credits that would credit the survivor on its own gift, or repeat a credit it already has.</param>
public sealed record DonorMergeMoves(
    long GiftCount, long GiftNetCents, long Memberships, long RecurringDonations, long Receipts, IReadOnlyList<string> NewTags,
    long SoftCreditsMoved, long SoftCreditsDropped, long FundedCampaigns, bool DuesPayerLink);

/// <summary>Both donors side by side before a merge: what moves, which fields differ, and anything that prevents it.</summary>
public sealed record DonorMergePreview(
    Donor Survivor, Donor Duplicate, DonorMergeMoves Moves, IReadOnlyList<DonorFieldDifference> Differences,
    IReadOnlyList<string> Blockers, IReadOnlyList<string> Warnings)
{
    public bool KindsDiffer => Survivor.Kind != Duplicate.Kind;

    /// <summary>What the merge does to the donors' households, when either is in one.</summary>
    public string? HouseholdOutcome { get; init; }
}

/// <summary>A completed merge: the moved rows and the matching campaigns that were re-run.</summary>
public sealed record DonorMergeResult(long SurvivorId, long DuplicateId, DonorMergeMoves Moved, IReadOnlyList<long> CampaignsReallocated);

/// <summary>Two donors that are probably the same: the older record is proposed as the survivor.</summary>
public sealed record DonorDuplicatePair(DonorListItem Survivor, DonorListItem Duplicate, bool SameEmail, bool SameNameAndPostalCode);

/// <summary>The donor fields a merge chooses between, each read and copied as a whole (an address is never half one donor's).</summary>
public static class DonorMergeFields
{
    /// <summary>One choosable field: its API key, label, comparable value, shown value and how to copy it onto the survivor's input.</summary>
    public sealed record Field(string Key, string Label, Func<Donor, string> Value, Func<Donor, string> Shown, Func<DonorInput, Donor, DonorInput> Copy);

    public static readonly IReadOnlyList<Field> All =
    [
        new("name", "Name and kind", d => Join(d.Kind.Word(), d.FirstName, d.LastName, d.OrganizationName), d => $"{d.DisplayName} ({d.Kind.Word()})",
            (i, d) => i with { Kind = d.Kind, FirstName = d.FirstName, LastName = d.LastName, OrganizationName = d.OrganizationName }),
        new("email", "Email", d => d.Email ?? "", d => d.Email ?? "—", (i, d) => i with { Email = d.Email }),
        new("phone", "Phone", d => d.Phone ?? "", d => d.Phone ?? "—", (i, d) => i with { Phone = d.Phone }),
        new("address", "Address", d => Join(d.AddressLine1, d.AddressLine2, d.City, d.Region, d.PostalCode, d.Country),
            d => d.AddressLines.Count == 0 ? "—" : string.Join(", ", d.AddressLines),
            (i, d) => i with { AddressLine1 = d.AddressLine1, AddressLine2 = d.AddressLine2, City = d.City, Region = d.Region, PostalCode = d.PostalCode, Country = d.Country }),
        new("defaultCategory", "Usual category", d => d.DefaultCategory ?? "", d => d.DefaultCategory ?? "—", (i, d) => i with { DefaultCategory = d.DefaultCategory }),
        new("doNotContact", "Do not contact", d => YesNo(d.DoNotContact), d => YesNo(d.DoNotContact), (i, d) => i with { DoNotContact = d.DoNotContact }),
        new("deceased", "Deceased", d => YesNo(d.Deceased), d => YesNo(d.Deceased), (i, d) => i with { Deceased = d.Deceased }),
        new("anonymous", "Anonymous", d => YesNo(d.Anonymous), d => YesNo(d.Anonymous), (i, d) => i with { Anonymous = d.Anonymous }),
        new("notes", "Notes", d => d.Notes ?? "", d => d.Notes ?? "—", (i, d) => i with { Notes = d.Notes }),
    ];

    /// <summary>The field a <see cref="DonorInput"/> property belongs to, so the donor rules' messages land on the right choice.</summary>
    public static string KeyOf(string donorInputProperty) => donorInputProperty switch
    {
        nameof(DonorInput.Kind) or nameof(DonorInput.FirstName) or nameof(DonorInput.LastName) or nameof(DonorInput.OrganizationName) => "name",
        nameof(DonorInput.AddressLine1) or nameof(DonorInput.AddressLine2) or nameof(DonorInput.City) or nameof(DonorInput.Region)
            or nameof(DonorInput.PostalCode) or nameof(DonorInput.Country) => "address",
        _ => All.FirstOrDefault(f => string.Equals(f.Key, donorInputProperty, StringComparison.OrdinalIgnoreCase))?.Key ?? donorInputProperty,
    };

    /// <summary>Fields whose values differ; the suggestion keeps the survivor's unless it is blank, or the duplicate asks not to be contacted.</summary>
    public static IReadOnlyList<DonorFieldDifference> Differences(Donor survivor, Donor duplicate) =>
        All.Where(f => f.Value(survivor) != f.Value(duplicate))
            .Select(f => new DonorFieldDifference(f.Key, f.Label, f.Shown(survivor), f.Shown(duplicate), Suggest(f, survivor, duplicate)))
            .ToList();

    private static string Suggest(Field field, Donor survivor, Donor duplicate) => field.Key switch
    {
        "doNotContact" or "deceased" or "anonymous" => field.Value(duplicate) == "Yes" ? DonorMergeSides.Duplicate : DonorMergeSides.Survivor,
        _ => field.Value(survivor).Replace("\u001f", "", StringComparison.Ordinal).Length == 0 ? DonorMergeSides.Duplicate : DonorMergeSides.Survivor,
    };

    private static string YesNo(bool value) => value ? "Yes" : "No";

    private static string Join(params string?[] parts) => string.Join('\u001f', parts.Select(p => p ?? ""));
}

/// <summary>How likely-duplicate detection compares names and postal codes: case, accents and punctuation do not count.</summary>
public static class DonorMatchKeys
{
    /// <summary>"Nguyễn  Văn-An" → "nguyen van an"; "Đặng" → "dang". Empty when there is no name.</summary>
    public static string Name(DonorKind kind, string? firstName, string? lastName, string? organizationName)
    {
        var text = DonorNames.Display(kind, firstName, lastName, organizationName);
        // Decomposing costs a call into ICU per name; plain ASCII names (most of them) have no accents to strip.
        if (!Ascii.IsValid(text))
            text = text.Normalize(NormalizationForm.FormD);
        var key = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
                continue;
            if (!char.IsLetterOrDigit(c))
            {
                pendingSpace = key.Length > 0;
                continue;
            }
            if (pendingSpace)
                key.Append(' ');
            pendingSpace = false;
            // Đ/đ (Vietnamese) and a few others carry no combining mark to strip.
            key.Append(c switch { 'Đ' or 'đ' => 'd', 'Ł' or 'ł' => 'l', 'Ø' or 'ø' => 'o', _ => char.ToLowerInvariant(c) });
        }
        return key.ToString();
    }

    /// <summary>"55104-1234" and "55104" are the same place; spaces and case do not count ("sw1a 1aa" = "SW1A1AA").</summary>
    public static string PostalCode(string? postalCode)
    {
        if (string.IsNullOrWhiteSpace(postalCode))
            return "";
        var compact = new string(postalCode.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray());
        return compact.Length == 9 && compact.All(char.IsAsciiDigit) ? compact[..5] : compact;
    }
}

/// <summary>A column that holds a donor id, and what a merge does with the duplicate's rows in it.</summary>
public sealed record DonorReference(string Table, string Column, string Merge);
