using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;

namespace DonorTrack.Web.Api;

/// <summary>The API's JSON conventions, and reading a request body so that a malformed field gets a per-field error like any other.</summary>
public static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip;
        options.Converters.Add(new DomainWordJsonConverter());
    }

    private static readonly JsonSerializerOptions Options = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        return options;
    }

    /// <summary>
    /// A PATCH: <paramref name="current"/> with the fields the caller sent replaced (an explicit null clears a field), read back
    /// as <typeparamref name="T"/> so a sent field of the wrong type is a field error like any other.
    /// </summary>
    public static T Merge<T>(T current, System.Text.Json.Nodes.JsonObject changes) where T : class
    {
        var merged = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(current, Options))!.AsObject();
        foreach (var (name, value) in changes)
        {
            RefuseUnencodableText(name, value);
            var known = merged.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
            if (known is not null)
                merged[known] = value?.DeepClone();
        }
        try
        {
            return merged.Deserialize<T>(Options)!;
        }
        catch (JsonException error)
        {
            var field = string.IsNullOrEmpty(error.Path) || error.Path == "$" ? "body" : error.Path.TrimStart('$', '.');
            throw new ValidationException([new FluentValidation.Results.ValidationFailure(field, "This value is not of the expected type or format (amounts are integer cents, dates YYYY-MM-DD).")]);
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException)
        {
            // A JSON object read as a JsonObject refuses a name given twice, and text that cannot be re-encoded, outside JsonException.
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("body", "The body is not a JSON object this API can read: each field once, as UTF-8 text.")]);
        }
    }

    // The reader keeps a string escape such as "\ud800" (half of a surrogate pair) as it is; it cannot be written back as
    // UTF-8, so re-reading the merged object would throw outside JsonException.
    private static void RefuseUnencodableText(string name, System.Text.Json.Nodes.JsonNode? value)
    {
        try
        {
            _ = value?.ToJsonString(Options);
        }
        catch (Exception error) when (error is InvalidOperationException or ArgumentException)
        {
            throw new ValidationException([new FluentValidation.Results.ValidationFailure(FieldName(name), "This value holds text that is not valid Unicode; send UTF-8 text.")]);
        }
    }

    /// <summary>Reads the body as <typeparamref name="T"/>; a body that is not JSON or a field of the wrong type becomes a validation error naming the field.</summary>
    public static async Task<T> ReadAsync<T>(HttpRequest request) where T : class
    {
        if (!request.HasJsonContentType())
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("body", "Send the request body as application/json.")]);
        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, request.HttpContext.RequestAborted)
                ?? throw new ValidationException([new FluentValidation.Results.ValidationFailure("body", "The request body is empty.")]);
            // A JsonObject reads its members lazily; counting them here turns a repeated or undecodable name into a body error now.
            if (body is System.Text.Json.Nodes.JsonObject members)
                _ = members.Count;
            return body;
        }
        catch (JsonException error)
        {
            var field = string.IsNullOrEmpty(error.Path) || error.Path == "$" ? "body" : error.Path.TrimStart('$', '.');
            throw new ValidationException([new FluentValidation.Results.ValidationFailure(field, "This value is not of the expected type or format (amounts are integer cents, dates YYYY-MM-DD).")]);
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException)
        {
            // A JSON object read as a JsonObject refuses a name given twice, and text that cannot be re-encoded, outside JsonException.
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("body", "The body is not a JSON object this API can read: each field once, as UTF-8 text.")]);
        }
    }

    /// <summary>"SoftCredits[0].DonorId" → "softCredits[0].donorId", matching the JSON the client sent.</summary>
    public static string FieldName(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));
}
