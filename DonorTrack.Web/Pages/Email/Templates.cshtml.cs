using DonorTrack.Core.Email;
using DonorTrack.Core.Validation;

namespace DonorTrack.Web.Pages.Email;

public sealed class TemplatesModel(EmailTemplateService templates, AcknowledgmentService acknowledgments, DonorService donors) : PageModel
{
    public EmailTemplate Current { get; private set; } = null!;

    public RenderedEmail? Preview { get; private set; }

    [BindProperty]
    public EmailTemplateInput Input { get; set; } = new();

    [BindProperty]
    public long? PreviewDonorId { get; set; }

    /// <summary>The donor whose name and latest gift fill in the preview.</summary>
    public DonorField PreviewDonor { get; private set; } = null!;

    public void OnGet(string? kind, string? language)
    {
        var chosenKind = DomainWords.TryParse<EmailKind>(kind, out var k) ? k : EmailKind.GiftThankYou;
        var chosenLanguage = DomainWords.TryParse<EmailLanguage>(language, out var l) ? l : EmailLanguage.En;
        Current = templates.Current(User.ToActor(), chosenKind, chosenLanguage);
        Input = new EmailTemplateInput { Kind = Current.Kind, Language = Current.Language, Subject = Current.Subject, TextBody = Current.TextBody, HtmlBody = Current.HtmlBody };
        LoadPreviewDonor();
    }

    /// <summary>
    /// A post that names no action saves nothing: the preview donor's Find button shows the text as typed with the donors
    /// found, and any other such post (no button pressed) shows the templates again.
    /// </summary>
    public IActionResult OnPost()
    {
        if (!DonorField.IsFindRequest(Request))
            return RedirectToPage();
        ModelState.Clear();
        Current = templates.Current(User.ToActor(), Input.Kind, Input.Language);
        LoadPreviewDonor();
        return Page();
    }

    public IActionResult OnPostSave()
    {
        if (!User.ToActor().Can(Role.Treasurer))
            return Forbid();
        if (ModelState.TryRun(() => templates.Save(User.ToActor(), Input)))
        {
            TempData["Notice"] = $"{Input.Kind.Title()} ({Input.Language.Title()}) saved.";
            return RedirectToPage(new { kind = Input.Kind.Word(), language = Input.Language.Word() });
        }
        Current = templates.Current(User.ToActor(), Input.Kind, Input.Language);
        LoadPreviewDonor();
        return Page();
    }

    /// <summary>The text as typed (saved or not) filled in for a real donor and their latest gift.</summary>
    public IActionResult OnPostPreview()
    {
        Current = templates.Current(User.ToActor(), Input.Kind, Input.Language);
        if (PreviewDonorId is null)
            ModelState.AddModelError(nameof(PreviewDonorId), "Choose a donor to preview with.");
        else
            ModelState.TryRun(() =>
            {
                new EmailTemplateInputValidator().EnsureValid(Input);
                Preview = acknowledgments.Preview(User.ToActor(), Input, PreviewDonorId.Value);
            }, field => field == "DonorId" ? nameof(PreviewDonorId) : $"Input.{field}");
        LoadPreviewDonor();
        return Page();
    }

    public IActionResult OnPostReset(bool confirmed)
    {
        if (!User.ToActor().Can(Role.Treasurer))
            return Forbid();
        if (!confirmed)
            return this.Confirm(new Confirmation($"Put {Input.Kind.Title()} ({Input.Language.Title()}) back to the shipped text?",
            [
                "Replace this organization's own wording of the template with the text DonorTrack ships; your wording is not kept.",
            ], "Reset to the shipped text"));
        TempData.TryRun(() => templates.Reset(User.ToActor(), Input.Kind, Input.Language), $"{Input.Kind.Title()} ({Input.Language.Title()}) is back to the shipped text.");
        return RedirectToPage(new { kind = Input.Kind.Word(), language = Input.Language.Word() });
    }

    private void LoadPreviewDonor() =>
        PreviewDonor = DonorField.For(Request, donors, User.ToActor(), nameof(PreviewDonorId), "Preview with donor", PreviewDonorId);
}
