using DonorTrack.Core.Accounts;
using DonorTrack.Core.Data;
using DonorTrack.Core.Donors;
using DonorTrack.Core.Dues;
using DonorTrack.Core.Email;
using DonorTrack.Core.Gifts;
using DonorTrack.Core.Grants;
using DonorTrack.Core.Organizations;
using DonorTrack.Core.Reports;
using DonorTrack.Core.Security;

namespace DonorTrack.Core.Demo;

/// <summary>What the demo loader created, and how to sign in to it.</summary>
public sealed record DemoSummary(
    long AllianceId, IReadOnlyList<long> MemberOrganizationIds, int Donors, int Gifts, int VoidedGifts, string AdminEmail, string AdminPassword)
{
    public int Grants { get; init; }
    public int Pledges { get; init; }
}

/// <summary>
/// Loads an invented Minneapolis alliance and its four member groups, about 200 donors and two years of gifts
/// ending today, through the same services people use; the same data on every run (fixed random seed).
/// </summary>
/// <remarks>Everything is fictional: EINs use the never-issued 00- prefix, emails are at example.org/.com, phones at 555-01xx.</remarks>
public sealed class DemoData(
    IDbConnectionFactory connections, OrganizationService organizations, AccountService accounts, DonorService donors,
    GiftService gifts, DesignationService designations, TimeProvider clock, GrantService grants, PledgeService pledges,
    Matching.MatchingCampaignService matching, Receipts.GiftReceiptService receipts, PublicPageBrandingService branding,
    RecurringDonationService recurringDonations, MembershipService memberships, AcknowledgmentService acknowledgments)
{
    public const string AdminEmail = "demo@example.org";
    public const string AdminPassword = "lakeshore-garden-2026";
    private const int Seed = 2026;
    private const string AllianceEin = "00-0000000";

    private sealed record Group(
        OrganizationInput Settings, string AllianceRole, int YearsInAlliance, int Individuals,
        (string Name, string Category)[] OrganizationDonors, (string Name, bool Restricted)[] Funds,
        long? MonthlyDuesCents, long? YearlyDuesCents, (string Name, int Month, int Day, long TicketCents, long BenefitCents, string Benefit) Event,
        string[] InKind, string[] Tags);

    private static readonly string[] Streets =
        ["Cedar Ave S", "Bloomington Ave", "Chicago Ave", "Lake St E", "Franklin Ave", "Riverside Ave", "Penn Ave N", "University Ave W", "Payne Ave", "Nicollet Ave"];

    private static readonly (string City, string[] PostalCodes)[] Places =
    [
        ("Minneapolis", ["55404", "55406", "55407", "55408", "55411", "55412", "55454"]),
        ("Saint Paul", ["55104", "55106", "55107", "55117"]),
        ("Brooklyn Park", ["55443", "55445"]),
    ];

    private static readonly string[] VoidReasons =
    [
        "Entered twice: duplicate of the same check.",
        "Card payment reversed by the bank before it settled.",
        "Recorded in the wrong group's books; re-entered there.",
        "Wrong donor selected; re-entered under the right one.",
        "Test entry made while training a volunteer.",
        "Check returned unpaid.",
    ];

    /// <summary>Loads the demo; refuses when the database already has organizations, so it never mixes with real data.</summary>
    public DemoSummary Load()
    {
        if (!accounts.NeedsSetup())
            throw new InvalidOperationException(
                "The demo loads only into an empty database, and this one already has organizations. Use a new data directory for the demo.");
        var random = new Random(Seed);
        var now = clock.GetUtcNow();

        var allianceId = organizations.Create(AllianceSettings());
        var alliance = Actor.System(allianceId, "demo loader");
        var today = organizations.Find(allianceId)!.LocalDate(now);
        accounts.AddUser(alliance, new AddUserInput(AdminEmail, "Demo Admin", AdminPassword, Role.Admin));

        var memberIds = new List<long>();
        var memberGroups = MemberGroups();
        foreach (var group in memberGroups)
        {
            var memberId = organizations.Create(group.Settings);
            var invitation = organizations.Invite(alliance, new AllianceMemberInput(null, group.AllianceRole, today.AddYears(-group.YearsInAlliance).AddDays(-random.Next(200))));
            organizations.JoinWithCode(Actor.System(memberId, "demo loader"), invitation.Code);
            accounts.AddUser(Actor.System(memberId, "demo loader"), new AddUserInput(AdminEmail, null, null, Role.Admin));
            memberIds.Add(memberId);
        }

        var emails = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var counts = new DemoCounts();
        var allianceGroup = AllianceGroup(memberGroups.Select(g => g.Settings.Name!).ToArray());
        var groups = memberGroups.Select((g, i) => (Group: g, Id: memberIds[i])).Prepend((Group: allianceGroup, Id: allianceId)).ToList();
        var loaded = groups.Select(g => LoadGroup(Actor.System(g.Id, "demo loader"), g.Group, today, random, emails, counts)).ToList();
        // Grants and pledges come after the gifts, from their own seed, so the donors and gifts above stay as they were.
        var commitments = new Random(Seed + 1);
        for (var i = 0; i < groups.Count; i++)
            LoadGrantsAndPledges(Actor.System(groups[i].Id, "demo loader"), i, loaded[i].Foundations, loaded[i].Individuals, today, commitments, counts);
        LoadMatchingReceiptsAndLook(alliance, loaded[0].Foundations, today);
        LoadCardMoneyAndThanks(alliance, loaded[0].Individuals, today, new Random(Seed + 2), counts);
        LoadMemberships(alliance, loaded[0].Individuals.Skip(5).ToList(), today, counts);
        return new DemoSummary(allianceId, memberIds, counts.Donors, counts.Gifts, counts.Voided, AdminEmail, AdminPassword)
        {
            Grants = counts.Grants, Pledges = counts.Pledges,
        };
    }

    /// <summary>
    /// The alliance's running matching campaign (ending within two weeks) and a finished one whose funder claim is ready;
    /// receipts issued for its gifts of $250 or more except the latest few, so the dashboard has some left to issue; and
    /// its colours on the public giving page.
    /// </summary>
    private void LoadMatchingReceiptsAndLook(Actor alliance, IReadOnlyList<long> foundations, DateOnly today)
    {
        if (foundations.Count > 0)
        {
            Matching.MatchingCampaignInput Campaign(string name, long poolCents, DateOnly starts, DateOnly ends) => new()
            {
                Name = name, FunderDonorId = foundations[0], PoolCents = poolCents, Ratio = "1:1", StartsOn = starts, EndsOn = ends,
                Participants = [new Matching.MatchingParticipantInput { OrganizationId = alliance.OrganizationId }],
            };
            matching.Create(alliance, Campaign("Winter neighbors match", 200_000, today.AddDays(-120), today.AddDays(-90)));
            matching.Create(alliance, Campaign("Spring neighbors match", 500_000, today.AddDays(-20), today.AddDays(10)));
        }
        var large = gifts.List(alliance, new GiftQuery { From = today.AddYears(-1), Page = new PageRequest(1, 500) }).Gifts.Items
            .Where(g => g.AmountCents >= 25_000 && g.Status == GiftStatus.Completed && g.Method != GiftMethod.InKind)
            .OrderBy(g => g.ReceivedOn).ThenBy(g => g.Id).ToList();
        foreach (var gift in large.Take(Math.Max(0, large.Count - 3)))
            receipts.ForGift(alliance, gift.Id);
        branding.Save(alliance, new PublicPageBrandingInput { AccentColor = "#2b6a4f", HeaderColor = "#f3efe4" });
    }

    /// <summary>
    /// The alliance's card side: monthly card donors on recurring donations, card gifts of the last three months settled
    /// into payouts two days after they were given, one refunded card gift; and thank-you letters and calls marked for
    /// the latest gifts, leaving the rest on the to-thank list.
    /// </summary>
    private void LoadCardMoneyAndThanks(Actor alliance, IReadOnlyList<long> individuals, DateOnly today, Random random, DemoCounts counts)
    {
        var start = today.AddMonths(-5);
        foreach (var donorId in individuals.Take(5))
        {
            var amount = random.Next(2, 11) * 500L;
            var id = recurringDonations.Create(alliance, new RecurringDonationInput { DonorId = donorId, AmountCents = amount, Interval = DuesInterval.Month, StartsOn = start });
            for (var day = start; day <= today; day = day.AddMonths(1))
            {
                recurringDonations.RecordPayment(alliance, id, day, GiftMethod.Card);
                counts.Gifts++;
            }
        }

        var cardGifts = gifts.List(alliance, new GiftQuery { Method = GiftMethod.Card, From = today.AddMonths(-3), Page = new PageRequest(1, 500) }).Gifts.Items
            .Where(g => g.Status == GiftStatus.Completed).OrderBy(g => g.ReceivedOn).ThenBy(g => g.Id).ToList();
        foreach (var card in cardGifts.Where(g => g.ReceivedOn.AddDays(2) <= today))
            gifts.RecordSettlement(alliance, card.Id, card.AmountCents * 29 / 1000 + 30, card.ReceivedOn.AddDays(2));
        if (cardGifts.Count > 0)
        {
            using var db = connections.BeginTransaction();
            var refunded = cardGifts[cardGifts.Count / 2];
            gifts.ApplyRefundTotal(db, alliance, refunded.Id, refunded.AmountCents);
            db.Commit();
        }

        var latest = gifts.List(alliance, new GiftQuery { From = today.AddDays(-60), Page = new PageRequest(1, 60) }).Gifts.Items
            .Where(g => g.Status == GiftStatus.Completed).Select(g => g.Id).ToList();
        acknowledgments.Mark(alliance, [.. latest.Where((_, i) => i % 3 == 0)], AcknowledgmentMethod.Letter);
        acknowledgments.Mark(alliance, [.. latest.Where((_, i) => i % 3 == 1)], AcknowledgmentMethod.Call);
    }

    /// <summary>
    /// The alliance's yearly membership plan with a 30-day grace: members paid up, two whose renewal fell due within the
    /// grace period (in grace) and two whose grace ran out (lapsed).
    /// </summary>
    private void LoadMemberships(Actor alliance, IReadOnlyList<long> individuals, DateOnly today, DemoCounts counts)
    {
        var plan = memberships.CreatePlan(alliance, new MembershipPlanInput
        {
            Name = "Neighbor membership", MemberKind = MemberKind.Individual, Interval = DuesInterval.Year, PricingKind = DuesPricingKind.Fixed,
            AmountCents = 3_000, GraceDays = 30,
        });
        var joined = new List<DateOnly>();
        joined.AddRange(Enumerable.Range(0, 6).Select(i => today.AddDays(-30 - 40 * i)));
        joined.AddRange([today.AddYears(-1).AddDays(-10), today.AddYears(-1).AddDays(-20)]);
        joined.AddRange([today.AddYears(-1).AddDays(-60), today.AddYears(-1).AddDays(-90)]);
        foreach (var (donorId, startsOn) in individuals.Zip(joined))
        {
            var membership = memberships.Enrol(alliance, new MembershipEnrolmentInput { DonorId = donorId, PlanId = plan, StartsOn = startsOn }).MembershipId;
            memberships.RecordPayment(alliance, membership, new GiftInput
            {
                DonorId = donorId, AmountCents = 3_000, ReceivedOn = startsOn, Method = GiftMethod.Check, Category = GiftCategory.MembershipDues,
            });
            counts.Gifts++;
        }
    }

    private sealed class DemoCounts
    {
        public int Donors;
        public int Gifts;
        public int Voided;
        public int Grants;
        public int Pledges;
    }

    /// <summary>Loads one group's funds, campaigns, donors and gifts; returns its foundation donors and individuals, oldest first.</summary>
    private (IReadOnlyList<long> Foundations, IReadOnlyList<long> Individuals) LoadGroup(
        Actor actor, Group group, DateOnly today, Random random, HashSet<string> emails, DemoCounts counts)
    {
        var first = today.AddYears(-2).AddDays(1);
        var generalFund = 0L;
        var restrictedFunds = new List<long>();
        foreach (var (name, restricted) in group.Funds)
        {
            var id = designations.SaveFund(actor, null, new FundInput(name, restricted, restricted ? $"Gifts the donor restricted to {name.ToLowerInvariant()}." : null));
            if (restricted)
                restrictedFunds.Add(id);
            else
                generalFund = id;
        }
        var campaigns = new List<(long Id, DateOnly Start, DateOnly End)>();
        for (var year = first.Year; year <= today.Year; year++)
        {
            foreach (var (name, start, end, goal) in new[]
            {
                ($"Spring Appeal {year}", new DateOnly(year, 3, 1), new DateOnly(year, 5, 31), 500_000L),
                ($"Year-End Giving {year}", new DateOnly(year, 11, 15), new DateOnly(year, 12, 31), 1_500_000L),
            })
            {
                if (end >= first && start <= today)
                    campaigns.Add((designations.SaveCampaign(actor, null, new CampaignInput(name, goal, start, end)), start, end));
            }
        }

        var individuals = Enumerable.Range(0, group.Individuals).Select(_ => NewIndividual(random, group, emails)).ToList();
        var organizationDonors = group.OrganizationDonors.Select(o => (o.Category, Input: NewOrganizationDonor(random, o.Name, o.Category))).ToList();
        var individualIds = individuals.Select(input => donors.Create(actor, input)).ToList();
        var organizationIds = organizationDonors.Select(o => (o.Category, Id: donors.Create(actor, o.Input))).ToList();
        counts.Donors += individualIds.Count + organizationIds.Count;

        var pending = new List<GiftInput>();
        DateOnly RandomDay(DateOnly from) => from.AddDays(random.Next(today.DayNumber - from.DayNumber + 1));
        long? CampaignOn(DateOnly day) =>
            campaigns.Where(c => c.Start <= day && day <= c.End).Select(c => (long?)c.Id).FirstOrDefault() is { } id && random.Next(100) < 70 ? id : null;

        foreach (var donorId in individualIds)
        {
            var profile = random.Next(100);
            if (profile < 22 && group.MonthlyDuesCents is { } monthly)
            {
                // Monthly members: some joined during the period, some lapsed before today.
                var start = first.AddDays(random.Next(300));
                var end = random.Next(100) < 20 ? today.AddDays(-random.Next(60, 300)) : today;
                for (var day = start; day <= end; day = day.AddMonths(1))
                    pending.Add(Dues(random, donorId, day, monthly, generalFund));
            }
            else if (profile < 35 && group.YearlyDuesCents is { } yearly)
            {
                for (var day = first.AddDays(random.Next(365)); day <= today; day = day.AddYears(1))
                    pending.Add(Dues(random, donorId, day, yearly, generalFund));
            }
            else
            {
                var giftCount = profile < 75 ? random.Next(2, 7) : 1;
                for (var n = 0; n < giftCount; n++)
                {
                    var day = RandomDay(first);
                    var restricted = restrictedFunds.Count > 0 && random.Next(100) < 20;
                    pending.Add(Donation(random, donorId, day, SmallAmount(random), "individual",
                        restricted ? restrictedFunds[random.Next(restrictedFunds.Count)] : generalFund, CampaignOn(day)));
                }
            }
        }

        foreach (var (category, donorId) in organizationIds)
        {
            var (count, low, high) = category switch
            {
                "foundation" => (random.Next(1, 3), 5_000, 25_000),
                "membership_dues" => (0, 0, 0),
                _ => (random.Next(2, 4), 250, 2_500),
            };
            for (var n = 0; n < count; n++)
            {
                var dollars = random.Next(low / 250, high / 250 + 1) * 250L;
                var fund = category == "foundation" && restrictedFunds.Count > 0 ? restrictedFunds[random.Next(restrictedFunds.Count)] : generalFund;
                pending.Add(Donation(random, donorId, RandomDay(first), dollars * 100, category, fund, null) with
                {
                    Method = random.Next(2) == 0 ? GiftMethod.Check : GiftMethod.Ach,
                    Notes = category == "foundation" ? "Grant payment; award letter on file." : "Sponsorship.",
                });
            }
            if (category == "membership_dues")
            {
                // Member groups pay the alliance yearly dues every January.
                for (var year = first.Year; year <= today.Year; year++)
                {
                    var day = new DateOnly(year, 1, 15 + random.Next(10));
                    if (day >= first && day <= today)
                        pending.Add(Dues(random, donorId, day, 25_000, generalFund) with { Method = GiftMethod.Check, CheckNumber = random.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture) });
                }
            }
        }

        for (var year = first.Year; year <= today.Year; year++)
        {
            var eventDay = new DateOnly(year, group.Event.Month, group.Event.Day);
            if (eventDay < first || eventDay > today)
                continue;
            foreach (var donorId in individualIds.OrderBy(_ => random.Next()).Take(random.Next(10, 18)))
            {
                var tickets = random.Next(100) < 30 ? 2 : 1;
                var extra = random.Next(100) < 25 ? 2_500L * random.Next(1, 5) : 0;
                pending.Add(new GiftInput
                {
                    DonorId = donorId, AmountCents = tickets * group.Event.TicketCents + extra, ReceivedOn = Later(first, eventDay.AddDays(-random.Next(0, 21))),
                    Method = random.Next(100) < 70 ? GiftMethod.Card : GiftMethod.Cash, Category = GiftCategory.Events, FundId = generalFund,
                    BenefitValueCents = tickets * group.Event.BenefitCents,
                    BenefitDescription = tickets == 1 ? group.Event.Benefit : $"{group.Event.Benefit} (two tickets)",
                    Notes = $"{group.Event.Name} {year}",
                });
            }
        }

        foreach (var description in group.InKind)
        {
            var (donorId, category) = random.Next(100) < 40 && organizationIds.Any(o => o.Category == "corporate")
                ? (organizationIds.First(o => o.Category == "corporate").Id, GiftCategory.Corporate)
                : (individualIds[random.Next(individualIds.Count)], GiftCategory.Individual);
            pending.Add(new GiftInput
            {
                DonorId = donorId, AmountCents = random.Next(4, 60) * 1_000L, ReceivedOn = RandomDay(first), Method = GiftMethod.InKind,
                Category = category, InKindDescription = description, FundId = generalFund,
            });
        }

        var recorded = new List<long>();
        using (var db = connections.BeginTransaction())
        {
            var rollups = ReportRollupBatch.Suspend(db);
            foreach (var gift in pending.OrderBy(g => g.ReceivedOn).ThenBy(g => g.DonorId))
                recorded.Add(gifts.Record(db, actor, gift.FeeCents is null && gift.Method == GiftMethod.Card ? gift with { FeeCents = gift.AmountCents * 29 / 1000 + 30 } : gift));
            rollups.Complete();
            db.Commit();
        }
        counts.Gifts += recorded.Count;

        foreach (var giftId in recorded.OrderBy(_ => random.Next()).Take(random.Next(1, 3)))
        {
            gifts.Void(actor, giftId, new VoidGiftInput(VoidReasons[random.Next(VoidReasons.Length)]));
            counts.Voided++;
        }
        return ([.. organizationIds.Where(o => o.Category == "foundation").Select(o => o.Id)], individualIds);
    }

    /// <summary>
    /// A foundation grant for every group, paid to date except the latest installment: the alliance's and the first
    /// members' end within the year (the funding cliff), the others later. The alliance also has a multi-year project grant
    /// with a report due within 30 days and a pending application. Every group has three pledges: one being paid monthly,
    /// one due soon, one partly written off.
    /// </summary>
    private void LoadGrantsAndPledges(
        Actor actor, int groupIndex, IReadOnlyList<long> foundations, IReadOnlyList<long> individuals, DateOnly today, Random random, DemoCounts counts)
    {
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var paidBefore = today.AddDays(-30);

        void PayGrant(long grantId, long funderId)
        {
            foreach (var installment in grants.Find(actor, grantId)!.Installments.Where(i => i.DueOn < paidBefore))
            {
                gifts.Record(actor, new GiftInput
                {
                    DonorId = funderId, AmountCents = installment.AmountCents, ReceivedOn = Earlier(today, installment.DueOn.AddDays(random.Next(3, 15))),
                    Method = GiftMethod.Ach, Category = GiftCategory.Foundation, GrantId = grantId, Notes = "Grant installment.",
                });
                counts.Gifts++;
            }
        }

        if (foundations.Count > 0)
        {
            var funder = foundations[0];
            var endsWithinTheYear = groupIndex <= 2;
            var starts = thisMonth.AddMonths(-(14 + groupIndex));
            var ends = starts.AddYears(endsWithinTheYear ? 2 : 3).AddDays(-1);
            var amount = (groupIndex == 0 ? 80_000_00L : 30_000_00L + 10_000_00L * random.Next(0, 4));
            var grantId = grants.Create(actor, new GrantInput
            {
                FunderDonorId = funder, Name = $"General operating support {starts.Year}–{ends.Year}", AmountCents = amount, AwardedOn = starts.AddDays(-45),
                StartsOn = starts, EndsOn = ends, Restriction = GrantRestriction.GeneralOperating, ProgramArea = "Organizing", Status = GrantStatus.Awarded,
                Installments = InstallmentSchedule.WithinTerm(amount, 4, starts, ends),
                ReportDeadlines = [new(starts.AddMonths(13), "Year-one narrative and financial report", Done: true), new(ends.AddDays(60), "Final report")],
            });
            PayGrant(grantId, funder);
            counts.Grants++;
        }
        if (groupIndex == 0 && foundations.Count > 1)
        {
            var funder = foundations[1];
            var starts = thisMonth.AddMonths(-4);
            var ends = starts.AddYears(3).AddDays(-1);
            var projectId = grants.Create(actor, new GrantInput
            {
                FunderDonorId = funder, Name = "Organizer training program", AmountCents = 45_000_00, AwardedOn = starts.AddDays(-30), StartsOn = starts, EndsOn = ends,
                Restriction = GrantRestriction.Project, Purpose = "Train twenty new neighborhood organizers a year", ProgramArea = "Leadership development",
                Status = GrantStatus.Awarded, Installments = InstallmentSchedule.WithinTerm(45_000_00, 3, starts, ends),
                ReportDeadlines = [new(today.AddDays(20), "Interim narrative report"), new(ends.AddDays(60), "Final report")],
            });
            PayGrant(projectId, funder);
            grants.Create(actor, new GrantInput
            {
                FunderDonorId = funder, Name = "Youth organizing fellowship", AmountCents = 25_000_00, StartsOn = thisMonth.AddMonths(3), EndsOn = thisMonth.AddMonths(15).AddDays(-1),
                Restriction = GrantRestriction.Project, Purpose = "Summer fellowships for young organizers", Status = GrantStatus.Pending, InstallmentCount = 1,
            });
            counts.Grants += 2;
        }

        if (individuals.Count < 3)
            return;
        var chosen = individuals.OrderBy(_ => random.Next()).Take(3).ToList();
        var monthly = pledges.Create(actor, new PledgeInput
        {
            DonorId = chosen[0], AmountCents = 1_200_00, PledgedOn = thisMonth.AddMonths(-5).AddDays(-10), Category = GiftCategory.Individual,
            Purpose = "Sustainer pledge", FirstDueOn = thisMonth.AddMonths(-5), InstallmentCount = 12, IntervalMonths = 1,
        });
        for (var due = thisMonth.AddMonths(-5); due < paidBefore; due = due.AddMonths(1))
        {
            gifts.Record(actor, new GiftInput
            {
                DonorId = chosen[0], AmountCents = 100_00, ReceivedOn = Earlier(today, due.AddDays(random.Next(0, 5))), Method = GiftMethod.Card,
                Category = GiftCategory.Individual, PledgeId = monthly,
            });
            counts.Gifts++;
        }
        pledges.Create(actor, new PledgeInput
        {
            DonorId = chosen[1], AmountCents = 5_000_00, PledgedOn = today.AddDays(-20), Category = GiftCategory.Individual,
            Purpose = "Community space fund", FirstDueOn = thisMonth.AddMonths(2), InstallmentCount = 1, IntervalMonths = 1,
        });
        var lapsed = pledges.Create(actor, new PledgeInput
        {
            DonorId = chosen[2], AmountCents = 600_00, PledgedOn = thisMonth.AddMonths(-9), Category = GiftCategory.Individual,
            Purpose = "Spring appeal pledge", FirstDueOn = thisMonth.AddMonths(-8), InstallmentCount = 3, IntervalMonths = 1,
        });
        gifts.Record(actor, new GiftInput
        {
            DonorId = chosen[2], AmountCents = 200_00, ReceivedOn = thisMonth.AddMonths(-8).AddDays(2), Method = GiftMethod.Check,
            Category = GiftCategory.Individual, PledgeId = lapsed,
        });
        counts.Gifts++;
        pledges.WriteOff(actor, lapsed, new PledgeWriteOffInput(null, "The donor moved away and asked to end the pledge."));
        counts.Pledges += 3;
    }

    private static DateOnly Earlier(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;

    private static GiftInput Dues(Random random, long donorId, DateOnly day, long cents, long fundId) => new()
    {
        DonorId = donorId, AmountCents = cents, ReceivedOn = day, Method = random.Next(100) < 70 ? GiftMethod.Card : GiftMethod.Ach,
        Category = GiftCategory.MembershipDues, FundId = fundId,
    };

    private static GiftInput Donation(Random random, long donorId, DateOnly day, long cents, string category, long fundId, long? campaignId)
    {
        var method = random.Next(100) switch { < 50 => GiftMethod.Card, < 75 => GiftMethod.Check, < 90 => GiftMethod.Cash, _ => GiftMethod.Ach };
        return new GiftInput
        {
            DonorId = donorId, AmountCents = cents, ReceivedOn = day, Method = method, Category = DomainWords.Parse<GiftCategory>(category), FundId = fundId, CampaignId = campaignId,
            CheckNumber = method == GiftMethod.Check ? random.Next(100, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        };
    }

    private static long SmallAmount(Random random) => random.Next(100) switch
    {
        < 15 => 1_000,
        < 35 => 2_000,
        < 55 => 2_500,
        < 72 => 5_000,
        < 84 => 10_000,
        < 92 => 15_000,
        < 97 => 25_000,
        _ => 50_000L * random.Next(1, 5),
    };

    private static DonorInput NewIndividual(Random random, Group group, HashSet<string> emails)
    {
        var name = DemoNames.Pick(random);
        var (city, postalCodes) = Places[random.Next(100) < 70 ? 0 : random.Next(1, Places.Length)];
        string? email = null;
        if (random.Next(100) < 88)
        {
            var domain = random.Next(2) == 0 ? "example.org" : "example.com";
            email = $"{name.EmailLocalPart}@{domain}";
            for (var n = 2; !emails.Add(email); n++)
                email = $"{name.EmailLocalPart}{n}@{domain}";
        }
        return new DonorInput
        {
            Kind = DonorKind.Individual, FirstName = name.FirstName, LastName = name.LastName, Email = email,
            Phone = random.Next(100) < 60 ? $"{(city == "Saint Paul" ? "651" : "612")}-555-01{random.Next(100):D2}" : null,
            AddressLine1 = $"{random.Next(100, 4000)} {Streets[random.Next(Streets.Length)]}",
            AddressLine2 = random.Next(100) < 25 ? $"Apt {random.Next(1, 40)}" : null,
            City = city, Region = "MN", PostalCode = postalCodes[random.Next(postalCodes.Length)], Country = "US",
            Tags = random.Next(100) < 30 ? [group.Tags[random.Next(group.Tags.Length)]] : [],
            DoNotContact = random.Next(100) < 3,
            Anonymous = random.Next(100) < 4,
        };
    }

    private static DonorInput NewOrganizationDonor(Random random, string name, string category) => new()
    {
        Kind = DonorKind.Organization, OrganizationName = name, DefaultCategory = category,
        Email = $"{OrganizationService.Slugify(name)}@example.com",
        AddressLine1 = $"{random.Next(100, 4000)} {Streets[random.Next(Streets.Length)]}", City = "Minneapolis", Region = "MN",
        PostalCode = Places[0].PostalCodes[random.Next(Places[0].PostalCodes.Length)], Country = "US",
    };

    private static OrganizationInput AllianceSettings() => new()
    {
        Name = "Twin Cities Neighbors Alliance", LegalName = "Twin Cities Neighbors Alliance", LegalStatus = "501c3", Ein = AllianceEin,
        AddressLine1 = "2400 Example Ave S", City = "Minneapolis", Region = "MN", PostalCode = "55407", Country = "US",
        Timezone = "America/Chicago", Scale = "regional", SelfTerm = "alliance",
        Mission = "Neighborhood groups of Minneapolis and Saint Paul sharing tools, money and power. (Demo data: every name is invented.)",
        ReceiptSignatory = "Demo Treasurer", ReceiptStatement = "Thank you for standing with your neighbors.",
    };

    private static Group AllianceGroup(string[] memberNames) => new(
        AllianceSettings(), "", 0, 19,
        [.. memberNames.Select(n => (n, "membership_dues")), ("Prairie Lantern Foundation", "foundation"), ("North Star Commons Fund", "foundation"), ("Lakeside Hardware Co-op", "corporate")],
        [("General Operating", false), ("Organizer Training Fund", true)],
        null, 12_000, ("Neighbors Night Out", 9, 20, 7_500, 3_000, "Dinner and program at Neighbors Night Out"),
        ["Meeting space for the member assembly", "Printing of 2,000 door-knocking flyers"], ["assembly", "volunteer", "sustainer"]);

    private static Group[] MemberGroups() =>
    [
        new(new OrganizationInput
            {
                Name = "Riverside Flats Tenants Union", LegalStatus = "informal", City = "Minneapolis", Region = "MN", PostalCode = "55454",
                AddressLine1 = "1500 Example Riverside Ave", Timezone = "America/Chicago", Mission = "Tenants of three buildings organizing for repairs and fair rent.",
            },
            "anchor", 4, 52, [("Cedar Lane Laundromat LLC", "corporate"), ("Mississippi Mutual Aid Fund", "foundation")],
            [("General Operating", false), ("Rent Relief Fund", true)],
            1_000, null, ("Rent Party", 4, 12, 2_000, 800, "Food and music at the Rent Party"),
            ["Folding tables and chairs for building meetings", "Legal consultation hours donated by a volunteer paralegal"],
            ["building-captain", "volunteer", "newsletter"]),
        new(new OrganizationInput
            {
                Name = "Powderhorn Seed & Soil Garden", LegalStatus = "fiscally_sponsored",
                SponsorName = "Twin Cities Neighbors Alliance", SponsorEin = AllianceEin, City = "Minneapolis", Region = "MN", PostalCode = "55407",
                AddressLine1 = "3300 Example 15th Ave S", Timezone = "America/Chicago", Mission = "A community garden with forty plots and a tool library.",
            },
            "member", 3, 42, [("Green Thumb Nursery & Feed", "corporate"), ("Riverbend Community Foundation", "foundation")],
            [("General Operating", false), ("Tool Library", true), ("Youth Garden Program", true)],
            null, 4_000, ("Harvest Supper", 9, 13, 5_000, 2_000, "Harvest Supper dinner"),
            ["Seed potatoes and onion sets", "Two cubic yards of compost", "Rebuilt rototiller", "Fruit tree saplings"],
            ["plot-holder", "volunteer", "tool-library"]),
        new(new OrganizationInput
            {
                Name = "Northside Lions Youth Soccer Club", LegalStatus = "501c3", Ein = "00-0000002", City = "Minneapolis", Region = "MN",
                PostalCode = "55411", AddressLine1 = "900 Example Penn Ave N", Timezone = "America/Chicago", Mission = "Free soccer for 200 kids, coached by their neighbors.",
            },
            "member", 2, 41, [("Midway Bakery & Café", "corporate"), ("Northside Kids First Fund", "foundation")],
            [("General Operating", false), ("Scholarships and Uniforms", true)],
            null, 6_000, ("Spring Kickoff Tournament", 5, 17, 3_000, 1_000, "Lunch and a team T-shirt at the Spring Kickoff"),
            ["Forty used soccer balls and two goals", "Team jerseys from a local print shop"],
            ["parent", "coach", "volunteer"]),
        new(new OrganizationInput
            {
                Name = "Hooyo Circle Somali Mothers' Network", LegalStatus = "informal", City = "Minneapolis", Region = "MN", PostalCode = "55404",
                AddressLine1 = "600 Example Cedar Ave S", Timezone = "America/Chicago", SelfTerm = "network",
                Mission = "Mothers supporting mothers: child care swaps, language classes and a savings circle.",
            },
            "member", 1, 28, [("Crescent Moon Grocery", "corporate"), ("Sister Cities Women's Fund", "foundation")],
            [("General Operating", false), ("Child Care Fund", true)],
            500, null, ("Spring Family Dinner", 4, 26, 2_500, 1_200, "Family-style dinner at the Spring Family Dinner"),
            ["Baby clothes and car seats", "Halal groceries for the family dinner", "Donated sewing machines"],
            ["volunteer", "child-care", "language-class"]),
    ];
}
