using DonorTrack.Core.Merging;

namespace DonorTrack.Web.Pages.Donors;

/// <summary>Picks the duplicate (search), then shows both donors side by side with a choice per differing field, and merges.</summary>
[Authorize(Policy = RolePolicies.Treasurer)]
public sealed class MergeModel(DonorMergeService merges, DonorService donors) : PageModel
{
    [BindProperty]
    public MergeForm Input { get; set; } = new();

    public Donor? Survivor { get; private set; }

    public DonorMergePreview? Preview { get; private set; }

    public string? Q { get; private set; }

    public IReadOnlyList<DonorListItem> Matches { get; private set; } = [];

    public IActionResult OnGet(long survivorId, long? duplicateId, string? q)
    {
        var actor = User.ToActor();
        if (duplicateId is null)
        {
            Survivor = donors.Find(actor, survivorId);
            if (Survivor is null)
                return NotFound();
            Q = q;
            Matches = string.IsNullOrWhiteSpace(q) ? donors.PossibleDuplicates(actor, Survivor.Email, survivorId)
                : donors.Search(actor, new DonorQuery(q, null, new PageRequest(1, 20))).Items.Where(d => d.Id != survivorId).ToList();
            return Page();
        }
        Preview = merges.Preview(actor, survivorId, duplicateId.Value);
        if (Preview is null)
            return NotFound();
        Survivor = Preview.Survivor;
        Input = new MergeForm
        {
            SurvivorId = survivorId, DuplicateId = duplicateId,
            Keep = Preview.Differences.ToDictionary(d => d.Field, d => d.Suggested),
        };
        return Page();
    }

    public IActionResult OnPost()
    {
        var actor = User.ToActor();
        DonorMergeResult? result = null;
        if (ModelState.TryRun(() => result = merges.Merge(actor, new DonorMergeInput
            {
                SurvivorId = Input.SurvivorId, DuplicateId = Input.DuplicateId, Keep = Input.Keep, ConfirmDifferentKinds = Input.ConfirmDifferentKinds,
            })))
        {
            TempData["Notice"] = $"Merged: {PageSupport.Count(result!.Moved.GiftCount, "gift")} and everything else of donor {result.DuplicateId} now belong to this donor.";
            return RedirectToPage("/Donors/Details", new { id = result.SurvivorId });
        }
        Preview = Input.SurvivorId is { } s && Input.DuplicateId is { } d ? merges.Preview(actor, s, d) : null;
        if (Preview is null)
            return NotFound();
        Survivor = Preview.Survivor;
        return Page();
    }

    /// <summary>The merge form as posted: radio buttons post <c>Input.Keep[field]</c>.</summary>
    public sealed class MergeForm
    {
        public long? SurvivorId { get; set; }
        public long? DuplicateId { get; set; }
        public Dictionary<string, string> Keep { get; set; } = [];
        public bool ConfirmDifferentKinds { get; set; }
    }
}
