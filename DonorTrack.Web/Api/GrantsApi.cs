using System.Globalization;
using System.Text;

namespace DonorTrack.Web.Api;

/// <summary>Grants, pledges, receivables and the funding cliff over the v1 API. Another organization's ids answer 404.</summary>
public static class GrantsApi
{
    public static void MapGrantsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/grants", (HttpContext http, GrantService grants, string? status, int? endingWithinMonths, int? page, int? pageSize) =>
            {
                GrantStatus? parsed = null;
                if (!string.IsNullOrEmpty(status))
                    parsed = DomainWords.TryParse<GrantStatus>(status, out var s) ? s : throw Core.Validation.InputValidation.FieldError("status", $"Choose one of: {DomainWords.List<GrantStatus>()}.");
                var list = grants.List(http.User.ToActor(), new GrantQuery { Status = parsed, EndingWithinMonths = endingWithinMonths, Page = new PageRequest(page, pageSize) });
                return Results.Ok(PageDto<GrantListItemDto>.From(list, GrantListItemDto.From));
            })
            .WithName("ListGrants").WithSummary("List grants by term end; filter by status and endingWithinMonths.");

        api.MapGet("/grants/{id:long}", (HttpContext http, GrantService grants, long id) =>
                grants.Find(http.User.ToActor(), id) is { } grant ? Results.Ok(GrantDto.From(grant)) : NotFound("grant", id))
            .Produces<GrantDto>().WithName("GetGrant");

        api.MapPost("/grants", async (HttpContext http, GrantService grants) =>
            {
                var actor = http.User.ToActor();
                var id = grants.Create(actor, await ApiJson.ReadAsync<GrantInput>(http.Request));
                return Results.Created($"/api/v1/grants/{id}", GrantDto.From(grants.Find(actor, id)!));
            })
            .RequireAuthorization(ApiPolicies.For(Role.Treasurer)).Accepts<GrantInput>("application/json").Produces<GrantDto>(StatusCodes.Status201Created)
            .WithName("CreateGrant");

        api.MapPut("/grants/{id:long}", async (HttpContext http, GrantService grants, long id) =>
            {
                var actor = http.User.ToActor();
                if (grants.Find(actor, id) is null)
                    return NotFound("grant", id);
                grants.Update(actor, id, await ApiJson.ReadAsync<GrantInput>(http.Request));
                return Results.Ok(GrantDto.From(grants.Find(actor, id)!));
            })
            .RequireAuthorization(ApiPolicies.For(Role.Treasurer)).Accepts<GrantInput>("application/json").Produces<GrantDto>()
            .WithName("UpdateGrant");

        api.MapGet("/pledges", (HttpContext http, PledgeService pledges, long? donorId, bool? openOnly, int? page, int? pageSize) =>
                Results.Ok(PageDto<PledgeListItemDto>.From(
                    pledges.List(http.User.ToActor(), new PledgeQuery { DonorId = donorId, OpenOnly = openOnly ?? false, Page = new PageRequest(page, pageSize) }),
                    PledgeListItemDto.From)))
            .WithName("ListPledges");

        api.MapGet("/pledges/{id:long}", (HttpContext http, PledgeService pledges, long id) =>
                pledges.Find(http.User.ToActor(), id) is { } pledge ? Results.Ok(PledgeDto.From(pledge)) : NotFound("pledge", id))
            .Produces<PledgeDto>().WithName("GetPledge");

        api.MapPost("/pledges", async (HttpContext http, PledgeService pledges) =>
            {
                var actor = http.User.ToActor();
                var id = pledges.Create(actor, await ApiJson.ReadAsync<PledgeInput>(http.Request));
                return Results.Created($"/api/v1/pledges/{id}", PledgeDto.From(pledges.Find(actor, id)!));
            })
            .RequireAuthorization(ApiPolicies.For(Role.Treasurer)).Accepts<PledgeInput>("application/json").Produces<PledgeDto>(StatusCodes.Status201Created)
            .WithName("CreatePledge");

        api.MapPost("/pledges/{id:long}/write-off", async (HttpContext http, PledgeService pledges, long id) =>
            {
                var actor = http.User.ToActor();
                if (pledges.Find(actor, id) is null)
                    return NotFound("pledge", id);
                pledges.WriteOff(actor, id, await ApiJson.ReadAsync<PledgeWriteOffInput>(http.Request));
                return Results.Ok(PledgeDto.From(pledges.Find(actor, id)!));
            })
            .RequireAuthorization(ApiPolicies.For(Role.Treasurer)).Accepts<PledgeWriteOffInput>("application/json").Produces<PledgeDto>()
            .WithName("WriteOffPledge");

        api.MapGet("/receivables", (HttpContext http, ReceivablesService receivables, int? months, string? format) =>
            {
                var report = receivables.Receivables(http.User.ToActor(), months ?? 12);
                return string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
                    ? Results.File(Encoding.UTF8.GetBytes(ReceivablesCsv(report)), "text/csv; charset=utf-8", $"expected-revenue-{report.Today:yyyy-MM-dd}.csv")
                    : Results.Ok(report);
            })
            .WithName("Receivables").WithSummary("Overdue installments, those due within 90 days, and expected revenue by month (format=csv for the months).");

        api.MapGet("/reports/funding-cliff", (HttpContext http, ReceivablesService receivables) =>
            {
                var cliff = receivables.Cliff(http.User.ToActor());
                return Results.Ok(new
                {
                    shareAtRisk = cliff.ShareAtRisk,
                    thresholdShare = cliff.ThresholdShare,
                    exceedsThreshold = cliff.ExceedsThreshold,
                    last12MonthsCents = cliff.Last12MonthsCents,
                    atRiskCents = cliff.AtRiskCents,
                    monthlyBasis = "last12MonthsCents / 12",
                    grants = cliff.Grants.Select(g => new { id = g.Id, funderName = g.FunderName, name = g.Name, endsOn = g.EndsOn, last12MonthsCents = g.Last12MonthsCents, monthlyCents = g.MonthlyCents }),
                    reportsDue = cliff.ReportsDue,
                });
            })
            .WithName("FundingCliff").WithSummary("Share of the last 12 months' revenue from grants whose term ends within the next 12 months.");
    }

    /// <summary>Expected revenue by month as CSV: one row a month, cents as plain amounts.</summary>
    public static string ReceivablesCsv(Receivables report)
    {
        var csv = new StringBuilder("month,grants,pledges,recurring,dues,total\r\n");
        foreach (var m in report.Months)
            csv.Append(CultureInfo.InvariantCulture, $"{m.Month:yyyy-MM},{Core.Money.MoneyFormat.Plain(m.GrantCents)},{Core.Money.MoneyFormat.Plain(m.PledgeCents)},{Core.Money.MoneyFormat.Plain(m.RecurringCents)},{Core.Money.MoneyFormat.Plain(m.DuesCents)},{Core.Money.MoneyFormat.Plain(m.TotalCents)}\r\n");
        return csv.ToString();
    }

    private static IResult NotFound(string what, long id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No {what} {id} in this organization.");
}

/// <summary>A grant as the v1 API shows it, with its schedule as paid so far.</summary>
public sealed record GrantDto(
    long Id, long FunderDonorId, string FunderName, string Name, long AmountCents, DateOnly? AwardedOn, DateOnly StartsOn, DateOnly EndsOn,
    GrantRestriction Restriction, string? Purpose, string? ProgramArea, GrantStatus Status, string? Notes, long PaidCents, long BalanceCents,
    IReadOnlyList<InstallmentDto> Installments, IReadOnlyList<GrantReportDeadline> ReportDeadlines, IReadOnlyList<LinkedPayment> Payments)
{
    public static GrantDto From(GrantDetail d)
    {
        var g = d.Grant;
        return new(g.Id, g.FunderDonorId, d.FunderName, g.Name, g.AmountCents, g.AwardedOn, g.StartsOn, g.EndsOn, g.Restriction, g.Purpose, g.ProgramArea,
            g.Status, g.Notes, d.PaidCents, d.BalanceCents, [.. d.Installments.Select(InstallmentDto.From)], d.Deadlines, d.Payments);
    }
}

/// <summary>One installment: due date, amount, and what is paid, written off and open.</summary>
public sealed record InstallmentDto(DateOnly DueOn, long AmountCents, long PaidCents, long WrittenOffCents, long OpenCents, InstallmentStanding Standing)
{
    public static InstallmentDto From(InstallmentState s) => new(s.DueOn, s.AmountCents, s.PaidCents, s.WrittenOffCents, s.OpenCents, s.Standing);
}

/// <summary>A row of the v1 grant list.</summary>
public sealed record GrantListItemDto(long Id, long FunderDonorId, string FunderName, string Name, long AmountCents, DateOnly StartsOn, DateOnly EndsOn, GrantStatus Status, long PaidCents, long BalanceCents)
{
    public static GrantListItemDto From(GrantListItem g) => new(g.Id, g.FunderDonorId, g.FunderName, g.Name, g.AmountCents, g.StartsOn, g.EndsOn, g.Status, g.PaidCents, g.BalanceCents);
}

/// <summary>A pledge as the v1 API shows it.</summary>
public sealed record PledgeDto(
    long Id, long DonorId, string DonorName, long AmountCents, DateOnly PledgedOn, GiftCategory Category, string? Purpose, string? Notes, long PaidCents,
    long WrittenOffCents, long BalanceCents, PledgeStanding Standing, IReadOnlyList<InstallmentDto> Installments, IReadOnlyList<PledgeWriteOff> WriteOffs,
    IReadOnlyList<LinkedPayment> Payments)
{
    public static PledgeDto From(PledgeDetail d) => new(
        d.Pledge.Id, d.Pledge.DonorId, d.DonorName, d.Pledge.AmountCents, d.Pledge.PledgedOn, d.Pledge.Category, d.Pledge.Purpose, d.Pledge.Notes,
        d.PaidCents, d.WrittenOffCents, d.BalanceCents, d.Standing, [.. d.Installments.Select(InstallmentDto.From)], d.WriteOffs, d.Payments);
}

/// <summary>A row of the v1 pledge list.</summary>
public sealed record PledgeListItemDto(long Id, long DonorId, string DonorName, long AmountCents, DateOnly PledgedOn, long PaidCents, long WrittenOffCents, long BalanceCents, PledgeStanding Standing)
{
    public static PledgeListItemDto From(PledgeListItem p) => new(p.Id, p.DonorId, p.DonorName, p.AmountCents, p.PledgedOn, p.PaidCents, p.WrittenOffCents, p.BalanceCents, p.Standing);
}
