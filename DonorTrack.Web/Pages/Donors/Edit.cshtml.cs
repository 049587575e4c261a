namespace DonorTrack.Web.Pages.Donors;

[Authorize(Policy = RolePolicies.Entry)]
public sealed class EditModel(DonorService donors) : PageModel
{
    [BindProperty]
    public DonorForm Input { get; set; } = new();

    public long Id { get; private set; }

    public IActionResult OnGet(long id)
    {
        var donor = donors.Find(User.ToActor(), id);
        if (donor is null)
            return NotFound();
        (Id, Input) = (id, DonorForm.From(donor));
        return Page();
    }

    public IActionResult OnPost(long id)
    {
        Id = id;
        var found = true;
        if (!ModelState.TryRun(() => found = donors.Update(User.ToActor(), id, Input.ToInput())))
            return Page();
        if (!found)
            return NotFound();
        TempData["Notice"] = "Donor saved.";
        return RedirectToPage("/Donors/Details", new { id });
    }
}
