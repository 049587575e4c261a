using System.Globalization;

namespace DonorTrack.Core.Payments;

/// <summary>The DonorTrack facts written into Stripe metadata at checkout and read back from webhooks; the one place the keys are spelled.</summary>
public sealed record PaymentMetadata
{
    // Stripe limits metadata values to 500 characters; names and emails never come close, but a pasted essay might.
    private const int MaxValueLength = 500;

    public long? OrganizationId { get; init; }

    /// <summary>"donation", "recurring_donation" or "dues"; null when the Stripe object was not created by DonorTrack.</summary>
    public string? Kind { get; init; }

    public string? DonorEmail { get; init; }

    public string? DonorFirstName { get; init; }

    public string? DonorLastName { get; init; }

    public string? DonorPhone { get; init; }

    public long? CampaignId { get; init; }

    public long? FundId { get; init; }

    public long? PlanId { get; init; }

    /// <summary>"month", "quarter" or "year" for recurring payments.</summary>
    public string? Interval { get; init; }

    /// <summary>How much of the total the donor added to cover the processing fee.</summary>
    public long CoverFeeCents { get; init; }

    public static string KindWord(PaymentPurpose purpose) => purpose switch
    {
        PaymentPurpose.Donation => "donation",
        PaymentPurpose.RecurringDonation => "recurring_donation",
        PaymentPurpose.Dues => "dues",
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, null),
    };

    public static string IntervalWord(BillingInterval interval) => interval switch
    {
        BillingInterval.Month => "month",
        BillingInterval.Quarter => "quarter",
        BillingInterval.Year => "year",
        _ => throw new ArgumentOutOfRangeException(nameof(interval), interval, null),
    };

    public static PaymentMetadata For(CheckoutRequest request) => new()
    {
        OrganizationId = request.OrganizationId,
        Kind = KindWord(request.Purpose),
        DonorEmail = request.Donor.Email,
        DonorFirstName = request.Donor.FirstName,
        DonorLastName = request.Donor.LastName,
        DonorPhone = request.Donor.Phone,
        CampaignId = request.CampaignId,
        FundId = request.FundId,
        PlanId = request.PlanId,
        Interval = request.Interval is { } interval ? IntervalWord(interval) : null,
        CoverFeeCents = request.CoverFeeCents,
    };

    public Dictionary<string, string> ToStripe()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        Put(values, "organization_id", OrganizationId);
        Put(values, "kind", Kind);
        Put(values, "donor_email", DonorEmail);
        Put(values, "donor_first_name", DonorFirstName);
        Put(values, "donor_last_name", DonorLastName);
        Put(values, "donor_phone", DonorPhone);
        Put(values, "campaign_id", CampaignId);
        Put(values, "fund_id", FundId);
        Put(values, "plan_id", PlanId);
        Put(values, "interval", Interval);
        if (CoverFeeCents > 0)
            Put(values, "cover_fee_cents", CoverFeeCents);
        return values;
    }

    /// <summary>Reads the keys back; unknown keys are ignored and unparsable numbers become null rather than failing a webhook.</summary>
    public static PaymentMetadata FromStripe(IReadOnlyDictionary<string, string>? values)
    {
        if (values is null || values.Count == 0)
            return new PaymentMetadata();
        return new PaymentMetadata
        {
            OrganizationId = Number(values, "organization_id"),
            Kind = Text(values, "kind"),
            DonorEmail = Text(values, "donor_email"),
            DonorFirstName = Text(values, "donor_first_name"),
            DonorLastName = Text(values, "donor_last_name"),
            DonorPhone = Text(values, "donor_phone"),
            CampaignId = Number(values, "campaign_id"),
            FundId = Number(values, "fund_id"),
            PlanId = Number(values, "plan_id"),
            Interval = Text(values, "interval"),
            CoverFeeCents = Number(values, "cover_fee_cents") ?? 0,
        };
    }

    private static void Put(Dictionary<string, string> values, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
            values[key] = value.Length <= MaxValueLength ? value : value[..MaxValueLength];
    }

    private static void Put(Dictionary<string, string> values, string key, long? value)
    {
        if (value is { } number)
            values[key] = number.ToString(CultureInfo.InvariantCulture);
    }

    private static string? Text(IReadOnlyDictionary<string, string> values, string key) =>
        values.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    private static long? Number(IReadOnlyDictionary<string, string> values, string key) =>
        values.TryGetValue(key, out var value) && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;
}
