using DonorTrack.Core.Payments;
using DonorTrack.Web.Hosting;
using DonorTrack.Web.Payments;

namespace DonorTrack.Web.Pages.Admin;

public sealed class PaymentsModel(PaymentKeyStore keys, StripeGatewayFactory gateways, DonorTrack.Core.Organizations.OrganizationService organizations, PublicUrls urls) : PageModel
{
    public StoredPaymentSettings? Current { get; private set; }

    /// <summary>Keys are saved but this server can no longer decrypt them (its Data Protection key ring was lost or replaced).</summary>
    public bool MustReEnterKeys { get; private set; }

    /// <summary>The address to give Stripe, built from the configured public base URL.</summary>
    public string WebhookUrl { get; private set; } = "";

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
        if (MustReEnterKeys)
        {
            Check = new StripeKeyCheck(false, null, "The saved keys can no longer be decrypted; re-enter them below.");
            return Page();
        }
        var stored = keys.Load(User.ToActor().OrganizationId);
        Check = stored is null ? new StripeKeyCheck(false, null, "No keys are saved yet.") : await gateways.For(stored.SecretKey).TestKeysAsync(HttpContext.RequestAborted);
        return Page();
    }

    public IActionResult OnPostRemove(bool confirmed)
    {
        if (!confirmed)
            return this.Confirm(new Confirmation("Remove the Stripe keys?",
            [
                "Delete the stored Stripe keys: card giving on the public page stops and Stripe's notices (payments, refunds, renewals) are no longer accepted.",
                "Gifts already recorded stay. To take cards again, enter the keys again from the Stripe dashboard.",
            ], "Remove Stripe keys"));
        keys.Remove(User.ToActor());
        TempData["Notice"] = "Stripe keys removed: card giving is off, everything else works as before.";
        return RedirectToPage();
    }

    private void Load()
    {
        var actor = User.ToActor();
        Current = keys.Describe(actor.OrganizationId);
        MustReEnterKeys = Current is not null && keys.State(actor.OrganizationId) == PaymentKeysState.Unreadable;
        WebhookUrl = urls.For($"/stripe/webhook/{organizations.Find(actor.OrganizationId)!.Slug}");
    }
}
