using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DonorTrack.Tests.Security;

/// <summary>
/// Who may use each endpoint: the least role of a signed-in person (pages), the least role of an API key, or nobody
/// needed. docs/security.md § Access matrix shows the same table; <c>AccessMatrixTests</c> holds both to the app.
/// </summary>
public static class AccessMatrix
{
    public const string Anonymous = "anonymous";

    /// <summary>Anyone may call it; the request itself must carry a valid Stripe signature to have any effect.</summary>
    public const string StripeSignature = "stripe-signature";

    public const string KeyPrefix = "key:";

    /// <summary>Only a donor signed in to the donor page of that organization (its own cookie); staff roles grant nothing.</summary>
    public const string DonorSession = "donor-session";

    // One line per endpoint: METHOD, route pattern as the app declares it (a page handler as ?handler=Name), least access.
    // Access is anonymous, a role (viewer < entry < treasurer < admin) of a signed-in member of the organization,
    // key:<role> for an API key with at least that role, stripe-signature, or donor-session (the donor page's own sign-in). A new page or route is one new line here
    // and the same line in docs/security.md; AccessMatrixTests names every endpoint that has none.
    private const string Table = """
        GET   /                                                  viewer
        GET   /Account/Denied                                    anonymous
        GET   /Account/Invitation                                anonymous
        POST  /Account/Invitation?handler=Accept                 viewer
        POST  /Account/Invitation?handler=Create                 anonymous
        GET   /Account/Password                                  viewer
        POST  /Account/Password                                  viewer
        GET   /Account/SignIn                                    anonymous
        POST  /Account/SignIn                                    anonymous
        GET   /Account/SignOut                                   viewer
        POST  /Account/SignOut                                   viewer
        GET   /Account/Switch                                    viewer
        POST  /Account/Switch                                    viewer
        GET   /Admin                                             admin
        GET   /Admin/Alliance                                    admin
        POST  /Admin/Alliance?handler=Accept                     admin
        POST  /Admin/Alliance?handler=AcceptMatching             admin
        POST  /Admin/Alliance?handler=Add                        admin
        POST  /Admin/Alliance?handler=Decline                    admin
        POST  /Admin/Alliance?handler=DeclineMatching            admin
        POST  /Admin/Alliance?handler=End                        admin
        POST  /Admin/Alliance?handler=Join                       admin
        POST  /Admin/Alliance?handler=Leave                      admin
        POST  /Admin/Alliance?handler=Withdraw                   admin
        GET   /Admin/ApiKeys                                     admin
        POST  /Admin/ApiKeys?handler=Create                      admin
        POST  /Admin/ApiKeys?handler=Revoke                      admin
        GET   /Admin/Audit                                       admin
        GET   /Admin/Backups                                     admin
        POST  /Admin/Backups?handler=Download                    admin
        GET   /Admin/Backups?handler=File                        admin
        GET   /Admin/Mail                                        admin
        POST  /Admin/Mail?handler=Remove                         admin
        POST  /Admin/Mail?handler=Save                           admin
        POST  /Admin/Mail?handler=Test                           admin
        GET   /Admin/Organization                                admin
        POST  /Admin/Organization                                admin
        POST  /Admin/Organization?handler=Branding               admin
        POST  /Admin/Organization?handler=Embedding              admin
        GET   /Admin/Payments                                    admin
        POST  /Admin/Payments?handler=Remove                     admin
        POST  /Admin/Payments?handler=Save                       admin
        POST  /Admin/Payments?handler=Test                       admin
        GET   /Admin/Users                                       admin
        POST  /Admin/Users?handler=Add                           admin
        POST  /Admin/Users?handler=Remove                        admin
        POST  /Admin/Users?handler=Revoke                        admin
        POST  /Admin/Users?handler=Role                          admin
        GET   /Designations                                      treasurer
        POST  /Designations?handler=Campaign                     treasurer
        POST  /Designations?handler=Fund                         treasurer
        POST  /Designations?handler=ToggleCampaign               treasurer
        POST  /Designations?handler=ToggleFund                   treasurer
        GET   /Donors                                            viewer
        GET   /Donors/Create                                     entry
        POST  /Donors/Create                                     entry
        GET   /Donors/Details/{id:long}                          viewer
        GET   /Donors/Duplicates                                 treasurer
        POST  /Donors/Duplicates?handler=NotDuplicate            treasurer
        GET   /Donors/Edit/{id:long}                             entry
        POST  /Donors/Edit/{id:long}                             entry
        GET   /Donors/Erase/{id:long}                            admin
        POST  /Donors/Erase/{id:long}                            admin
        GET   /Donors/Export/{id:long}                           treasurer
        GET   /Donors/Lookup                                     viewer
        GET   /Donors/Merge                                      treasurer
        POST  /Donors/Merge                                      treasurer
        GET   /Donors/SelfServiceChanges                         entry
        POST  /Donors/SelfServiceChanges?handler=Reviewed        entry
        GET   /Donors/SignInLetter/{id:long}                     entry
        POST  /Donors/SignInLetter/{id:long}                     entry
        GET   /Dues                                              treasurer
        GET   /Dues/Alliance                                     treasurer
        POST  /Dues/Alliance                                     treasurer
        GET   /Dues/Enrol                                        treasurer
        POST  /Dues/Enrol                                        treasurer
        GET   /Dues/Membership/{id:long}                         treasurer
        POST  /Dues/Membership/{id:long}?handler=Cancel          treasurer
        POST  /Dues/Membership/{id:long}?handler=ChangePlan      treasurer
        POST  /Dues/Membership/{id:long}?handler=Payment         treasurer
        POST  /Dues/Membership/{id:long}?handler=Reinstate       treasurer
        POST  /Dues/Membership/{id:long}?handler=StopCardRenewal treasurer
        GET   /Dues/Memberships                                  treasurer
        GET   /Dues/Memberships?handler=Csv                      treasurer
        GET   /Dues/Plans                                        treasurer
        POST  /Dues/Plans                                        treasurer
        POST  /Dues/Plans?handler=Retire                         treasurer
        GET   /Dues/Recurring                                    treasurer
        POST  /Dues/Recurring                                    treasurer
        POST  /Dues/Recurring?handler=CancelCard                 treasurer
        POST  /Dues/Recurring?handler=Change                     treasurer
        POST  /Dues/Recurring?handler=Payment                    treasurer
        GET   /Dues?handler=Csv                                  treasurer
        GET   /Email/Notices                                     treasurer
        POST  /Email/Notices?handler=DueSoon                     treasurer
        POST  /Email/Notices?handler=Lapsed                      treasurer
        POST  /Email/Notices?handler=Matching                    treasurer
        GET   /Email/Outbox                                      viewer
        POST  /Email/Outbox?handler=Retry                        treasurer
        GET   /Email/Statements                                  treasurer
        POST  /Email/Statements                                  treasurer
        GET   /Email/Templates                                   viewer
        POST  /Email/Templates                                   viewer
        POST  /Email/Templates?handler=Preview                   viewer
        POST  /Email/Templates?handler=Reset                     treasurer
        POST  /Email/Templates?handler=Save                      treasurer
        GET   /Email/ToThank                                     viewer
        POST  /Email/ToThank?handler=Call                        entry
        POST  /Email/ToThank?handler=Email                       entry
        POST  /Email/ToThank?handler=Letter                      entry
        POST  /Email/ToThank?handler=Letters                     entry
        GET   /Error                                             anonymous
        POST  /Error                                             anonymous
        GET   /Gifts                                             viewer
        GET   /Gifts/Create                                      entry
        POST  /Gifts/Create                                      entry
        GET   /Gifts/Details/{id:long}                           viewer
        POST  /Gifts/Details/{id:long}?handler=EmailReceipt      entry
        POST  /Gifts/Details/{id:long}?handler=EmailThanks       entry
        POST  /Gifts/Details/{id:long}?handler=Refund            treasurer
        POST  /Gifts/Details/{id:long}?handler=Void              treasurer
        GET   /Gifts/Edit/{id:long}                              treasurer
        POST  /Gifts/Edit/{id:long}                              treasurer
        GET   /Grants                                            viewer
        GET   /Grants/Create                                     treasurer
        POST  /Grants/Create                                     treasurer
        GET   /Grants/Details/{id:long}                          viewer
        POST  /Grants/Details/{id:long}?handler=Deadline         entry
        GET   /Grants/Edit/{id:long}                             treasurer
        POST  /Grants/Edit/{id:long}                             treasurer
        GET   /Grants/Pledges                                    viewer
        GET   /Grants/Pledges/Create                             entry
        POST  /Grants/Pledges/Create                             entry
        GET   /Grants/Pledges/Details/{id:long}                  viewer
        POST  /Grants/Pledges/Details/{id:long}?handler=WriteOff treasurer
        GET   /Grants/Receivables                                viewer
        GET   /Grants/Receivables?handler=Csv                    viewer
        GET   /Grants?handler=Csv                                viewer
        GET   /Households                                        viewer
        GET   /Households/AddMember/{id:long}                    entry
        POST  /Households/AddMember/{id:long}                    entry
        GET   /Households/Create                                 entry
        POST  /Households/Create                                 entry
        GET   /Households/Details/{id:long}                      viewer
        POST  /Households/Details/{id:long}?handler=Primary      entry
        POST  /Households/Details/{id:long}?handler=Remove       entry
        POST  /Households/Details/{id:long}?handler=Statement    treasurer
        GET   /Households/Edit/{id:long}                         entry
        POST  /Households/Edit/{id:long}                         entry
        GET   /Imports                                           treasurer
        POST  /Imports?handler=Commit                            treasurer
        POST  /Imports?handler=CreateMissing                     treasurer
        POST  /Imports?handler=Discard                           treasurer
        POST  /Imports?handler=Preview                           treasurer
        GET   /Imports?handler=Template                          treasurer
        GET   /Matching                                          viewer
        GET   /Matching/Claim/{id:long}                          viewer
        POST  /Matching/Claim/{id:long}                          treasurer
        GET   /Matching/Claim/{id:long}?handler=Csv              viewer
        GET   /Matching/Claim/{id:long}?handler=Pdf              viewer
        GET   /Matching/Details/{id:long}                        viewer
        GET   /Matching/Edit                                     treasurer
        POST  /Matching/Edit                                     treasurer
        GET   /Payments                                          treasurer
        GET   /Receipts                                          viewer
        GET   /Receipts/Batch                                    treasurer
        POST  /Receipts/Batch                                    treasurer
        GET   /Receipts/Batch?handler=Download                   treasurer
        GET   /Receipts/Download/{id:long}                       viewer
        GET   /Receipts/Gift/{id:long}                           viewer
        POST  /Receipts/Gift/{id:long}                           entry
        GET   /Receipts/Settings                                 treasurer
        POST  /Receipts/Settings                                 treasurer
        POST  /Receipts?handler=Void                             treasurer
        GET   /Reports/Alliance                                  viewer
        GET   /Reports/Bookkeeping                               treasurer
        GET   /Reports/Bookkeeping?handler=Download              treasurer
        GET   /Reports/Diversification                           viewer
        GET   /Reports/Diversification?handler=Csv               viewer
        GET   /Reports/Diversification?handler=Pdf               viewer
        GET   /Setup                                             anonymous
        POST  /Setup                                             anonymous
        GET   /api/v1/donors                                     key:viewer
        POST  /api/v1/donors                                     key:entry
        GET   /api/v1/donors/{id:long}                           key:viewer
        PUT   /api/v1/donors/{id:long}                           key:entry
        POST  /api/v1/donors/{id:long}/erase                     key:admin
        GET   /api/v1/donors/{id:long}/export                    key:treasurer
        POST  /api/v1/donors/{id:long}/merge                     key:treasurer
        GET   /api/v1/exports/donors                             key:treasurer
        GET   /api/v1/exports/gifts                              key:treasurer
        GET   /api/v1/gifts                                      key:viewer
        POST  /api/v1/gifts                                      key:entry
        GET   /api/v1/gifts/{id:long}                            key:viewer
        PATCH /api/v1/gifts/{id:long}                            key:treasurer
        GET   /api/v1/gifts/{id:long}/receipt                    key:entry
        POST  /api/v1/gifts/{id:long}/void                       key:treasurer
        GET   /api/v1/grants                                     key:viewer
        POST  /api/v1/grants                                     key:treasurer
        GET   /api/v1/grants/{id:long}                           key:viewer
        PUT   /api/v1/grants/{id:long}                           key:treasurer
        GET   /api/v1/households                                 key:viewer
        POST  /api/v1/households                                 key:entry
        GET   /api/v1/households/{id:long}                       key:viewer
        POST  /api/v1/imports/donors                             key:treasurer
        POST  /api/v1/imports/gifts                              key:treasurer
        GET   /api/v1/imports/mappings                           key:treasurer
        PUT   /api/v1/imports/mappings/{name}                    key:treasurer
        POST  /api/v1/matching-campaigns                         key:treasurer
        GET   /api/v1/matching-campaigns/{id:long}               key:viewer
        GET   /api/v1/membership-plans                           key:viewer
        POST  /api/v1/membership-plans                           key:treasurer
        GET   /api/v1/memberships                                key:viewer
        POST  /api/v1/memberships                                key:entry
        GET   /api/v1/memberships/{id:long}                      key:viewer
        POST  /api/v1/memberships/{id:long}/cancel               key:treasurer
        GET   /api/v1/pledges                                    key:viewer
        POST  /api/v1/pledges                                    key:treasurer
        GET   /api/v1/pledges/{id:long}                          key:viewer
        POST  /api/v1/pledges/{id:long}/write-off                key:treasurer
        POST  /api/v1/receipts/annual                            key:treasurer
        GET   /api/v1/receivables                                key:viewer
        GET   /api/v1/recurring-donations                        key:viewer
        POST  /api/v1/recurring-donations                        key:entry
        GET   /api/v1/reports/bookkeeping                        key:treasurer
        GET   /api/v1/reports/diversification                    key:viewer
        GET   /api/v1/reports/funding-cliff                      key:viewer
        GET   /give/{orgSlug}                                    anonymous
        POST  /give/{orgSlug}                                    anonymous
        GET   /give/{orgSlug}/logo                               anonymous
        GET   /give/{orgSlug}/thanks                             anonymous
        GET   /my/{organization}                                 donor-session
        GET   /my/{organization}/code                            anonymous
        POST  /my/{organization}/code                            anonymous
        GET   /my/{organization}/details                         donor-session
        POST  /my/{organization}/details                         donor-session
        GET   /my/{organization}/link                            anonymous
        POST  /my/{organization}/link                            anonymous
        GET   /my/{organization}/receipts/{id:long}              donor-session
        GET   /my/{organization}/signin                          anonymous
        POST  /my/{organization}/signin                          anonymous
        POST  /my/{organization}/signout                         anonymous
        POST  /my/{organization}?handler=Amount                  donor-session
        POST  /my/{organization}?handler=Cancel                  donor-session
        POST  /my/{organization}?handler=CancelMembership        donor-session
        POST  /my/{organization}?handler=Card                    donor-session
        POST  /my/{organization}?handler=Pause                   donor-session
        POST  /my/{organization}?handler=Resume                  donor-session
        GET   /openapi/{documentName}.json                       anonymous
        POST  /stripe/webhook/{orgSlug}                          stripe-signature
        """;

    public static IReadOnlyList<AccessRow> Rows { get; } = Parse(Table);

    public static IReadOnlyList<AccessRow> Parse(string lines) =>
        lines.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(parts => new AccessRow(new EndpointKey(parts[0], parts[1]), parts[2]))
            .ToList();

    /// <summary>
    /// Every endpoint the app serves, read from its own <see cref="EndpointDataSource"/>: each Razor page handler (a page
    /// without handlers answers GET), each API and webhook route with each of its HTTP methods.
    /// </summary>
    public static async Task<IReadOnlyList<EndpointKey>> EndpointsOf(IServiceProvider services)
    {
        var endpoints = services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var loader = services.GetRequiredService<PageLoader>();
        var keys = new List<EndpointKey>();
        foreach (var page in endpoints.Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
                     .GroupBy(e => e.Metadata.GetMetadata<PageActionDescriptor>()!.ViewEnginePath))
        {
            // An Index page is routed as both /Donors/Index and /Donors; the matrix names the shorter.
            var endpoint = page.OrderBy(e => e.RoutePattern.RawText!.Length).First();
            var route = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var compiled = await loader.LoadAsync(endpoint.Metadata.GetMetadata<PageActionDescriptor>()!, endpoint.Metadata);
            if (compiled.HandlerMethods.Count == 0)
                keys.Add(new EndpointKey("GET", route));
            foreach (var handler in compiled.HandlerMethods)
                keys.Add(new EndpointKey(handler.HttpMethod.ToUpperInvariant(), handler.Name is null ? route : $"{route}?handler={handler.Name}"));
        }

        foreach (var endpoint in endpoints.Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is null))
        {
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get];
            keys.AddRange(methods.Select(method => new EndpointKey(method, "/" + endpoint.RoutePattern.RawText!.TrimStart('/'))));
        }

        return keys.Distinct().OrderBy(k => k.Route, StringComparer.Ordinal).ThenBy(k => k.Method, StringComparer.Ordinal).ToList();
    }
}

/// <summary>An HTTP method and a route pattern, a page handler written as <c>?handler=Name</c>.</summary>
public sealed record EndpointKey(string Method, string Route)
{
    public override string ToString() => $"{Method} {Route}";

    public string Path => Route.Split('?')[0];

    public string? Handler => Route.Contains("?handler=", StringComparison.Ordinal) ? Route.Split("?handler=")[1] : null;

    public bool IsApi => Route.StartsWith("/api/", StringComparison.Ordinal);
}

public sealed record AccessRow(EndpointKey Endpoint, string Access)
{
    public bool IsForApiKeys => Access.StartsWith(AccessMatrix.KeyPrefix, StringComparison.Ordinal);

    /// <summary>The role named by the row (for a key row, the key's role), or null when nobody need be signed in.</summary>
    public string? LeastRole => Access switch
    {
        AccessMatrix.Anonymous or AccessMatrix.StripeSignature or AccessMatrix.DonorSession => null,
        _ when IsForApiKeys => Access[AccessMatrix.KeyPrefix.Length..],
        _ => Access,
    };
}
