namespace DonorTrack.Web.Pages.Admin;

public sealed class OrganizationModel(OrganizationService organizations, EmbedOriginService embedOrigins) : PageModel
{
    [BindProperty]
    public OrganizationInput Input { get; set; } = new();

    public string Slug { get; private set; } = "";

    [BindProperty]
    public EmbedOriginsInput Embedding { get; set; } = new();

    public void OnGet()
    {
        var organization = organizations.Find(User.ToActor().OrganizationId)!;
        (Input, Slug) = (OrganizationInput.From(organization), organization.Slug);
        Embedding = new EmbedOriginsInput { Origins = string.Join('\n', embedOrigins.For(organization.Id)) };
    }

    public IActionResult OnPostEmbedding()
    {
        var actor = User.ToActor();
        var organization = organizations.Find(actor.OrganizationId)!;
        if (!ModelState.TryRun(() => embedOrigins.Save(actor, Embedding), "Embedding"))
        {
            (Input, Slug) = (OrganizationInput.From(organization), organization.Slug);
            return Page();
        }
        TempData["Notice"] = "Embedding settings saved.";
        return RedirectToPage();
    }

    public IActionResult OnPost()
    {
        var actor = User.ToActor();
        Slug = organizations.Find(actor.OrganizationId)!.Slug;
        if (!ModelState.TryRun(() => organizations.Update(actor, Input)))
        {
            Embedding = new EmbedOriginsInput { Origins = string.Join('\n', embedOrigins.For(actor.OrganizationId)) };
            return Page();
        }
        TempData["Notice"] = "Settings saved.";
        return RedirectToPage();
    }
}
