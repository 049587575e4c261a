namespace DonorTrack.Web.Pages.Donors;

public sealed class IndexModel(DonorService donors) : PageModel
{
    public string? Q { get; private set; }

    public string? Sort { get; private set; }

    public string? Tag { get; private set; }

    public IReadOnlyList<string> Tags { get; private set; } = [];

    public Paged<DonorListItem> Results { get; private set; } = null!;

    public void OnGet(string? q, string? sort, string? tag, int? p)
    {
        (Q, Sort, Tag) = (q, sort, tag);
        var actor = User.ToActor();
        Results = donors.Search(actor, new DonorQuery(q, sort, new PageRequest(p, 50), tag));
        Tags = donors.AllTags(actor);
    }
}
