using DonorTrack.Core.Dues;

namespace DonorTrack.Web.Pages.Dues;

/// <summary>Alliance dues: each member organization, what is due this fiscal year, what was paid, arrears; assign a plan to a member.</summary>
[Authorize(Policy = RolePolicies.Treasurer)]
public sealed class AllianceModel(AllianceDuesService alliance, MembershipService memberships) : PageModel
{
    public IReadOnlyList<AllianceDuesRow> Rows { get; private set; } = [];

    public IReadOnlyList<MembershipPlan> Plans { get; private set; } = [];

    [BindProperty]
    public long MemberOrganizationId { get; set; }

    [BindProperty]
    public long PlanId { get; set; }

    [BindProperty]
    public DateOnly? StartsOn { get; set; }

    [BindProperty]
    public string? TierName { get; set; }

    [BindProperty]
    public Dollars? Amount { get; set; }

    public void OnGet() => Load();

    public IActionResult OnPost()
    {
        if (ModelState.TryRun(() => alliance.Assign(User.ToActor(), new AllianceDuesAssignmentInput(MemberOrganizationId, PlanId, StartsOn, TierName, Amount?.Cents)), prefix: ""))
        {
            TempData["Notice"] = "Dues plan assigned.";
            return RedirectToPage();
        }
        Load();
        return Page();
    }

    private void Load()
    {
        var actor = User.ToActor();
        Rows = alliance.Rows(actor);
        Plans = memberships.Plans(actor, includeRetired: false).Where(p => p.MemberKind == MemberKind.Organization).ToList();
    }
}
