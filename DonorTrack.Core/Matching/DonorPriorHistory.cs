namespace DonorTrack.Core.Matching;

/// <summary>A donor's giving to one organization in the 12 months before a campaign starts; a donor with no entry gave nothing then.</summary>
public sealed record DonorPriorHistory(long OrganizationId, long DonorId, long PriorTwelveMonthNetCents, bool HadCompletedGift)
{
    /// <summary>First day of the look-back period: the window start minus 12 months (29 February falls back to the 28th).</summary>
    public static DateOnly LookBackStartsOn(DateOnly windowStartsOn) => windowStartsOn.AddMonths(-12);

    /// <summary>Last day of the look-back period: the day before the window starts.</summary>
    public static DateOnly LookBackEndsOn(DateOnly windowStartsOn) => windowStartsOn.AddDays(-1);

    /// <summary>
    /// Sums each (organization, donor)'s completed gifts, net of refunds, received from <see cref="LookBackStartsOn"/>
    /// through <see cref="LookBackEndsOn"/> inclusive. Every method and category counts: the question is whether the
    /// donor gave at all, not whether that gift would have been matchable.
    /// </summary>
    public static IReadOnlyList<DonorPriorHistory> FromPriorGifts(IEnumerable<CandidateGift> gifts, DateOnly windowStartsOn)
    {
        ArgumentNullException.ThrowIfNull(gifts);
        var from = LookBackStartsOn(windowStartsOn);
        var through = LookBackEndsOn(windowStartsOn);
        var totals = new Dictionary<(long OrganizationId, long DonorId), long>();
        foreach (var gift in gifts)
        {
            if (!gift.IsCounted || gift.ReceivedOn < from || gift.ReceivedOn > through)
                continue;
            var key = (gift.OrganizationId, gift.DonorId);
            totals[key] = checked(totals.GetValueOrDefault(key) + gift.NetCents);
        }

        return totals
            .OrderBy(t => t.Key.OrganizationId).ThenBy(t => t.Key.DonorId)
            .Select(t => new DonorPriorHistory(t.Key.OrganizationId, t.Key.DonorId, t.Value, HadCompletedGift: true))
            .ToList();
    }
}
