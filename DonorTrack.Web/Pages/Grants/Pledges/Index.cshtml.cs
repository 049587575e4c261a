using DonorTrack.Core.Data;
using DonorTrack.Core.Grants;
using DonorTrack.Core.Security;
using DonorTrack.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DonorTrack.Web.Pages.Grants.Pledges;

[Authorize(Policy = RolePolicies.Viewer)]
public sealed class IndexModel(PledgeService pledges) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public bool OpenOnly { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int? PageNumber { get; set; }

    public Paged<PledgeListItem> Pledges { get; private set; } = null!;

    public void OnGet() =>
        Pledges = pledges.List(User.ToActor(), new PledgeQuery { OpenOnly = OpenOnly, Page = new PageRequest(PageNumber) });
}
