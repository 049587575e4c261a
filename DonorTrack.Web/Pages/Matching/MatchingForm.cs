using DonorTrack.Core.Matching;

namespace DonorTrack.Web.Pages.Matching;

/// <summary>The campaign form: amounts typed in dollars, participants as ticked organizations with optional caps.</summary>
public sealed class MatchingForm
{
    public string? Name { get; set; }
    public long? FunderDonorId { get; set; }
    public Dollars? Pool { get; set; }
    public string? Ratio { get; set; } = "1:1";
    public Dollars? PerGiftCap { get; set; }
    public Dollars? PerDonorCap { get; set; }
    public DateOnly? StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }
    public string? Eligibility { get; set; } = "all";
    public int? RecurringMultiplier { get; set; }
    public string? Kind { get; set; } = "match";
    public Dollars? Threshold { get; set; }
    public List<long> Participants { get; set; } = [];
    public Dictionary<long, Dollars?> Caps { get; set; } = [];
    public bool Confirmed { get; set; }

    public static MatchingForm From(MatchingCampaign c, IEnumerable<MatchingParticipantTotals> participants)
    {
        var list = participants.ToList();
        return new MatchingForm
        {
            Name = c.Name, FunderDonorId = c.FunderDonorId, Pool = new Dollars(c.PoolCents), Ratio = c.Ratio.ToString(),
            PerGiftCap = Of(c.PerGiftCapCents), PerDonorCap = Of(c.PerDonorCapCents), StartsOn = c.StartsOn, EndsOn = c.EndsOn,
            Eligibility = c.Eligibility, RecurringMultiplier = (int?)c.RecurringMultiplier, Kind = c.Kind, Threshold = Of(c.ThresholdCents),
            Participants = list.Select(p => p.OrganizationId).ToList(),
            Caps = list.ToDictionary(p => p.OrganizationId, p => Of(p.CapCents)),
        };
    }

    /// <summary>The input to validate; amounts that were not money amounts were refused while binding.</summary>
    public MatchingCampaignInput ToInput() => new()
    {
        Name = Name, FunderDonorId = FunderDonorId, PoolCents = Pool?.Cents, Ratio = Ratio, PerGiftCapCents = PerGiftCap?.Cents,
        PerDonorCapCents = PerDonorCap?.Cents, StartsOn = StartsOn, EndsOn = EndsOn, Eligibility = Eligibility,
        RecurringMultiplier = RecurringMultiplier, Kind = Kind, ThresholdCents = Threshold?.Cents,
        Participants = Participants.Select(id => new MatchingParticipantInput { OrganizationId = id, CapCents = Caps.GetValueOrDefault(id)?.Cents }).ToList(),
    };

    /// <summary>Maps the input's field names to the form's ("PoolCents" is typed as "Pool").</summary>
    public string FormField(string property, MatchingCampaignInput input)
    {
        if (property.StartsWith("Participants[", StringComparison.Ordinal) && int.TryParse(property["Participants[".Length..property.IndexOf(']')], out var index)
            && index < input.Participants!.Count)
            return $"Caps[{input.Participants[index].OrganizationId}]";
        return property switch
        {
            nameof(MatchingCampaignInput.PoolCents) => nameof(Pool),
            nameof(MatchingCampaignInput.PerGiftCapCents) => nameof(PerGiftCap),
            nameof(MatchingCampaignInput.PerDonorCapCents) => nameof(PerDonorCap),
            nameof(MatchingCampaignInput.ThresholdCents) => nameof(Threshold),
            _ => property,
        };
    }

    private static Dollars? Of(long? cents) => cents is { } c ? new Dollars(c) : null;
}
