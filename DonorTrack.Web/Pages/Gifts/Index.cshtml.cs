namespace DonorTrack.Web.Pages.Gifts;

public sealed class IndexModel(GiftService gifts, DesignationService designations) : PageModel
{
    public GiftQuery Query { get; private set; } = new();

    public GiftList Results { get; private set; } = null!;

    public IReadOnlyList<Fund> Funds { get; private set; } = [];

    public IReadOnlyList<Campaign> Campaigns { get; private set; } = [];

    public void OnGet(DateOnly? from, DateOnly? to, string? category, string? method, long? fundId, long? campaignId, int? p)
    {
        var actor = User.ToActor();
        Query = new GiftQuery { From = from, To = to, Category = Filter<GiftCategory>(category), Method = Filter<GiftMethod>(method), FundId = fundId, CampaignId = campaignId, Page = new PageRequest(p, 50) };
        Results = gifts.List(actor, Query);
        Funds = designations.Funds(actor);
        Campaigns = designations.Campaigns(actor);
    }

    /// <summary>A filter word from the query string; one the lists do not offer filters nothing.</summary>
    private static TEnum? Filter<TEnum>(string? word) where TEnum : struct, Enum =>
        DomainWords.TryParse<TEnum>(word, out var value) ? value : null;

    public string PageLink(int page) =>
        $"?from={Query.From:yyyy-MM-dd}&to={Query.To:yyyy-MM-dd}&category={Query.Category?.Word()}&method={Query.Method?.Word()}&fundId={Query.FundId}&campaignId={Query.CampaignId}&p={page}";
}
