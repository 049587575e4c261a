using DonorTrack.Core.Payments;
using DonorTrack.Web.Payments;
using DonorTrack.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DonorTrack.Web.Pages.Admin;

public sealed class PaymentsModel(PaymentKeyStore keys, StripeGatewayFactory gateways, DonorTrack.Core.Organizations.OrganizationService organizations) : PageModel
{
    public StoredPaymentSettings? Current { get; private set; }

    public string WebhookPath { get; private set; } = "";

    public StripeKeyCheck? Check { get; private set; }

    [BindProperty]
    public PaymentKeysInput Input { get; set; } = new(null, null, null);

    public void OnGet() => Load();

    public IActionResult OnPostSave()
    {
        if (!ModelState.TryRun(() => keys.Save(User.ToActor(), Input)))
        {
            Load();
            return Page();
        }
        TempData["Notice"] = "Stripe keys saved (secrets are encrypted). Use “Test keys” to check them.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostTestAsync()
    {
        Load();
        var stored = keys.Load(User.ToActor().OrganizationId);
        Check = stored is null ? new StripeKeyCheck(false, null, "No keys are saved yet.") : await gateways.For(stored.SecretKey).TestKeysAsync(HttpContext.RequestAborted);
        return Page();
    }

    public IActionResult OnPostRemove()
    {
        keys.Remove(User.ToActor());
        TempData["Notice"] = "Stripe keys removed: card giving is off, everything else works as before.";
        return RedirectToPage();
    }

    private void Load()
    {
        var actor = User.ToActor();
        Current = keys.Describe(actor.OrganizationId);
        WebhookPath = $"/stripe/webhook/{organizations.Find(actor.OrganizationId)!.Slug}";
    }
}
