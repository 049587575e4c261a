namespace DonorTrack.Web.Pages.Households;

/// <summary>Adds a member: find the donor with the donor picker, then confirm.</summary>
[Authorize(Policy = RolePolicies.Entry)]
public sealed class AddMemberModel(HouseholdService households, DonorService donors) : PageModel
{
    public HouseholdDetail Detail { get; private set; } = null!;

    public Donor? Donor { get; private set; }

    public DonorHousehold? DonorsHousehold { get; private set; }

    public DonorPicker Picker { get; private set; } = new(null, [], "");

    [BindProperty]
    public long? DonorId { get; set; }

    [BindProperty]
    public bool MakePrimaryContact { get; set; }

    public IActionResult OnGet(long id, long? donorId, string? donorSearch)
    {
        DonorId = donorId;
        return Load(id, donorSearch) ? Page() : NotFound();
    }

    public IActionResult OnPost(long id)
    {
        var found = true;
        if (ModelState.TryRun(() => found = households.AddMember(User.ToActor(), id, DonorId, MakePrimaryContact), property => property))
        {
            if (!found)
                return NotFound();
            TempData["Notice"] = "Member added.";
            return RedirectToPage("/Households/Details", new { id });
        }
        return Load(id, null) ? Page() : NotFound();
    }

    private bool Load(long id, string? donorSearch)
    {
        var actor = User.ToActor();
        if (households.Find(actor, id) is not { } detail)
            return false;
        Detail = detail;
        Donor = DonorId is { } donorId ? donors.Find(actor, donorId) : null;
        DonorsHousehold = Donor is null ? null : households.ForDonor(actor, Donor.Id);
        Picker = DonorPicker.Find(donors, actor, Donor is null ? donorSearch : null, $"/Households/AddMember/{id}");
        return true;
    }
}
