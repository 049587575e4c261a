using DonorTrack.Core.SelfService;
using Microsoft.AspNetCore.Mvc.Filters;

namespace DonorTrack.Web.Pages.My;

/// <summary>
/// A page of <c>/my/{organization}</c> that needs a signed-in donor: an unknown organization answers 404, and a visitor
/// without a donor session for this organization (a staff cookie counts for nothing here) is sent to its sign-in page.
/// </summary>
public abstract class DonorPageModel(OrganizationService organizations) : PageModel
{
    public Organization Organization { get; private set; } = null!;

    public DonorSession Session { get; private set; } = null!;

    [NonHandler]
    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var slug = RouteData.Values["organization"] as string ?? "";
        if (organizations.FindBySlug(slug) is not { } organization)
        {
            context.Result = NotFound();
            return;
        }
        Organization = organization;
        if (await DonorSessionCookie.ReadAsync(HttpContext, organization.Id) is not { } session)
        {
            context.Result = Redirect($"/my/{Uri.EscapeDataString(organization.Slug)}/signin");
            return;
        }
        Session = session;
        await next();
    }

    /// <summary>The donor record behind the session is gone (merged or erased since): end the session and start over.</summary>
    protected async Task<IActionResult> SessionEndedAsync()
    {
        await DonorSessionCookie.SignOutAsync(HttpContext);
        return Redirect($"/my/{Uri.EscapeDataString(Organization.Slug)}/signin");
    }
}

/// <summary>A page of <c>/my/{organization}</c> anyone may open (signing in); an unknown organization answers 404.</summary>
public abstract class DonorSignInPageModel(OrganizationService organizations) : PageModel
{
    public Organization Organization { get; private set; } = null!;

    [NonHandler]
    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var slug = RouteData.Values["organization"] as string ?? "";
        if (organizations.FindBySlug(slug) is not { } organization)
        {
            context.Result = NotFound();
            return;
        }
        Organization = organization;
        await next();
    }
}
