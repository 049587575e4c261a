using DonorTrack.Core.Organizations;
using DonorTrack.Web.Security;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DonorTrack.Web.Pages.Admin;

public sealed class AllianceModel(OrganizationService organizations, TimeProvider clock) : PageModel
{
    public IReadOnlyList<AllianceMember> Members { get; private set; } = [];

    public IReadOnlyList<Organization> Candidates { get; private set; } = [];

    [BindProperty]
    public AllianceMemberInput Input { get; set; } = new(null, "member", null);

    public void OnGet()
    {
        var organization = organizations.Find(User.ToActor().OrganizationId)!;
        Input = Input with { JoinedOn = organization.LocalDate(clock.GetUtcNow()) };
        Load();
    }

    public IActionResult OnPostAdd()
    {
        if (!ModelState.TryRun(() => organizations.AddMember(User.ToActor(), Input)))
        {
            Load();
            return Page();
        }
        TempData["Notice"] = "Member organization linked.";
        return RedirectToPage();
    }

    public IActionResult OnPostEnd(long id, DateOnly? leftOn)
    {
        var actor = User.ToActor();
        try
        {
            organizations.EndMember(actor, id, leftOn ?? organizations.Find(actor.OrganizationId)!.LocalDate(clock.GetUtcNow()));
            TempData["Notice"] = "Membership ended; its history stays.";
        }
        catch (ValidationException invalid)
        {
            TempData["Notice"] = invalid.Messages();
        }
        return RedirectToPage();
    }

    private void Load()
    {
        var actor = User.ToActor();
        Members = organizations.Members(actor.OrganizationId);
        Candidates = organizations.LinkCandidates(actor.OrganizationId);
    }
}
