using DonorTrack.Core.Dues;

namespace DonorTrack.Web.Pages.Dues;

/// <summary>Membership plans: the list, a form for a new plan (fixed, sliding scale or pay what you can), retire and reactivate.</summary>
[Authorize(Policy = RolePolicies.Treasurer)]
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

/// <summary>The plan form: amounts in dollars, tiers one per line as "Name = amount" (read here: a tier line is not one money field).</summary>
public sealed class PlanForm
{
    public string? Name { get; set; }
    public string MemberKind { get; set; } = "individual";
    public string Interval { get; set; } = "year";
    public string PricingKind { get; set; } = "fixed";
    public Dollars? Amount { get; set; }
    public string? Tiers { get; set; }
    public Dollars? Suggested { get; set; }
    public int GraceDays { get; set; } = 30;
    public string? BenefitsDescription { get; set; }
    public Dollars? BenefitValue { get; set; }

    public MembershipPlanInput? ToInput(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState)
    {
        var pricing = DomainWords.ParseInput<DuesPricingKind>(PricingKind);
        if (pricing == DuesPricingKind.SlidingScale)
            modelState.Remove("Input.Amount");
        var amount = pricing == DuesPricingKind.SlidingScale ? null : Amount?.Cents;
        var tiers = new List<DuesTierInput>();
        foreach (var line in (Tiers ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split('=', 2, StringSplitOptions.TrimEntries);
            var cents = parts.Length == 2 ? Dollars.Parse(parts[1])?.Cents : null;
            if (cents is null)
                modelState.AddModelError("Input.Tiers", $"Write each tier as “Name = amount”, e.g. “Budget under $100k = 50”; “{line}” is not.");
            else
                tiers.Add(new DuesTierInput(parts[0], cents.Value));
        }
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
            SuggestedCents = Suggested?.Cents,
            Tiers = tiers,
            GraceDays = GraceDays,
            BenefitsDescription = BenefitsDescription,
            BenefitValueCents = BenefitValue?.Cents ?? 0,
        };
    }
}
