using DonorTrack.Core.Donors;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Security;
using DonorTrack.Web.Security;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DonorTrack.Web.Pages.Gifts;

public sealed class DetailsModel(GiftService gifts, DonorService donors, DesignationService designations) : PageModel
{
    public Gift Gift { get; private set; } = null!;

    public Donor Donor { get; private set; } = null!;

    public string? FundName { get; private set; }

    public string? CampaignName { get; private set; }

    [BindProperty]
    public string? VoidReason { get; set; }

    public IActionResult OnGet(long id) => Load(id) ? Page() : NotFound();

    /// <summary>Voiding needs the treasurer role: a data-entry volunteer can record but not void.</summary>
    public IActionResult OnPostVoid(long id)
    {
        var actor = User.ToActor();
        if (!actor.Can(Roles.Treasurer))
            return Forbid();
        try
        {
            if (!gifts.Void(actor, id, new VoidGiftInput(VoidReason)))
                return NotFound();
        }
        catch (ValidationException invalid)
        {
            ModelState.AddValidationErrors(invalid, prefix: "Void");
            return Load(id) ? Page() : NotFound();
        }
        TempData["Notice"] = "Gift voided. It stays on record, struck through, and out of every total.";
        return RedirectToPage(new { id });
    }

    private bool Load(long id)
    {
        var actor = User.ToActor();
        var gift = gifts.Find(actor, id);
        if (gift is null)
            return false;
        Gift = gift;
        Donor = donors.Find(actor, gift.DonorId)!;
        FundName = gift.FundId is { } fund ? designations.Funds(actor).FirstOrDefault(f => f.Id == fund)?.Name : null;
        CampaignName = gift.CampaignId is { } campaign ? designations.Campaigns(actor).FirstOrDefault(c => c.Id == campaign)?.Name : null;
        return true;
    }
}
