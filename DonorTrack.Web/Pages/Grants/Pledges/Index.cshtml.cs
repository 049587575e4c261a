namespace DonorTrack.Web.Pages.Grants.Pledges;

[Authorize(Policy = RolePolicies.Viewer)]
public sealed class IndexModel(PledgeService pledges) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public bool OpenOnly { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int? PageNumber { get; set; }

    public Paged<PledgeListItem> Pledges { get; private set; } = null!;

    public void OnGet() =>
        Pledges = pledges.List(User.ToActor(), new PledgeQuery { OpenOnly = OpenOnly, Page = new PageRequest(PageNumber) });
}
