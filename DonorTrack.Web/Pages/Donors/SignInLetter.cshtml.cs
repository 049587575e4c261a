using DonorTrack.Core.SelfService;

namespace DonorTrack.Web.Pages.Donors;

/// <summary>Prints a letter with a one-time sign-in code for the donor page, for a donor who has no email address.</summary>
[Authorize(Policy = RolePolicies.Entry)]
public sealed class SignInLetterModel(DonorService donors, DonorSignInCodeService codes) : PageModel
{
    public Donor Donor { get; private set; } = null!;

    public IActionResult OnGet(long id) => Shown(id);

    public IActionResult OnPost(long id)
    {
        SignInLetter? letter = null;
        if (!ModelState.TryRun(() => letter = codes.PrintLetter(User.ToActor(), id), field => field))
            return Shown(id);
        return letter is null ? NotFound() : File(letter.Pdf, "application/pdf", letter.FileName);
    }

    private IActionResult Shown(long id)
    {
        if (donors.Find(User.ToActor(), id) is not { } donor)
            return NotFound();
        Donor = donor;
        return Page();
    }
}
