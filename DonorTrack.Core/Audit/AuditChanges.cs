using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DonorTrack.Core.Data;
using DonorTrack.Core.Money;

namespace DonorTrack.Core.Audit;

/// <summary>One field an audit entry changed, labelled and formatted for people: null before means it was set, null after that it was cleared or removed.</summary>
public sealed record AuditFieldChange(string Field, string Label, string? Before, string? After);

/// <summary>
/// Reads an audit entry's stored before and after snapshots and keeps only the fields that differ, with readable labels
/// ("receivedOn" reads "Received on") and values (cents as dollars, true as yes, lists as their items). A creation lists
/// what was set, a removal what was there. Snapshots that are not JSON objects are compared whole.
/// </summary>
public static partial class AuditChanges
{
    private const string WholeRecord = "";

    public static IReadOnlyList<AuditFieldChange> Of(AuditEntry entry) => Of(entry.BeforeJson, entry.AfterJson);

    public static IReadOnlyList<AuditFieldChange> Of(string? beforeJson, string? afterJson)
    {
        var before = Fields(beforeJson);
        var after = Fields(afterJson);
        var changes = new List<AuditFieldChange>();
        var names = before.Keys.Concat(after.Keys.Where(k => !before.ContainsKey(k)));
        foreach (var name in names)
        {
            var had = before.TryGetValue(name, out var old);
            var has = after.TryGetValue(name, out var now);
            if (had && has && JsonElement.DeepEquals(old, now))
                continue;
            var oldText = had ? Text(name, old) : null;
            var newText = has ? Text(name, now) : null;
            // A creation or removal leaves out the fields that were empty anyway.
            if (oldText is null && newText is null)
                continue;
            changes.Add(new AuditFieldChange(name, Label(name), oldText, newText));
        }

        return changes;
    }

    /// <summary>"receivedOn" as "Received on", "amountCents" as "Amount", "fundId" as "Fund id".</summary>
    public static string Label(string field)
    {
        if (field == WholeRecord)
            return "Value";
        var name = IsMoney(field) ? field[..^"Cents".Length] : field;
        var words = new StringBuilder();
        foreach (var (c, i) in name.Select((c, i) => (c, i)))
        {
            if (i > 0 && char.IsUpper(c) && !char.IsUpper(name[i - 1]))
                words.Append(' ');
            words.Append(i == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
        }

        return words.ToString().Replace('_', ' ');
    }

    /// <summary>A stored domain word ("membership_dues"), shown by its label; free text never matches a lower-case word run this short.</summary>
    [GeneratedRegex("^[a-z]{2,20}(_[a-z]{2,20}){0,3}$")]
    private static partial Regex DomainWord();

    private static bool IsMoney(string field) => field.Length > "Cents".Length && field.EndsWith("Cents", StringComparison.Ordinal);

    private static Dictionary<string, JsonElement> Fields(string? json)
    {
        if (string.IsNullOrEmpty(json))
            return [];
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // Entries written before snapshots were JSON keep their text; it is shown whole.
            return new() { [WholeRecord] = JsonSerializer.SerializeToElement(json) };
        }

        if (root.ValueKind != JsonValueKind.Object)
            return new() { [WholeRecord] = root };
        return root.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
    }

    /// <summary>The value as a person reads it; null for an empty value (null, empty text, empty list).</summary>
    private static string? Text(string field, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString() is { Length: > 0 } text ? (DomainWord().IsMatch(text) ? DomainWords.Label(text) : text) : null,
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        JsonValueKind.Number when IsMoney(field) && value.TryGetInt64(out var cents) => MoneyFormat.Plain(cents),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.Array => value.GetArrayLength() == 0 ? null : string.Join("; ", value.EnumerateArray().Select(item => Text(field, item) ?? "—")),
        JsonValueKind.Object => string.Join(", ", value.EnumerateObject()
            .Select(p => (p.Name, Text: Text(p.Name, p.Value)))
            .Where(p => p.Text is not null)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{Label(p.Name).ToLowerInvariant()} {p.Text}"))),
        _ => value.GetRawText(),
    };
}
