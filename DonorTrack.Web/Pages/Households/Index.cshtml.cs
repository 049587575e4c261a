namespace DonorTrack.Web.Pages.Households;

[Authorize(Policy = RolePolicies.Viewer)]
public sealed class IndexModel(HouseholdService households) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int? PageNumber { get; set; }

    public Paged<HouseholdListItem> Households { get; private set; } = null!;

    public void OnGet() => Households = households.List(User.ToActor(), new HouseholdQuery(Search, new PageRequest(PageNumber)));
}
