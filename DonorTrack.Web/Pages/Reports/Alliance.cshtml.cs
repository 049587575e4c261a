using DonorTrack.Core.Reports;

namespace DonorTrack.Web.Pages.Reports;

public sealed class AllianceModel(DiversificationService reports, OrganizationService organizations) : PageModel
{
    /// <summary>Null when this organization has no current members.</summary>
    public AllianceReport? Report { get; private set; }

    public Func<long, string> Money { get; private set; } = c => PageSupport.Money(c);

    public DateOnly? From { get; private set; }

    public DateOnly? To { get; private set; }

    public void OnGet(DateOnly? from, DateOnly? to)
    {
        var actor = User.ToActor();
        var organization = organizations.Find(actor.OrganizationId)!;
        Money = DiversificationText.MoneyIn(organization.Currency, organization.Culture);
        (From, To) = (from, to);
        if (!ModelState.TryRun(() => Report = reports.Alliance(actor, new ReportPeriodInput(from, to)), prefix: ""))
        {
            (From, To) = (null, null);
            Report = reports.Alliance(actor, new ReportPeriodInput(null, null));
        }
    }
}
