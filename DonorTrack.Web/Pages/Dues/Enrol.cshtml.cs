using DonorTrack.Core.Dues;

namespace DonorTrack.Web.Pages.Dues;

/// <summary>Enrol a donor on a plan from a start date; a start before the donor was added is allowed and the warning shown.</summary>
[Authorize(Policy = RolePolicies.Treasurer)]
public sealed class EnrolModel(MembershipService memberships, DonorService donors, TimeProvider clock) : PageModel
{
    public IReadOnlyList<MembershipPlan> Plans { get; private set; } = [];

    public DonorField Member { get; private set; } = null!;

    [BindProperty]
    public long? DonorId { get; set; }

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
        DonorId = donorId;
        StartsOn ??= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Load();
    }

    public IActionResult OnPost()
    {
        EnrolmentResult? result = null;
        if (DonorField.IsFindRequest(Request))
        {
            ModelState.Clear();
            Load();
            return Page();
        }
        var input = new MembershipEnrolmentInput { DonorId = DonorId ?? 0, PlanId = PlanId, StartsOn = StartsOn, TierName = TierName, ChosenAmountCents = Amount?.Cents };
        if (ModelState.TryRun(() => result = memberships.Enrol(User.ToActor(), input),
                property => property == nameof(MembershipEnrolmentInput.ChosenAmountCents) ? nameof(Amount) : property))
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
        Member = DonorField.For(Request, donors, actor, nameof(DonorId), "Member", DonorId);
    }
}
