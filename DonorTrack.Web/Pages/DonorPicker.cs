namespace DonorTrack.Web.Pages;

/// <summary>
/// The "find the donor" step of a form that starts from a donor (record a gift, record a pledge): what was searched for,
/// the first donors it found, and the form's address each found donor links to. With script the search box is a
/// search-as-you-type list (wwwroot/js/donor-picker.js) that opens the form for the donor chosen.
/// </summary>
public sealed record DonorPicker(string? Search, IReadOnlyList<DonorListItem> Matches, string ChoosePath)
{
    public const int MatchesShown = 20;

    public static DonorPicker Find(DonorService donors, Actor actor, string? search, string choosePath) =>
        new(search, DonorField.Matching(donors, actor, search), choosePath);
}

/// <summary>
/// A donor chosen inside a larger form (dues enrolment, recurring donation, soft credit, matching funder, template preview).
/// Without script the person types a name, email or postal code, presses Find and picks one of the donors listed as radio
/// buttons; with script the same box lists donors as they type. Either way the form posts the donor's id under
/// <see cref="Name"/> and nobody types an internal id.
/// </summary>
public sealed record DonorField(string Name, string Label, DonorListItem? Chosen, string? Search, IReadOnlyList<DonorListItem> Matches, bool Optional)
{
    /// <summary>The submit button that asks for the matches of a field's search box instead of saving the form.</summary>
    public const string FindButton = "findDonor";

    public string SearchName => Name + "Search";

    /// <summary>The element id the field's label, error message and list are named from (<c>Input.FunderDonorId</c> → <c>Input_FunderDonorId</c>).</summary>
    public string Id => Name.Replace('.', '_').Replace('[', '_').Replace(']', '_');

    public string ErrorId => Id + "-error";

    /// <summary>
    /// The field as the request left it: <paramref name="chosenId"/> is the donor posted (or linked to), the search box's text
    /// comes from the request under <see cref="SearchName"/>, and its matches are looked up unless the text is the chosen donor's name.
    /// </summary>
    public static DonorField For(HttpRequest request, DonorService donors, Actor actor, string name, string label, long? chosenId, bool optional = false)
    {
        var chosen = chosenId is > 0 && donors.Find(actor, chosenId.Value) is { } donor ? ListItem(donor) : null;
        var search = SearchText(request, name + "Search");
        var matches = chosen is not null && (string.IsNullOrWhiteSpace(search) || search.Trim() == chosen.DisplayName)
            ? [] : Matching(donors, actor, search).Where(d => d.Id != chosen?.Id).ToList();
        return new DonorField(name, label, chosen, search ?? chosen?.DisplayName, matches, optional);
    }

    /// <summary>True when the post is a press of a donor field's Find button: the page shows the matches and saves nothing.</summary>
    public static bool IsFindRequest(HttpRequest request) => request.HasFormContentType && request.Form.ContainsKey(FindButton);

    /// <summary>The first <see cref="DonorPicker.MatchesShown"/> donors of the signed-in organization whose name, email or postal code match.</summary>
    public static IReadOnlyList<DonorListItem> Matching(DonorService donors, Actor actor, string? search) =>
        string.IsNullOrWhiteSpace(search) ? [] : donors.Search(actor, new DonorQuery(search, null, new PageRequest(1, DonorPicker.MatchesShown))).Items;

    private static string? SearchText(HttpRequest request, string key)
    {
        var text = request.HasFormContentType && request.Form.TryGetValue(key, out var posted) ? posted.ToString() : request.Query[key].ToString();
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    private static DonorListItem ListItem(Donor donor) =>
        new(donor.Id, donor.Kind, donor.FirstName, donor.LastName, donor.OrganizationName, donor.Email, donor.City, donor.PostalCode, donor.DoNotContact);
}
