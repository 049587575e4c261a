using DonorTrack.Core.Dues;

namespace DonorTrack.Web.Api;

/// <summary>The v1 dues API: membership plans, memberships (with derived status) and recurring donations. Another organization's ids answer 404.</summary>
public static class DuesApi
{
    public static void MapDuesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/membership-plans", (HttpContext http, MembershipService memberships, bool? includeRetired, int? page, int? pageSize) =>
                InMemoryPage(memberships.Plans(http.User.ToActor(), includeRetired ?? true), new PageRequest(page, pageSize), MembershipPlanDto.From))
            .WithName("ListMembershipPlans");

        api.MapPost("/membership-plans", async (HttpContext http, MembershipService memberships) =>
            {
                var actor = http.User.ToActor();
                var id = memberships.CreatePlan(actor, (await ApiJson.ReadAsync<MembershipPlanRequest>(http.Request)).ToInput());
                return Results.Created($"/api/v1/membership-plans/{id}", MembershipPlanDto.From(memberships.FindPlan(actor, id)!));
            })
            .RequireAuthorization(ApiPolicies.For(Role.Treasurer)).Accepts<MembershipPlanRequest>("application/json")
            .Produces<MembershipPlanDto>(StatusCodes.Status201Created).WithName("CreateMembershipPlan");

        api.MapGet("/memberships", (HttpContext http, MembershipService memberships, string? status, long? planId, int? page, int? pageSize) =>
            {
                MembershipStatus? filter = status is null ? null : DomainWords.ParseInput<MembershipStatus>(status);
                if (filter is { } f && !Enum.IsDefined(f))
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["Choose one of: active, grace, lapsed, cancelled."] });
                var list = memberships.List(http.User.ToActor(), new MembershipQuery(filter, planId, new PageRequest(page, pageSize)));
                return Results.Ok(PageDto<MembershipDto>.From(list, MembershipDto.From));
            })
            .WithName("ListMemberships").WithSummary("Memberships with status derived today in the organization's timezone; filter by status or plan.");

        api.MapGet("/memberships/{id:long}", (HttpContext http, MembershipService memberships, long id) =>
                memberships.Find(http.User.ToActor(), id) is { } details ? Results.Ok(MembershipDto.From(details.Summary)) : NotFound("membership", id))
            .WithName("GetMembership");

        api.MapPost("/memberships", async (HttpContext http, MembershipService memberships) =>
            {
                var actor = http.User.ToActor();
                var result = memberships.Enrol(actor, await ApiJson.ReadAsync<MembershipEnrolmentInput>(http.Request));
                var dto = MembershipDto.From(memberships.Find(actor, result.MembershipId)!.Summary) with { Warnings = result.Warnings };
                return Results.Created($"/api/v1/memberships/{result.MembershipId}", dto);
            })
            .RequireAuthorization(ApiPolicies.For(Role.Entry)).Accepts<MembershipEnrolmentInput>("application/json")
            .Produces<MembershipDto>(StatusCodes.Status201Created).WithName("EnrolMembership");

        api.MapPost("/memberships/{id:long}/cancel", async (HttpContext http, MembershipService memberships, long id) =>
            {
                var actor = http.User.ToActor();
                if (memberships.Find(actor, id) is null)
                    return NotFound("membership", id);
                memberships.Cancel(actor, id, await ApiJson.ReadAsync<CancelMembershipInput>(http.Request));
                return Results.Ok(MembershipDto.From(memberships.Find(actor, id)!.Summary));
            })
            .RequireAuthorization(ApiPolicies.For(Role.Treasurer)).Accepts<CancelMembershipInput>("application/json")
            .Produces<MembershipDto>().WithName("CancelMembership");

        api.MapGet("/recurring-donations", (HttpContext http, RecurringDonationService recurring, long? donorId, int? page, int? pageSize) =>
                InMemoryPage(recurring.List(http.User.ToActor(), donorId), new PageRequest(page, pageSize), RecurringDonationDto.From))
            .WithName("ListRecurringDonations");

        api.MapPost("/recurring-donations", async (HttpContext http, RecurringDonationService recurring) =>
            {
                var actor = http.User.ToActor();
                var id = recurring.Create(actor, (await ApiJson.ReadAsync<RecurringDonationRequest>(http.Request)).ToInput());
                return Results.Created($"/api/v1/recurring-donations/{id}", RecurringDonationDto.From(recurring.Find(actor, id)!));
            })
            .RequireAuthorization(ApiPolicies.For(Role.Entry)).Accepts<RecurringDonationRequest>("application/json")
            .Produces<RecurringDonationDto>(StatusCodes.Status201Created).WithName("CreateRecurringDonation");
    }

    private static PageDto<TDto> InMemoryPage<T, TDto>(IReadOnlyList<T> all, PageRequest page, Func<T, TDto> map) =>
        new([.. page.Slice(all).Select(map)], page.Page, page.PageSize, all.Count);

    private static IResult NotFound(string what, long id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No {what} {id} in this organization.");
}

/// <summary>A membership plan as the v1 API shows it; enums as lower_snake_case words.</summary>
public sealed record MembershipPlanDto(
    long Id, string Name, string MemberKind, string Interval, string PricingKind, long? AmountCents, long? MinimumCents, long? SuggestedCents,
    IReadOnlyList<DuesTierDto> Tiers, int GraceDays, string BenefitsDescription, long BenefitValueCents, bool Retired)
{
    public static MembershipPlanDto From(MembershipPlan p) => new(
        p.Id, p.Name, p.MemberKind.Word(), p.Interval.Word(),
        p.Pricing switch { DuesPricing.SlidingScale => "sliding_scale", DuesPricing.PayWhatYouCan => "pay_what_you_can", _ => "fixed" },
        (p.Pricing as DuesPricing.Fixed)?.AmountCents,
        (p.Pricing as DuesPricing.PayWhatYouCan)?.MinimumCents,
        (p.Pricing as DuesPricing.PayWhatYouCan)?.SuggestedCents,
        (p.Pricing as DuesPricing.SlidingScale)?.Tiers.Select(t => new DuesTierDto(t.Name, t.AmountCents)).ToList() ?? [],
        p.GraceDays, p.BenefitsDescription, p.BenefitValueCents, p.IsRetired);
}

/// <summary>A sliding-scale tier in the v1 API.</summary>
public sealed record DuesTierDto(string? Name, long AmountCents);

/// <summary>A membership plan as posted: enum fields are words (memberKind individual|organization, interval month|quarter|year, pricingKind fixed|sliding_scale|pay_what_you_can).</summary>
public sealed record MembershipPlanRequest(
    string? Name, string? MemberKind, string? Interval, string? PricingKind, long AmountCents, IReadOnlyList<DuesTierDto>? Tiers, long MinimumCents,
    long? SuggestedCents, int GraceDays, string? BenefitsDescription, long BenefitValueCents)
{
    public MembershipPlanInput ToInput() => new()
    {
        Name = Name,
        MemberKind = DomainWords.ParseInput<MemberKind>(MemberKind ?? "individual"),
        Interval = DomainWords.ParseInput<DuesInterval>(Interval),
        PricingKind = DomainWords.ParseInput<DuesPricingKind>(PricingKind ?? "fixed"),
        AmountCents = AmountCents,
        // An empty entry stays null so the validator names it (tiers[0]) instead of the mapping failing.
        Tiers = (Tiers ?? []).Select(t => t is null ? null! : new DuesTierInput(t.Name, t.AmountCents)).ToList(),
        MinimumCents = MinimumCents,
        SuggestedCents = SuggestedCents,
        GraceDays = GraceDays,
        BenefitsDescription = BenefitsDescription,
        BenefitValueCents = BenefitValueCents,
    };
}

/// <summary>A membership as the v1 API shows it: the contract fields plus names, arrears and, after enrolment, warnings.</summary>
public sealed record MembershipDto(
    long Id, long DonorId, long PlanId, DateOnly StartsOn, DateOnly PaidThrough, long CreditCents, string Status,
    string DonorName, string PlanName, string? TierName, long PeriodCents, long ArrearsCents, DateOnly? CancelledOn, string? CancelReason)
{
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public static MembershipDto From(MembershipSummary m) => new(
        m.Id, m.DonorId, m.PlanId, m.StartsOn, m.PaidThrough, m.CreditCents, m.Status.Word(), m.DonorName, m.PlanName, m.TierName,
        m.PeriodCents, m.Arrears.OwedCents, m.CancelledOn, m.CancelReason);
}

/// <summary>A recurring donation as the v1 API shows it.</summary>
public sealed record RecurringDonationDto(
    long Id, long DonorId, string DonorName, long AmountCents, DuesInterval Interval, DateOnly StartsOn, RecurringDonationStatus Status, DateOnly NextDueOn,
    IReadOnlyList<DateOnly> MissedInstallments, string? FailureReason, string? StripeSubscriptionId)
{
    public static RecurringDonationDto From(RecurringDonationSummary r) => new(
        r.Row.Id, r.Row.DonorId, r.Row.DonorName, r.Row.AmountCents, r.Row.Interval, r.Row.StartsOn, r.Row.Status, r.Row.NextDueOn, r.Missed,
        r.Row.FailureReason, r.Row.StripeSubscriptionId);
}

/// <summary>A recurring donation as posted: interval is month|quarter|year.</summary>
public sealed record RecurringDonationRequest(long DonorId, long AmountCents, string? Interval, DateOnly? StartsOn)
{
    public RecurringDonationInput ToInput() => new()
    {
        DonorId = DonorId, AmountCents = AmountCents, Interval = DomainWords.ParseInput<DuesInterval>(Interval), StartsOn = StartsOn,
    };
}
