using DonorTrack.Core.Audit;

namespace DonorTrack.Web.Pages.Admin;

/// <summary>The audit log: each entry's changed fields only, before and after, newest first, paged, filtered by record and by person.</summary>
public sealed class AuditModel(AuditLog audit, IDbConnectionFactory connections) : PageModel
{
    public Paged<AuditEntry> Entries { get; private set; } = null!;

    public string? EntityType { get; private set; }

    public long? EntityId { get; private set; }

    /// <summary>Whose changes to show; null for everyone's.</summary>
    public string? Person { get; private set; }

    public IReadOnlyList<string> EntityTypes { get; private set; } = [];

    public IReadOnlyList<string> People { get; private set; } = [];

    public void OnGet(string? entityType, long? entityId, string? person, int? p)
    {
        (EntityType, EntityId, Person) = (Blank(entityType), entityId, Blank(person));
        var organizationId = User.ToActor().OrganizationId;
        using var db = connections.Read();
        Entries = audit.List(db, organizationId, EntityType, EntityId, new PageRequest(p, 50), Person);
        EntityTypes = audit.EntityTypes(db, organizationId);
        People = audit.Actors(db, organizationId);
    }

    /// <summary>The link to another page of the same filtered list.</summary>
    public string PageLink(int page) => QueryString.Create(new Dictionary<string, string?>
    {
        ["entityType"] = EntityType, ["entityId"] = EntityId?.ToString(System.Globalization.CultureInfo.InvariantCulture), ["person"] = Person,
        ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(pair => pair.Value is not null)).ToUriComponent();

    /// <summary>Where a record's own page is, for the record types that have one.</summary>
    public static string? RecordPage(AuditEntry entry) => entry.EntityType switch
    {
        "gift" => $"/Gifts/Details/{entry.EntityId}",
        "donor" => $"/Donors/Details/{entry.EntityId}",
        "membership" => $"/Dues/Membership/{entry.EntityId}",
        "grant" => $"/Grants/Details/{entry.EntityId}",
        "pledge" => $"/Grants/Pledges/Details/{entry.EntityId}",
        _ => null,
    };

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
