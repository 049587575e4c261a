namespace DonorTrack.Web.Pages.Grants;

[Authorize(Policy = RolePolicies.Treasurer)]
public sealed class CreateModel(GrantService grants, DonorService donors) : GrantFormPage(donors)
{
    public override string FormUrl => "/Grants/Create";

    public override string SubmitLabel => "Record grant";

    public void OnGet(long? funderId, string? funderSearch)
    {
        Input.FunderDonorId = funderId;
        LoadFunder(User.ToActor(), funderSearch);
    }

    public IActionResult OnPost()
    {
        var actor = User.ToActor();
        long id = 0;
        if (TrySave(input => id = grants.Create(actor, input)))
        {
            TempData["Notice"] = "Grant recorded.";
            return RedirectToPage("/Grants/Details", new { id });
        }
        LoadFunder(actor, null);
        return Page();
    }
}
