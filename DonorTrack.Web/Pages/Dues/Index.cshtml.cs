using DonorTrack.Core.Dues;

namespace DonorTrack.Web.Pages.Dues;

/// <summary>The treasurer's dues page: due in the next 30 days, in grace, lapsed lately, arrears and monthly recurring revenue; CSV of each list.</summary>
[Authorize(Policy = RolePolicies.Treasurer)]
public sealed class IndexModel(MembershipService memberships, RecurringDonationService recurring, AllianceDuesService alliance, DonorTrack.Core.Payments.CardRecovery cardRecovery, TimeProvider clock) : PageModel
{
    public DuesOverview Overview { get; private set; } = null!;

    /// <summary>Declined card installments of the last 30 days that were paid after all (recovered) or ended unpaid (lost).</summary>
    public DonorTrack.Core.Payments.RecoveryTotals CardRecovery { get; private set; } = new(0, 0, 0, 0);

    public void OnGet()
    {
        var actor = User.ToActor();
        Overview = memberships.Overview(actor, recurring.MonthlyRecurringRevenueCents(actor));
        var now = clock.GetUtcNow();
        CardRecovery = cardRecovery.Outcomes(actor, now.AddDays(-30), now.AddSeconds(1));
    }

    /// <summary>?handler=Csv&amp;list=due|grace|lapsed|memberships|recurring|alliance</summary>
    public IActionResult OnGetCsv(string? list)
    {
        var actor = User.ToActor();
        var overview = memberships.Overview(actor, 0);
        var today = overview.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        byte[]? csv = list switch
        {
            "due" => DuesCsv.DueSoon(overview.DueSoon),
            "grace" => DuesCsv.Memberships(overview.InGrace),
            "lapsed" => DuesCsv.Memberships(overview.RecentlyLapsed),
            "memberships" => DuesCsv.Memberships(memberships.All(actor)),
            "recurring" => DuesCsv.RecurringDonations(recurring.List(actor)),
            "alliance" => DuesCsv.AllianceDues(alliance.Rows(actor)),
            _ => null,
        };
        return csv is null ? NotFound() : File(csv, "text/csv; charset=utf-8", $"dues-{list}-{today}.csv");
    }
}
