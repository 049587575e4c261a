using Dapper;
using DonorTrack.Core.Audit;
using DonorTrack.Core.Data;
using DonorTrack.Core.Security;
using DonorTrack.Core.Validation;
using FluentValidation;

namespace DonorTrack.Core.Gifts;

/// <summary>A fund a gift is designated to; restricted funds carry a donor restriction.</summary>
public sealed record Fund(long Id, string Name, bool Restricted, string? Description, bool Active);

/// <summary>An appeal or drive gifts are attributed to, with an optional goal.</summary>
public sealed record Campaign(long Id, string Name, long? GoalCents, DateOnly? StartsOn, DateOnly? EndsOn, bool Active)
{
    /// <summary>Active, and <paramref name="day"/> falls between its start and end (an open end runs on).</summary>
    public bool RunsOn(DateOnly day) => Active && (StartsOn is null || StartsOn <= day) && (EndsOn is null || EndsOn >= day);

    /// <summary>
    /// The campaign the public donation page shows a goal thermometer for: running on <paramref name="today"/>, with a goal,
    /// the one ending soonest (an open end last); null when none.
    /// </summary>
    public static Campaign? Featured(IEnumerable<Campaign> campaigns, DateOnly today) =>
        campaigns.Where(c => c.GoalCents is not null && c.RunsOn(today)).OrderBy(c => c.EndsOn ?? DateOnly.MaxValue).FirstOrDefault();
}

/// <summary>What an admin types for a fund.</summary>
public sealed record FundInput(string? Name, bool Restricted, string? Description, bool Active = true);

/// <summary>What an admin types for a campaign.</summary>
public sealed record CampaignInput(string? Name, long? GoalCents, DateOnly? StartsOn, DateOnly? EndsOn, bool Active = true);

/// <summary>Rules for a fund.</summary>
public sealed class FundInputValidator : AbstractValidator<FundInput>
{
    public FundInputValidator()
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage("Name the fund.").MaximumLength(100);
        RuleFor(x => x.Description).OptionalText(500);
    }
}

/// <summary>Rules for a campaign.</summary>
public sealed class CampaignInputValidator : AbstractValidator<CampaignInput>
{
    public CampaignInputValidator()
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage("Name the campaign.").MaximumLength(100);
        RuleFor(x => x.GoalCents).GreaterThan(0).WithMessage("A goal must be more than zero.").LessThanOrEqualTo(GiftInputValidator.MaximumAmountCents * 10);
        RuleFor(x => x.EndsOn).Must((input, end) => end is null || input.StartsOn is null || end >= input.StartsOn)
            .WithMessage("The end date cannot be before the start date.");
    }
}

/// <summary>Funds and campaigns: the managed lists a gift is designated to.</summary>
public sealed class DesignationService(IDbConnectionFactory connections, AuditLog audit)
{
    private readonly FundInputValidator _fundValidator = new();
    private readonly CampaignInputValidator _campaignValidator = new();

    public IReadOnlyList<Fund> Funds(Actor actor, bool activeOnly = false)
    {
        using var db = connections.Read();
        return Funds(db, actor.OrganizationId, activeOnly);
    }

    public static IReadOnlyList<Fund> Funds(DbSession db, long organizationId, bool activeOnly)
    {
        const string sql = """
            SELECT id, name, restricted, description, active FROM funds
            WHERE organization_id = @organizationId AND (@activeOnly = 0 OR active = 1)
            ORDER BY name
            """;
        return db.Connection.Query<Fund>(sql, new { organizationId, activeOnly }, db.Transaction).AsList();
    }

    public IReadOnlyList<Campaign> Campaigns(Actor actor, bool activeOnly = false)
    {
        using var db = connections.Read();
        return Campaigns(db, actor.OrganizationId, activeOnly);
    }

    public static IReadOnlyList<Campaign> Campaigns(DbSession db, long organizationId, bool activeOnly)
    {
        const string sql = """
            SELECT id, name, goal_cents, starts_on, ends_on, active FROM campaigns
            WHERE organization_id = @organizationId AND (@activeOnly = 0 OR active = 1)
            ORDER BY name
            """;
        return db.Connection.Query<Campaign>(sql, new { organizationId, activeOnly }, db.Transaction).AsList();
    }

    public long SaveFund(Actor actor, long? fundId, FundInput input)
    {
        actor.Require(Role.Treasurer);
        _fundValidator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        const string nameTaken = "SELECT count(*) FROM funds WHERE organization_id = @organizationId AND name = @Name AND (@fundId IS NULL OR id <> @fundId)";
        if (db.Connection.ExecuteScalar<long>(nameTaken, new { organizationId = actor.OrganizationId, input.Name, fundId }, db.Transaction) > 0)
            throw InputValidation.FieldError(nameof(input.Name), "A fund with that name exists already.");
        const string insert = """
            INSERT INTO funds (organization_id, name, restricted, description, active)
            VALUES (@organizationId, @Name, @Restricted, @Description, @Active) RETURNING id
            """;
        const string update = """
            UPDATE funds SET name = @Name, restricted = @Restricted, description = @Description, active = @Active
            WHERE organization_id = @organizationId AND id = @fundId RETURNING id
            """;
        var args = new { organizationId = actor.OrganizationId, fundId, input.Name, input.Restricted, input.Description, input.Active };
        var id = db.Connection.ExecuteScalar<long?>(fundId is null ? insert : update, args, db.Transaction)
            ?? throw InputValidation.FieldError("FundId", "There is no such fund.");
        audit.Record(db, actor, "fund", id, fundId is null ? "create" : "update", null, input);
        db.Commit();
        return id;
    }

    public long SaveCampaign(Actor actor, long? campaignId, CampaignInput input)
    {
        actor.Require(Role.Treasurer);
        _campaignValidator.EnsureValid(input);
        using var db = connections.BeginTransaction();
        const string nameTaken = "SELECT count(*) FROM campaigns WHERE organization_id = @organizationId AND name = @Name AND (@campaignId IS NULL OR id <> @campaignId)";
        if (db.Connection.ExecuteScalar<long>(nameTaken, new { organizationId = actor.OrganizationId, input.Name, campaignId }, db.Transaction) > 0)
            throw InputValidation.FieldError(nameof(input.Name), "A campaign with that name exists already.");
        const string insert = """
            INSERT INTO campaigns (organization_id, name, goal_cents, starts_on, ends_on, active)
            VALUES (@organizationId, @Name, @GoalCents, @StartsOn, @EndsOn, @Active) RETURNING id
            """;
        const string update = """
            UPDATE campaigns SET name = @Name, goal_cents = @GoalCents, starts_on = @StartsOn, ends_on = @EndsOn, active = @Active
            WHERE organization_id = @organizationId AND id = @campaignId RETURNING id
            """;
        var args = new { organizationId = actor.OrganizationId, campaignId, input.Name, input.GoalCents, input.StartsOn, input.EndsOn, input.Active };
        var id = db.Connection.ExecuteScalar<long?>(campaignId is null ? insert : update, args, db.Transaction)
            ?? throw InputValidation.FieldError("CampaignId", "There is no such campaign.");
        audit.Record(db, actor, "campaign", id, campaignId is null ? "create" : "update", null, input);
        db.Commit();
        return id;
    }
}
