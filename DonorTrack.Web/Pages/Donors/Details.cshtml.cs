namespace DonorTrack.Web.Pages.Donors;

public sealed class DetailsModel(DonorService donors, GiftService gifts, HouseholdService households) : PageModel
{
    /// <summary>The household the donor belongs to, if any.</summary>
    public DonorHousehold? Household { get; private set; }

    public Donor Donor { get; private set; } = null!;

    public DonorGivingSummary Giving { get; private set; } = null!;

    public GiftList Gifts { get; private set; } = null!;

    public IActionResult OnGet(long id, int? p)
    {
        var actor = User.ToActor();
        var donor = donors.Find(actor, id);
        if (donor is null)
            return NotFound();
        if (donor.MergedIntoId is { } survivor)
            return RedirectToPage("/Donors/Details", new { id = survivor });
        Donor = donor;
        Giving = donors.GivingSummary(actor, id);
        Household = households.ForDonor(actor, id);
        Gifts = gifts.List(actor, new GiftQuery { DonorId = id, Page = new PageRequest(p, 100) });
        return Page();
    }
}
