using DonorTrack.Core.Dues;

namespace DonorTrack.Web.Pages.Dues;

/// <summary>All memberships with their status today, filtered by status, with a CSV of the filtered list.</summary>
[Authorize(Policy = RolePolicies.Treasurer)]
public sealed class MembershipsModel(MembershipService memberships) : PageModel
{
    public Paged<MembershipSummary> Memberships { get; private set; } = null!;

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    public void OnGet(int? p) =>
        Memberships = memberships.List(User.ToActor(), new MembershipQuery(Filter(), null, new PageRequest(p, 100)));

    public IActionResult OnGetCsv() =>
        File(DuesCsv.Memberships(memberships.All(User.ToActor(), Filter())), "text/csv; charset=utf-8", $"memberships-{Status ?? "all"}.csv");

    private MembershipStatus? Filter() =>
        DomainWords.TryParse<MembershipStatus>(Status, out var status) ? status : null;
}
