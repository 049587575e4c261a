using DonorTrack.Core.Dues;

namespace DonorTrack.Web.Pages.Dues;

/// <summary>Enrol a donor on a plan from a start date; a start before the donor was added is allowed and the warning shown.</summary>
[Authorize(Policy = RolePolicies.Treasurer)]
public sealed class EnrolModel(MembershipService memberships, DonorService donors, TimeProvider clock) : PageModel
{
    public IReadOnlyList<MembershipPlan> Plans { get; private set; } = [];

    public Donor? Donor { get; private set; }

    [BindProperty]
    public long DonorId { get; set; }

    [BindProperty]
    public long PlanId { get; set; }

    [BindProperty]
    public DateOnly? StartsOn { get; set; }

    [BindProperty]
    public string? TierName { get; set; }

    [BindProperty]
    public Dollars? Amount { get; set; }

    public void OnGet(long? donorId)
    {
        DonorId = donorId ?? 0;
        StartsOn ??= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Load();
    }

    public IActionResult OnPost()
    {
        EnrolmentResult? result = null;
        var input = new MembershipEnrolmentInput { DonorId = DonorId, PlanId = PlanId, StartsOn = StartsOn, TierName = TierName, ChosenAmountCents = Amount?.Cents };
        if (ModelState.TryRun(() => result = memberships.Enrol(User.ToActor(), input), prefix: ""))
        {
            TempData["Notice"] = string.Join(" ", new[] { "Enrolled." }.Concat(result!.Warnings));
            return Redirect($"/Dues/Membership/{result.MembershipId}");
        }
        Load();
        return Page();
    }

    private void Load()
    {
        var actor = User.ToActor();
        Plans = memberships.Plans(actor, includeRetired: false);
        Donor = DonorId > 0 ? donors.Find(actor, DonorId) : null;
    }
}
