namespace DonorTrack.Web.Pages.Households;

[Authorize(Policy = RolePolicies.Entry)]
public sealed class EditModel(HouseholdService households) : PageModel
{
    [BindProperty]
    public HouseholdForm Input { get; set; } = new();

    public HouseholdDetail Detail { get; private set; } = null!;

    public IActionResult OnGet(long id)
    {
        if (!Load(id))
            return NotFound();
        Input = HouseholdForm.From(Detail.Household);
        return Page();
    }

    public IActionResult OnPost(long id)
    {
        var found = true;
        if (ModelState.TryRun(() => found = households.Update(User.ToActor(), id, Input.ToInput() with { MemberDonorIds = null }), HouseholdForm.FieldOf))
        {
            if (!found)
                return NotFound();
            TempData["Notice"] = "Household saved.";
            return RedirectToPage("/Households/Details", new { id });
        }
        return Load(id) ? Page() : NotFound();
    }

    private bool Load(long id)
    {
        if (households.Find(User.ToActor(), id) is not { } detail)
            return false;
        Detail = detail;
        ViewData["GeneratedAddressee"] = HouseholdNames.FormalAddressee(detail.Members);
        ViewData["GeneratedSalutation"] = HouseholdNames.InformalSalutation(detail.Members);
        return true;
    }
}
