namespace DonorTrack.Web.Pages;

public sealed class IndexModel(OrganizationService organizations, DonorService donors, GiftService gifts, TimeProvider clock) : PageModel
{
    public Organization Organization { get; private set; } = null!;

    public DateOnly FiscalYearStart { get; private set; }

    public GiftList ThisYear { get; private set; } = null!;

    public long DonorCount { get; private set; }

    public GiftList Recent { get; private set; } = null!;

    public void OnGet()
    {
        var actor = User.ToActor();
        Organization = organizations.Find(actor.OrganizationId)!;
        FiscalYearStart = Organization.FiscalYearStart(Organization.LocalDate(clock.GetUtcNow()));
        ThisYear = gifts.List(actor, new GiftQuery { From = FiscalYearStart, Page = new PageRequest(1, 1) });
        DonorCount = donors.Search(actor, new DonorQuery(null, null, new PageRequest(1, 1))).Total;
        Recent = gifts.List(actor, new GiftQuery { Page = new PageRequest(1, 10) });
    }
}
