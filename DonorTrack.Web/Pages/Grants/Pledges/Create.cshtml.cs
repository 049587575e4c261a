namespace DonorTrack.Web.Pages.Grants.Pledges;

[Authorize(Policy = RolePolicies.Entry)]
public sealed class CreateModel(PledgeService pledges, DonorService donors, OrganizationService organizations, TimeProvider clock) : PageModel
{
    [BindProperty]
    public PledgeForm Input { get; set; } = new();

    public Donor? Donor { get; private set; }

    public DonorPicker Picker { get; private set; } = new(null, [], "/Grants/Pledges/Create");

    public void OnGet(long? donorId, string? donorSearch)
    {
        var actor = User.ToActor();
        Input.DonorId = donorId;
        Input.PledgedOn = organizations.Find(actor.OrganizationId)!.LocalDate(clock.GetUtcNow());
        Load(actor, donorSearch);
        if (Donor?.DefaultCategory is { } category)
            Input.Category = category;
    }

    public IActionResult OnPost()
    {
        var actor = User.ToActor();
        if (Input.Amount is null && ModelState["Input.Amount"]?.Errors.Count is null or 0)
            ModelState.AddModelError("Input.Amount", "Enter the pledged amount.");
        long id = 0;
        if (ModelState.IsValid && ModelState.TryRun(() => id = pledges.Create(actor, Input.ToInput()),
                property => $"Input.{(property == nameof(PledgeInput.AmountCents) ? nameof(PledgeForm.Amount) : property)}"))
        {
            TempData["Notice"] = "Pledge recorded.";
            return RedirectToPage("/Grants/Pledges/Details", new { id });
        }
        Load(actor, null);
        return Page();
    }

    private void Load(Actor actor, string? donorSearch)
    {
        Donor = Input.DonorId is { } id ? donors.Find(actor, id) : null;
        Picker = DonorPicker.Find(donors, actor, Donor is null ? donorSearch : null, "/Grants/Pledges/Create");
    }
}

/// <summary>The pledge form: one due date, or N installments some months apart from the first due date.</summary>
public sealed class PledgeForm
{
    public long? DonorId { get; set; }
    public Dollars? Amount { get; set; }
    public DateOnly? PledgedOn { get; set; }
    public string? Category { get; set; } = "individual";
    public string? Purpose { get; set; }
    public string? Notes { get; set; }
    public DateOnly? FirstDueOn { get; set; }
    public int? InstallmentCount { get; set; } = 1;
    public int? IntervalMonths { get; set; } = 1;

    public PledgeInput ToInput() => new()
    {
        DonorId = DonorId, AmountCents = Amount?.Cents, PledgedOn = PledgedOn, Category = PageSupport.Word<GiftCategory>(Category), Purpose = Purpose, Notes = Notes,
        FirstDueOn = FirstDueOn, InstallmentCount = InstallmentCount ?? 0, IntervalMonths = IntervalMonths ?? 0,
    };
}
