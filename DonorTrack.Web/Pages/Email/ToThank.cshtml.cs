using DonorTrack.Core.Email;
using DonorTrack.Web.Email;
using FluentValidation;

namespace DonorTrack.Web.Pages.Email;

public sealed class ToThankModel(AcknowledgmentService acknowledgments, MailSettingsStore mail, OutboxWorker worker) : PageModel
{
    public Paged<GiftToThank> Gifts { get; private set; } = null!;

    public DateOnly Today { get; private set; }

    public bool MailConfigured { get; private set; }

    [BindProperty]
    public List<long> GiftIds { get; set; } = [];

    /// <summary>The language of the emails and letters; none means the organization's (Admin › Mail settings).</summary>
    [BindProperty]
    public string? Language { get; set; }

    private EmailLanguage? ChosenLanguage => DomainWords.TryParse<EmailLanguage>(Language, out var language) ? language : null;

    public void OnGet(int? pageNumber) => Load(pageNumber);

    /// <summary>A post that names no action (no button pressed) changes nothing and shows the list again.</summary>
    public IActionResult OnPostEmail()
    {
        if (!User.ToActor().Can(Role.Entry))
            return Forbid();
        var outcomes = Run(() => acknowledgments.ThankByEmail(User.ToActor(), GiftIds, ChosenLanguage));
        if (outcomes is not null)
        {
            worker.Request();
            TempData["Notice"] = Summary(outcomes, "thank-you email queued", "thank-you emails queued");
        }
        return RedirectToPage();
    }

    public IActionResult OnPostCall() => Mark(AcknowledgmentMethod.Call, "marked thanked by a call");

    public IActionResult OnPostLetter() => Mark(AcknowledgmentMethod.Letter, "marked thanked by letter");

    /// <summary>The letters of the chosen gifts as one PDF to print; the gifts are marked thanked by letter.</summary>
    public IActionResult OnPostLetters()
    {
        if (!User.ToActor().Can(Role.Entry))
            return Forbid();
        try
        {
            var (pdf, _) = acknowledgments.PrintLetters(User.ToActor(), GiftIds, ChosenLanguage);
            return File(pdf, "application/pdf", $"thank-you-letters-{acknowledgments.Today(User.ToActor()):yyyy-MM-dd}.pdf");
        }
        catch (ValidationException invalid)
        {
            TempData["Notice"] = invalid.Messages();
            return RedirectToPage();
        }
    }

    private IActionResult Mark(AcknowledgmentMethod method, string done)
    {
        if (!User.ToActor().Can(Role.Entry))
            return Forbid();
        var outcomes = Run(() => acknowledgments.Mark(User.ToActor(), GiftIds, method));
        if (outcomes is not null)
            TempData["Notice"] = Summary(outcomes, "gift " + done, "gifts " + done);
        return RedirectToPage();
    }

    private IReadOnlyList<ThankOutcome>? Run(Func<IReadOnlyList<ThankOutcome>> action)
    {
        IReadOnlyList<ThankOutcome>? outcomes = null;
        TempData.TryRun(() => outcomes = action());
        return outcomes;
    }

    private static string Summary(IReadOnlyList<ThankOutcome> outcomes, string one, string many)
    {
        var thanked = outcomes.Count(o => o.Thanked);
        var problems = outcomes.Where(o => !o.Thanked).Select(o => $"Gift {o.GiftId}: {o.Reason}");
        return string.Join(" ", new[] { $"{thanked} {(thanked == 1 ? one : many)}." }.Concat(problems));
    }

    private void Load(int? pageNumber)
    {
        var actor = User.ToActor();
        Gifts = acknowledgments.ToThank(actor, new PageRequest(pageNumber, 100));
        Today = acknowledgments.Today(actor);
        MailConfigured = mail.Describe(actor.OrganizationId) is not null;
    }
}
