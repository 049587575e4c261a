namespace DonorTrack.Web.Pages.Admin;

public sealed class OrganizationModel(OrganizationService organizations, EmbedOriginService embedOrigins, PublicPageBrandingService branding) : PageModel
{
    /// <summary>The public page's colours and whether to drop the logo; the logo itself comes as <see cref="LogoFile"/>.</summary>
    [BindProperty]
    public PublicPageLook Look { get; set; } = new();

    [BindProperty]
    public IFormFile? LogoFile { get; set; }

    public PublicPageBranding Branding { get; private set; } = PublicPageBranding.None;

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
        Branding = branding.For(organization.Id);
        Look = new PublicPageLook { AccentColor = Branding.AccentColor, HeaderColor = Branding.HeaderColor };
    }

    public IActionResult OnPostBranding()
    {
        var actor = User.ToActor();
        var input = new PublicPageBrandingInput { Logo = ReadLogo(), RemoveLogo = Look.RemoveLogo, AccentColor = Look.AccentColor, HeaderColor = Look.HeaderColor };
        if (!ModelState.TryRun(() => branding.Save(actor, input), property => property == nameof(PublicPageBrandingInput.Logo) ? nameof(LogoFile) : $"Look.{property}"))
        {
            var organization = organizations.Find(actor.OrganizationId)!;
            (Input, Slug) = (OrganizationInput.From(organization), organization.Slug);
            Embedding = new EmbedOriginsInput { Origins = string.Join('\n', embedOrigins.For(organization.Id)) };
            Branding = branding.For(organization.Id);
            return Page();
        }
        TempData["Notice"] = "The public giving page's look is saved.";
        return RedirectToPage();
    }

    /// <summary>The uploaded logo, read to one byte past the limit so the validator sees an oversized file without buffering all of it.</summary>
    private byte[]? ReadLogo()
    {
        if (LogoFile is not { Length: > 0 } file)
            return null;
        using var stream = file.OpenReadStream();
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while (buffer.Length <= PublicPageBrandingInputValidator.MaxLogoBytes && (read = stream.Read(chunk)) > 0)
            buffer.Write(chunk, 0, read);
        return buffer.ToArray();
    }

    public IActionResult OnPostEmbedding()
    {
        var actor = User.ToActor();
        var organization = organizations.Find(actor.OrganizationId)!;
        if (!ModelState.TryRun(() => embedOrigins.Save(actor, Embedding), "Embedding"))
        {
            (Input, Slug) = (OrganizationInput.From(organization), organization.Slug);
            Branding = branding.For(organization.Id);
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
            Branding = branding.For(actor.OrganizationId);
            return Page();
        }
        TempData["Notice"] = "Settings saved.";
        return RedirectToPage();
    }
}

/// <summary>The public page's look as the form posts it.</summary>
public sealed record PublicPageLook
{
    public string? AccentColor { get; init; }
    public string? HeaderColor { get; init; }
    public bool RemoveLogo { get; init; }
}
