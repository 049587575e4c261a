namespace DonorTrack.Web.Pages.Admin;

public sealed class ApiKeysModel(ApiKeyService apiKeys) : PageModel
{
    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];

    public string? NewKey { get; private set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public Role Role { get; set; } = Role.Viewer;

    public void OnGet() => Keys = apiKeys.List(User.ToActor());

    public IActionResult OnPostCreate()
    {
        var actor = User.ToActor();
        ModelState.TryRun(() => NewKey = apiKeys.Create(actor, actor.OrganizationId, Name, Role), prefix: "");
        Keys = apiKeys.List(actor);
        return Page();
    }

    public IActionResult OnPostRevoke(long id, bool confirmed)
    {
        if (!confirmed)
            return this.Confirm(new Confirmation("Revoke this API key?",
            [
                "Refuse every request made with this key from now on: whatever uses it (a website form, an import script) stops working at once.",
                "A revoked key cannot be turned back on; create a new key and give it to whatever should keep working.",
            ], "Revoke key"));
        apiKeys.Revoke(User.ToActor(), id);
        TempData["Notice"] = "Key revoked.";
        return RedirectToPage();
    }
}
