using Dapper;
using DonorTrack.Core.Data;

namespace DonorTrack.Core.Dues;

/// <summary>Membership plan rows and their sliding-scale tiers, scoped by organization.</summary>
public sealed class MembershipPlanRepository
{
    private const string Columns = """
        id, name, member_kind, interval, pricing_kind, amount_cents, suggested_cents, grace_days, benefits_description,
        benefit_value_cents, retired
        """;

    public MembershipPlan? Find(DbSession db, long organizationId, long planId)
    {
        const string sql = $"SELECT {Columns} FROM membership_plans WHERE organization_id = @organizationId AND id = @planId";
        var row = db.Connection.QuerySingleOrDefault<MembershipPlanRow>(sql, new { organizationId, planId }, db.Transaction);
        return row?.ToPlan(TiersOf(db, organizationId, planId));
    }

    public IReadOnlyList<MembershipPlan> List(DbSession db, long organizationId, bool includeRetired)
    {
        const string sql = $"""
            SELECT {Columns} FROM membership_plans
            WHERE organization_id = @organizationId AND (@includeRetired = 1 OR retired = 0)
            ORDER BY retired, name, id
            """;
        const string tiers = """
            SELECT plan_id, name, amount_cents FROM membership_plan_tiers
            WHERE organization_id = @organizationId
            ORDER BY plan_id, position
            """;
        var rows = db.Connection.Query<MembershipPlanRow>(sql, new { organizationId, includeRetired }, db.Transaction).AsList();
        var tierRows = db.Connection.Query<MembershipPlanTierRow>(tiers, new { organizationId }, db.Transaction)
            .ToLookup(t => t.PlanId, t => new DuesTier(t.Name, t.AmountCents));
        return rows.Select(r => r.ToPlan([.. tierRows[r.Id]])).ToList();
    }

    public long Insert(DbSession db, long organizationId, MembershipPlan plan, DateTimeOffset now)
    {
        const string sql = """
            INSERT INTO membership_plans (organization_id, name, member_kind, interval, pricing_kind, amount_cents, suggested_cents,
                grace_days, benefits_description, benefit_value_cents, retired, created_at, updated_at)
            VALUES (@organizationId, @name, @memberKind, @interval, @pricingKind, @amountCents, @suggestedCents,
                @graceDays, @benefitsDescription, @benefitValueCents, @retired, @now, @now)
            RETURNING id
            """;
        var id = db.Connection.ExecuteScalar<long>(sql, Parameters(organizationId, plan, now), db.Transaction);
        InsertTiers(db, organizationId, id, plan);
        return id;
    }

    public void Update(DbSession db, long organizationId, MembershipPlan plan, DateTimeOffset now)
    {
        const string sql = """
            UPDATE membership_plans SET name = @name, member_kind = @memberKind, interval = @interval, pricing_kind = @pricingKind,
                amount_cents = @amountCents, suggested_cents = @suggestedCents, grace_days = @graceDays,
                benefits_description = @benefitsDescription, benefit_value_cents = @benefitValueCents, retired = @retired, updated_at = @now
            WHERE organization_id = @organizationId AND id = @id
            """;
        const string deleteTiers = "DELETE FROM membership_plan_tiers WHERE organization_id = @organizationId AND plan_id = @planId";
        db.Connection.Execute(sql, Parameters(organizationId, plan, now), db.Transaction);
        db.Connection.Execute(deleteTiers, new { organizationId, planId = plan.Id }, db.Transaction);
        InsertTiers(db, organizationId, plan.Id, plan);
    }

    public bool HasMemberships(DbSession db, long organizationId, long planId)
    {
        const string sql = "SELECT count(*) FROM memberships WHERE organization_id = @organizationId AND plan_id = @planId";
        return db.Connection.ExecuteScalar<long>(sql, new { organizationId, planId }, db.Transaction) > 0;
    }

    private IReadOnlyList<DuesTier> TiersOf(DbSession db, long organizationId, long planId)
    {
        const string sql = """
            SELECT plan_id, name, amount_cents FROM membership_plan_tiers
            WHERE organization_id = @organizationId AND plan_id = @planId
            ORDER BY position
            """;
        return db.Connection.Query<MembershipPlanTierRow>(sql, new { organizationId, planId }, db.Transaction)
            .Select(t => new DuesTier(t.Name, t.AmountCents)).ToList();
    }

    private static void InsertTiers(DbSession db, long organizationId, long planId, MembershipPlan plan)
    {
        const string sql = """
            INSERT INTO membership_plan_tiers (organization_id, plan_id, position, name, amount_cents)
            VALUES (@organizationId, @planId, @position, @name, @amountCents)
            """;
        if (plan.Pricing is not DuesPricing.SlidingScale scale)
            return;
        foreach (var (tier, position) in scale.Tiers.Select((t, i) => (t, i)))
            db.Connection.Execute(sql, new { organizationId, planId, position, name = tier.Name, amountCents = tier.AmountCents }, db.Transaction);
    }

    private static object Parameters(long organizationId, MembershipPlan plan, DateTimeOffset now) => new
    {
        organizationId,
        id = plan.Id,
        name = plan.Name,
        memberKind = plan.MemberKind.Word(),
        interval = plan.Interval.Word(),
        pricingKind = plan.Pricing switch
        {
            DuesPricing.SlidingScale => DuesPricingKind.SlidingScale.Word(),
            DuesPricing.PayWhatYouCan => DuesPricingKind.PayWhatYouCan.Word(),
            _ => DuesPricingKind.Fixed.Word(),
        },
        amountCents = plan.Pricing switch
        {
            DuesPricing.Fixed f => f.AmountCents,
            DuesPricing.PayWhatYouCan p => p.MinimumCents,
            _ => (long?)null,
        },
        suggestedCents = (plan.Pricing as DuesPricing.PayWhatYouCan)?.SuggestedCents,
        graceDays = plan.GraceDays,
        benefitsDescription = plan.BenefitsDescription,
        benefitValueCents = plan.BenefitValueCents,
        retired = plan.IsRetired,
        now,
    };
}
