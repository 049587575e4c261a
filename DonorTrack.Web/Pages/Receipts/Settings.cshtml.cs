using DonorTrack.Core.Receipts;

namespace DonorTrack.Web.Pages.Receipts;

/// <summary>Receipt settings for treasurers and admins: numbering, signatory, logo, year-end exclusion and benefit limits.</summary>
[Authorize(Policy = RolePolicies.Treasurer)]
public sealed class SettingsModel(ReceiptSettingsService receiptSettings, OrganizationService organizations) : PageModel
{
    [BindProperty]
    public ReceiptSettingsForm Input { get; set; } = new();

    [BindProperty]
    public IFormFile? LogoFile { get; set; }

    [BindProperty]
    public Dollars? LowCostArticle { get; set; }

    [BindProperty]
    public Dollars? MinimumPayment { get; set; }

    [BindProperty]
    public Dollars? BenefitCap { get; set; }

    public bool HasLogo { get; private set; }

    public IReadOnlyList<InsubstantialBenefitLimits> PublishedLimits { get; } = [InsubstantialBenefitLimits.PublishedFor(2024), InsubstantialBenefitLimits.PublishedFor(2025)];

    public void OnGet()
    {
        var actor = User.ToActor();
        var settings = receiptSettings.Settings(actor);
        HasLogo = settings.LogoPng is { Length: > 0 };
        Input = new ReceiptSettingsForm
        {
            NumberingYear = settings.NumberingYear, ExcludeReceiptedFromAnnual = settings.ExcludeReceiptedFromAnnual, AnnualStatements = settings.AnnualStatements,
            SignatoryTitle = settings.SignatoryTitle, SignatoryName = organizations.Find(actor.OrganizationId)!.ReceiptSignatory,
        };
    }

    public IActionResult OnPost()
    {
        var actor = User.ToActor();
        HasLogo = receiptSettings.Settings(actor).LogoPng is { Length: > 0 };
        var form = Input with
        {
            Logo = ReadLogo(), LowCostArticleCents = LowCostArticle?.Cents, MinimumPaymentCents = MinimumPayment?.Cents, BenefitCapCents = BenefitCap?.Cents,
        };
        if (!ModelState.TryRun(() => receiptSettings.SaveSettingsForm(actor, form), FormField))
            return Page();

        TempData["Notice"] = "Receipt settings saved.";
        return RedirectToPage();
    }

    /// <summary>Maps the form record's field names to the page's: the three limits are typed in dollars.</summary>
    private static string FormField(string property) => property switch
    {
        nameof(ReceiptSettingsForm.LowCostArticleCents) => nameof(LowCostArticle),
        nameof(ReceiptSettingsForm.MinimumPaymentCents) => nameof(MinimumPayment),
        nameof(ReceiptSettingsForm.BenefitCapCents) => nameof(BenefitCap),
        _ => "Input." + property,
    };

    private byte[]? ReadLogo()
    {
        if (LogoFile is not { Length: > 0 } file)
            return null;
        // Read one byte past the limit so the validator sees an oversized file without buffering all of it.
        using var stream = file.OpenReadStream();
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while (buffer.Length <= ReceiptSettingsFormValidator.MaxLogoBytes && (read = stream.Read(chunk)) > 0)
            buffer.Write(chunk, 0, read);
        return buffer.ToArray();
    }
}
