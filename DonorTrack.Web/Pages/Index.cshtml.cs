using DonorTrack.Core.Dashboard;
using DonorTrack.Core.Money;
using DonorTrack.Web.Email;
using DonorTrack.Web.Payments;

namespace DonorTrack.Web.Pages;

/// <summary>The dashboard: this year's figures, quick actions, the twelve-month trend, alerts with links, and the set-up steps until the first gift.</summary>
public sealed class IndexModel(
    OrganizationService organizations, DonorService donors, GiftService gifts, DashboardService dashboard, PaymentKeyStore paymentKeys,
    MailSettingsStore mailSettings, TimeProvider clock) : PageModel
{
    public Organization Organization { get; private set; } = null!;

    public DateOnly FiscalYearStart { get; private set; }

    public GiftList ThisYear { get; private set; } = null!;

    public long DonorCount { get; private set; }

    public GiftList Recent { get; private set; } = null!;

    public Dashboard Dashboard { get; private set; } = null!;

    public string TrendSvg { get; private set; } = "";

    /// <summary>The set-up steps, shown until the organization records its first gift.</summary>
    public IReadOnlyList<SetupStep> Setup { get; private set; } = [];

    public void OnGet()
    {
        var actor = User.ToActor();
        Organization = organizations.Find(actor.OrganizationId)!;
        FiscalYearStart = Organization.FiscalYearStart(Organization.LocalDate(clock.GetUtcNow()));
        ThisYear = gifts.List(actor, new GiftQuery { From = FiscalYearStart, Page = new PageRequest(1, 1) });
        DonorCount = donors.Search(actor, new DonorQuery(null, null, new PageRequest(1, 1))).Total;
        Recent = gifts.List(actor, new GiftQuery { Page = new PageRequest(1, 10) });
        Dashboard = dashboard.Read(actor);
        TrendSvg = Dashboard.TrendSvg(cents => MoneyFormat.Format(cents, Organization.Currency, Organization.CultureInfo));
        if (Recent.Gifts.Total == 0)
            Setup = SetupSteps(actor);
    }

    private List<SetupStep> SetupSteps(Actor actor)
    {
        var steps = new List<SetupStep>();
        if (actor.Can(Role.Admin))
        {
            steps.Add(new("organization", "Your organization's legal name, address and time zone", "/Admin/Organization", Organization.AddressLine1 is not null));
            steps.Add(new("users", "Invite the people who will use DonorTrack", "/Admin/Users", null));
            steps.Add(new("mail", "Mail server for thank-yous and receipts", "/Admin/Mail", mailSettings.Describe(actor.OrganizationId) is not null));
            steps.Add(new("card-payments", "Card giving through Stripe", "/Admin/Payments", paymentKeys.Describe(actor.OrganizationId) is not null));
        }
        if (actor.Can(Role.Treasurer))
        {
            steps.Add(new("receipts", "Receipt signatory, logo and numbering", "/Receipts/Settings", Organization.ReceiptSignatory is not null));
            steps.Add(new("designations", "Funds and campaigns gifts can be designated to", "/Designations", null));
            steps.Add(new("dues", "Dues plans, if you have members", "/Dues/Plans", null));
            steps.Add(new("import", "Import donors and gifts from a spreadsheet", "/Imports", null));
        }
        if (actor.Can(Role.Entry))
        {
            steps.Add(new("donor", "Add a donor", "/Donors/Create", DonorCount > 0));
            steps.Add(new("gift", "Record the first gift", "/Gifts/Create", false));
        }
        return steps;
    }
}

/// <summary>One step of setting up an organization: where to do it and, when it can tell, whether it is done.</summary>
public sealed record SetupStep(string Id, string Text, string Href, bool? Done);
