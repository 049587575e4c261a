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

    public IActionResult OnPostRevoke(long id)
    {
        apiKeys.Revoke(User.ToActor(), id);
        TempData["Notice"] = "Key revoked.";
        return RedirectToPage();
    }
}
