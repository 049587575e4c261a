using DonorTrack.Core.Data;
using DonorTrack.Core.Dues;
using DonorTrack.Core.Money;
using DonorTrack.Core.Security;
using DonorTrack.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DonorTrack.Web.Pages.Dues;

/// <summary>Membership plans: the list, a form for a new plan (fixed, sliding scale or pay what you can), retire and reactivate.</summary>
[Authorize(Policy = Roles.Treasurer)]
public sealed class PlansModel(MembershipService memberships) : PageModel
{
    public IReadOnlyList<MembershipPlan> Plans { get; private set; } = [];

    [BindProperty]
    public PlanForm Input { get; set; } = new();

    public void OnGet() => Plans = memberships.Plans(User.ToActor());

    public IActionResult OnPost()
    {
        var input = Input.ToInput(ModelState);
        if (input is not null && ModelState.TryRun(() => memberships.CreatePlan(User.ToActor(), input)))
        {
            TempData["Notice"] = $"Plan “{input.Name}” added.";
            return RedirectToPage();
        }
        OnGet();
        return Page();
    }

    public IActionResult OnPostRetire(long id, bool retired)
    {
        if (!memberships.SetPlanRetired(User.ToActor(), id, retired))
            return NotFound();
        return RedirectToPage();
    }
}

/// <summary>The plan form: amounts in dollars, tiers one per line as "Name = amount".</summary>
public sealed class PlanForm
{
    public string? Name { get; set; }
    public string MemberKind { get; set; } = "individual";
    public string Interval { get; set; } = "year";
    public string PricingKind { get; set; } = "fixed";
    public string? Amount { get; set; }
    public string? Tiers { get; set; }
    public string? Suggested { get; set; }
    public int GraceDays { get; set; } = 30;
    public string? BenefitsDescription { get; set; }
    public string? BenefitValue { get; set; }

    public MembershipPlanInput? ToInput(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState)
    {
        var pricing = DomainWords.ParseInput<DuesPricingKind>(PricingKind);
        var amount = Cents(Amount, pricing == DuesPricingKind.SlidingScale ? null : pricing == DuesPricingKind.Fixed ? "AmountCents" : "MinimumCents", modelState);
        var tiers = new List<DuesTierInput>();
        foreach (var line in (Tiers ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split('=', 2, StringSplitOptions.TrimEntries);
            var cents = parts.Length == 2 ? MoneyFormat.ParseCents(parts[1]) : null;
            if (cents is null)
                modelState.AddModelError("Input.Tiers", $"Write each tier as “Name = amount”, e.g. “Budget under $100k = 50”; “{line}” is not.");
            else
                tiers.Add(new DuesTierInput(parts[0], cents.Value));
        }
        var benefit = string.IsNullOrWhiteSpace(BenefitValue) ? 0 : MoneyFormat.ParseCents(BenefitValue);
        if (benefit is null)
            modelState.AddModelError("Input.BenefitValueCents", "Write an amount like 25 or 25.00.");
        var suggested = string.IsNullOrWhiteSpace(Suggested) ? null : MoneyFormat.ParseCents(Suggested);
        if (!modelState.IsValid)
            return null;
        return new MembershipPlanInput
        {
            Name = Name,
            MemberKind = DomainWords.ParseInput<MemberKind>(MemberKind),
            Interval = DomainWords.ParseInput<DuesInterval>(Interval),
            PricingKind = pricing,
            AmountCents = pricing == DuesPricingKind.Fixed ? amount ?? 0 : 0,
            MinimumCents = pricing == DuesPricingKind.PayWhatYouCan ? amount ?? 0 : 0,
            SuggestedCents = suggested,
            Tiers = tiers,
            GraceDays = GraceDays,
            BenefitsDescription = BenefitsDescription,
            BenefitValueCents = benefit ?? 0,
        };
    }

    private static long? Cents(string? text, string? field, Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState)
    {
        if (field is null || string.IsNullOrWhiteSpace(text))
            return null;
        var cents = MoneyFormat.ParseCents(text);
        if (cents is null)
            modelState.AddModelError($"Input.{field}", "Write an amount like 25 or 25.00.");
        return cents;
    }
}
