namespace DonorTrack.Web.Pages.Donors;

[Authorize(Policy = RolePolicies.Entry)]
public sealed class CreateModel(DonorService donors) : PageModel
{
    [BindProperty]
    public DonorForm Input { get; set; } = new();

    public IReadOnlyList<DonorListItem> PossibleDuplicates { get; private set; } = [];

    public void OnGet()
    {
    }

    public IActionResult OnPost(bool confirmDuplicate)
    {
        var actor = User.ToActor();
        PossibleDuplicates = donors.PossibleDuplicates(actor, Input.Email);
        if (PossibleDuplicates.Count > 0 && !confirmDuplicate)
            return Page();
        long id = 0;
        if (!ModelState.TryRun(() => id = donors.Create(actor, Input.ToInput())))
            return Page();
        TempData["Notice"] = "Donor saved.";
        return RedirectToPage("/Donors/Details", new { id });
    }
}
