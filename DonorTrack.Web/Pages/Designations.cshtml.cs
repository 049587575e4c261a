namespace DonorTrack.Web.Pages;

/// <summary>Funds and campaigns: the treasurer's managed lists gifts are designated to.</summary>
[Authorize(Policy = RolePolicies.Treasurer)]
public sealed class DesignationsModel(DesignationService designations) : PageModel
{
    public IReadOnlyList<Fund> Funds { get; private set; } = [];

    public IReadOnlyList<Campaign> Campaigns { get; private set; } = [];

    [BindProperty]
    public FundInput Fund { get; set; } = new(null, false, null);

    [BindProperty]
    public string? CampaignName { get; set; }

    [BindProperty]
    public Dollars? CampaignGoal { get; set; }

    [BindProperty]
    public DateOnly? CampaignStartsOn { get; set; }

    [BindProperty]
    public DateOnly? CampaignEndsOn { get; set; }

    public void OnGet() => Load();

    public IActionResult OnPostFund()
    {
        if (!ModelState.TryRun(() => designations.SaveFund(User.ToActor(), null, Fund), prefix: "Fund"))
        {
            Load();
            return Page();
        }
        TempData["Notice"] = $"Fund “{Fund.Name}” added.";
        return RedirectToPage();
    }

    public IActionResult OnPostCampaign()
    {
        if (ModelState.TryRun(() => designations.SaveCampaign(User.ToActor(), null, new CampaignInput(CampaignName, CampaignGoal?.Cents, CampaignStartsOn, CampaignEndsOn)), prefix: "Campaign"))
        {
            TempData["Notice"] = $"Campaign “{CampaignName}” added.";
            return RedirectToPage();
        }
        Load();
        return Page();
    }

    public IActionResult OnPostToggleFund(long id)
    {
        var actor = User.ToActor();
        var fund = designations.Funds(actor).FirstOrDefault(f => f.Id == id);
        if (fund is null)
            return NotFound();
        designations.SaveFund(actor, id, new FundInput(fund.Name, fund.Restricted, fund.Description, !fund.Active));
        return RedirectToPage();
    }

    public IActionResult OnPostToggleCampaign(long id)
    {
        var actor = User.ToActor();
        var campaign = designations.Campaigns(actor).FirstOrDefault(c => c.Id == id);
        if (campaign is null)
            return NotFound();
        designations.SaveCampaign(actor, id, new CampaignInput(campaign.Name, campaign.GoalCents, campaign.StartsOn, campaign.EndsOn, !campaign.Active));
        return RedirectToPage();
    }

    private void Load()
    {
        var actor = User.ToActor();
        Funds = designations.Funds(actor);
        Campaigns = designations.Campaigns(actor);
    }
}
