using DonorTrack.Core.Donors;
using DonorTrack.Core.Dues;
using DonorTrack.Core.Money;
using DonorTrack.Core.Security;
using DonorTrack.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DonorTrack.Web.Pages.Dues;

/// <summary>Enrol a donor on a plan from a start date; a start before the donor was added is allowed and the warning shown.</summary>
[Authorize(Policy = Roles.Treasurer)]
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
    public string? Amount { get; set; }

    public void OnGet(long? donorId)
    {
        DonorId = donorId ?? 0;
        StartsOn ??= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Load();
    }

    public IActionResult OnPost()
    {
        long? chosen = null;
        if (!string.IsNullOrWhiteSpace(Amount) && (chosen = MoneyFormat.ParseCents(Amount)) is null)
            ModelState.AddModelError(nameof(MembershipEnrolmentInput.ChosenAmountCents), "Write an amount like 25 or 25.00.");
        EnrolmentResult? result = null;
        var input = new MembershipEnrolmentInput { DonorId = DonorId, PlanId = PlanId, StartsOn = StartsOn, TierName = TierName, ChosenAmountCents = chosen };
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
