namespace DonorTrack.Web.Pages.Households;

[Authorize(Policy = RolePolicies.Entry)]
public sealed class CreateModel(HouseholdService households, DonorService donors) : PageModel
{
    [BindProperty]
    public HouseholdForm Input { get; set; } = new();

    /// <summary>The donor the household starts with, when started from a donor's page.</summary>
    public Donor? FirstMember { get; private set; }

    public void OnGet(long? donorId)
    {
        Input.DonorId = donorId;
        Load();
    }

    public IActionResult OnPost()
    {
        long id = 0;
        if (ModelState.TryRun(() => id = households.Create(User.ToActor(), Input.ToInput()), HouseholdForm.FieldOf))
        {
            TempData["Notice"] = "Household created.";
            return RedirectToPage("/Households/Details", new { id });
        }
        Load();
        return Page();
    }

    private void Load() => FirstMember = Input.DonorId is { } id ? donors.Find(User.ToActor(), id) : null;
}
