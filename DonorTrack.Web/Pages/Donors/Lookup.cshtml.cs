namespace DonorTrack.Web.Pages.Donors;

/// <summary>The donor picker's search-as-you-type list: the signed-in organization's donors matching a name, email or postal code, as JSON.</summary>
[Authorize(Policy = RolePolicies.Viewer)]
public sealed class LookupModel(DonorService donors) : PageModel
{
    public const int RowsShown = 10;

    /// <param name="q">A name, email or postal code, or the start of one.</param>
    /// <param name="except">A donor not to offer: the merge page's own donor.</param>
    public JsonResult OnGet(string? q, long? except) =>
        new(string.IsNullOrWhiteSpace(q) ? []
            : donors.Search(User.ToActor(), new DonorQuery(q.Trim(), null, new PageRequest(1, RowsShown + 1))).Items
                .Where(d => d.Id != except).Take(RowsShown)
                .Select(d => new DonorLookupRow(d.Id, d.DisplayName, d.Email, d.PostalCode)));

    /// <summary>One row of the list: what tells two donors of the same name apart, and nothing more.</summary>
    public sealed record DonorLookupRow(long Id, string Name, string? Email, string? PostalCode);
}
