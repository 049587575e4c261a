namespace DonorTrack.Web.Pages.Gifts;

[Authorize(Policy = RolePolicies.Entry)]
public sealed class CreateModel(GiftService gifts, DonorService donors, DesignationService designations, OrganizationService organizations, TimeProvider clock,
    GrantService grants, PledgeService pledges) : PageModel
{
    [BindProperty]
    public GiftForm Input { get; set; } = new();

    public Donor? Donor { get; private set; }

    public DonorPicker Picker { get; private set; } = new(null, [], "/Gifts/Create");

    /// <summary>Who else is credited with the gift (a spouse, an employer that matched it), found by name like the donor.</summary>
    public DonorField SoftCredit { get; private set; } = null!;

    public IReadOnlyList<Fund> Funds { get; private set; } = [];

    public IReadOnlyList<Campaign> Campaigns { get; private set; } = [];

    /// <summary>The chosen donor's awarded grants with an open balance: a payment may be linked to one.</summary>
    public IReadOnlyList<OpenCommitment> OpenGrants { get; private set; } = [];

    /// <summary>The chosen donor's pledges with an unpaid balance.</summary>
    public IReadOnlyList<OpenCommitment> OpenPledges { get; private set; } = [];

    public void OnGet(long? donorId, string? donorSearch, long? grantId, long? pledgeId)
    {
        var actor = User.ToActor();
        Input.DonorId = donorId;
        (Input.GrantId, Input.PledgeId) = (grantId, pledgeId);
        Input.ReceivedOn = organizations.Find(actor.OrganizationId)!.LocalDate(clock.GetUtcNow());
        Load(actor, donorSearch);
        if (Donor?.DefaultCategory is { } category)
            Input.Category = category;
    }

    public IActionResult OnPost()
    {
        var actor = User.ToActor();
        if (DonorField.IsFindRequest(Request))
        {
            ModelState.Clear();
            Load(actor, null);
            return Page();
        }
        var input = ModelState.IsValid ? Input.ToInput(ModelState) : null;
        long id = 0;
        if (input is not null && ModelState.TryRun(() => id = gifts.Record(actor, input), property => $"Input.{FormField(property)}"))
        {
            TempData["Notice"] = "Gift recorded.";
            return RedirectToPage("/Gifts/Details", new { id });
        }
        Load(actor, null);
        return Page();
    }

    private void Load(Actor actor, string? donorSearch)
    {
        Donor = Input.DonorId is { } id ? donors.Find(actor, id) : null;
        Picker = DonorPicker.Find(donors, actor, Donor is null ? donorSearch : null, "/Gifts/Create");
        Funds = designations.Funds(actor, activeOnly: true);
        Campaigns = designations.Campaigns(actor, activeOnly: true);
        SoftCredit = DonorField.For(Request, donors, actor, "Input.SoftCreditDonorId", "Soft credit to", Input.SoftCreditDonorId, optional: true);
        if (Donor is not null)
        {
            OpenGrants = grants.OpenForFunder(actor, Donor.Id);
            OpenPledges = pledges.OpenForDonor(actor, Donor.Id);
        }
    }

    /// <summary>Maps the validated input's field names back to the form's ("AmountCents" is typed as "Amount").</summary>
    private static string FormField(string property) => property switch
    {
        nameof(GiftInput.AmountCents) => nameof(GiftForm.Amount),
        nameof(GiftInput.BenefitValueCents) => nameof(GiftForm.BenefitValue),
        nameof(GiftInput.FeeCents) => nameof(GiftForm.Fee),
        _ when property.StartsWith("SoftCredits[0].", StringComparison.Ordinal) => "SoftCredit" + property["SoftCredits[0].".Length..],
        _ => property,
    };
}
