using DonorTrack.Core.Matching;
using DonorTrack.Core.Money;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace DonorTrack.Web.Pages.Matching;

/// <summary>The campaign form: amounts typed in dollars, participants as ticked organizations with optional caps.</summary>
public sealed class MatchingForm
{
    public string? Name { get; set; }
    public long? FunderDonorId { get; set; }
    public string? Pool { get; set; }
    public string? Ratio { get; set; } = "1:1";
    public string? PerGiftCap { get; set; }
    public string? PerDonorCap { get; set; }
    public DateOnly? StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }
    public string? Eligibility { get; set; } = "all";
    public int? RecurringMultiplier { get; set; }
    public string? Kind { get; set; } = "match";
    public string? Threshold { get; set; }
    public List<long> Participants { get; set; } = [];
    public Dictionary<long, string?> Caps { get; set; } = [];
    public bool Confirmed { get; set; }

    public static MatchingForm From(MatchingCampaign c, IEnumerable<MatchingParticipantTotals> participants)
    {
        var list = participants.ToList();
        return new MatchingForm
        {
            Name = c.Name, FunderDonorId = c.FunderDonorId, Pool = MoneyFormat.Plain(c.PoolCents), Ratio = c.Ratio.ToString(),
            PerGiftCap = Plain(c.PerGiftCapCents), PerDonorCap = Plain(c.PerDonorCapCents), StartsOn = c.StartsOn, EndsOn = c.EndsOn,
            Eligibility = c.Eligibility, RecurringMultiplier = (int?)c.RecurringMultiplier, Kind = c.Kind, Threshold = Plain(c.ThresholdCents),
            Participants = list.Select(p => p.OrganizationId).ToList(),
            Caps = list.ToDictionary(p => p.OrganizationId, p => Plain(p.CapCents)),
        };
    }

    /// <summary>The input to validate, or null after adding a message next to each amount that is not a money amount.</summary>
    public MatchingCampaignInput? ToInput(ModelStateDictionary modelState)
    {
        var pool = Cents(Pool, nameof(Pool), modelState);
        var perGift = Cents(PerGiftCap, nameof(PerGiftCap), modelState);
        var perDonor = Cents(PerDonorCap, nameof(PerDonorCap), modelState);
        var threshold = Cents(Threshold, nameof(Threshold), modelState);
        var participants = Participants.Select(id => new MatchingParticipantInput
        {
            OrganizationId = id,
            CapCents = Cents(Caps.GetValueOrDefault(id), $"Caps[{id}]", modelState),
        }).ToList();
        if (!modelState.IsValid)
            return null;
        return new MatchingCampaignInput
        {
            Name = Name, FunderDonorId = FunderDonorId, PoolCents = pool, Ratio = Ratio, PerGiftCapCents = perGift, PerDonorCapCents = perDonor,
            StartsOn = StartsOn, EndsOn = EndsOn, Eligibility = Eligibility, RecurringMultiplier = RecurringMultiplier, Kind = Kind,
            ThresholdCents = threshold, Participants = participants,
        };
    }

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

    private static string? Plain(long? cents) => cents is { } c ? MoneyFormat.Plain(c) : null;

    private static long? Cents(string? text, string field, ModelStateDictionary modelState)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var cents = MoneyFormat.ParseCents(text);
        if (cents is null)
            modelState.AddModelError($"Input.{field}", "Write an amount like 125 or 125.50.");
        return cents;
    }
}
