using DonorTrack.Core.Email;
using DonorTrack.Web.Email;

namespace DonorTrack.Web.Pages.Admin;

public sealed class MailModel(MailSettingsStore settings) : PageModel
{
    public StoredMailSettings? Current { get; private set; }

    public bool PasswordUnreadable { get; private set; }

    public MailTestResult? Test { get; private set; }

    [BindProperty]
    public MailSettingsInput Input { get; set; } = new();

    [BindProperty]
    public string? TestRecipient { get; set; }

    public void OnGet()
    {
        Load();
        if (Current is { } saved)
        {
            Input = new MailSettingsInput
            {
                SmtpHost = saved.SmtpHost, SmtpPort = (int)saved.SmtpPort, Security = saved.Security, UserName = saved.UserName, FromName = saved.FromName,
                FromAddress = saved.FromAddress, ReplyTo = saved.ReplyTo, Language = saved.Language,
            };
        }
    }

    public IActionResult OnPostSave()
    {
        if (!ModelState.TryRun(() => settings.Save(User.ToActor(), Input)))
        {
            Load();
            return Page();
        }
        TempData["Notice"] = "Mail settings saved (the password is encrypted). Use “Send a test message” to check them.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostTestAsync()
    {
        Test = await settings.SendTestAsync(User.ToActor(), TestRecipient, HttpContext.RequestAborted);
        OnGet();
        return Page();
    }

    public IActionResult OnPostRemove(bool confirmed)
    {
        if (!confirmed)
            return this.Confirm(new Confirmation("Remove the mail settings?",
            [
                "Delete the stored mail server settings and password: nothing new is queued for email, and messages already queued wait.",
                "To send again, enter the settings (and the password) again.",
            ], "Remove mail settings"));
        settings.Remove(User.ToActor());
        TempData["Notice"] = "Mail settings removed: nothing new is queued for email, and queued messages wait until settings are entered again.";
        return RedirectToPage();
    }

    private void Load()
    {
        var organizationId = User.ToActor().OrganizationId;
        Current = settings.Describe(organizationId);
        PasswordUnreadable = settings.PasswordUnreadable(organizationId);
    }
}
