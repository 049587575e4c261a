namespace DonorTrack.Web.Pages.Grants;

[Authorize(Policy = RolePolicies.Treasurer)]
public sealed class EditModel(GrantService grants, DonorService donors) : GrantFormPage(donors)
{
    public long GrantId { get; private set; }

    public override string FormUrl => $"/Grants/Edit/{GrantId}";

    public override string SubmitLabel => "Save grant";

    public IActionResult OnGet(long id, long? funderId, string? funderSearch)
    {
        var actor = User.ToActor();
        GrantId = id;
        if (grants.Find(actor, id) is not { } detail)
            return NotFound();
        Input = GrantForm.From(detail);
        if (funderId is not null || funderSearch is not null)
            (Input.FunderDonorId, Input.ConfirmIndividualFunder) = (funderId, false);
        LoadFunder(actor, funderSearch);
        return Page();
    }

    public IActionResult OnPost(long id)
    {
        var actor = User.ToActor();
        GrantId = id;
        var found = true;
        if (TrySave(input => found = grants.Update(actor, id, input)))
        {
            if (!found)
                return NotFound();
            TempData["Notice"] = "Grant saved.";
            return RedirectToPage("/Grants/Details", new { id });
        }
        LoadFunder(actor, null);
        return Page();
    }
}
