namespace DonorTrack.Web.Pages.Grants;

/// <summary>What the grant create and edit pages share: the form, the funder picked by name, and saving with field-level messages.</summary>
public abstract class GrantFormPage(DonorService donors) : PageModel
{
    [BindProperty]
    public GrantForm Input { get; set; } = new();

    public Donor? Funder { get; protected set; }

    public string? FunderSearch { get; protected set; }

    /// <summary>Organization donors whose name matches the search: the usual funders.</summary>
    public IReadOnlyList<DonorListItem> OrganizationMatches { get; private set; } = [];

    /// <summary>Individuals whose name matches: offered too, but saving needs the confirmation box ticked.</summary>
    public IReadOnlyList<DonorListItem> IndividualMatches { get; private set; } = [];

    /// <summary>The page's own address, for the funder search and the "choose another funder" link.</summary>
    public abstract string FormUrl { get; }

    public abstract string SubmitLabel { get; }

    protected void LoadFunder(Actor actor, string? funderSearch)
    {
        Funder = Input.FunderDonorId is { } id ? donors.Find(actor, id) : null;
        FunderSearch = funderSearch;
        if (Funder is null && !string.IsNullOrWhiteSpace(funderSearch))
        {
            var matches = donors.Search(actor, new DonorQuery(funderSearch, null, new PageRequest(1, 50))).Items;
            OrganizationMatches = [.. matches.Where(d => d.Kind == DonorKind.Organization)];
            IndividualMatches = [.. matches.Where(d => d.Kind != DonorKind.Organization)];
        }
        Input.PadRows();
    }

    /// <summary>Runs the save; on refusal the messages sit next to their fields and the form shows again.</summary>
    protected bool TrySave(Action<GrantInput> save)
    {
        if (Input.FunderDonorId is null)
            ModelState.AddModelError("Input.FunderDonorId", "Choose the funder.");
        if (Input.Amount is null && ModelState["Input.Amount"]?.Errors.Count is null or 0)
            ModelState.AddModelError("Input.Amount", "Enter the amount awarded.");
        if (!ModelState.IsValid)
            return false;
        var input = Input.ToInput();
        return ModelState.TryRun(() => save(input), property => $"Input.{Input.FieldOf(property)}");
    }
}
