using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using DonorTrack.Core.Data;

namespace DonorTrack.Core.Audit;

/// <summary>
/// Turns the state handed to the audit log into JSON made only of plain data: a record's own state (not its computed
/// properties) and scalars, strings, dates, enums and collections of them. A member of a framework type that is not plain
/// data (a <c>CultureInfo</c>, a <c>TimeZoneInfo</c>, a stream) is left out instead of being walked, so no snapshot can
/// follow an object graph into a cycle or into a huge framework object.
/// </summary>
public static class AuditSnapshot
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<string>> Omitted = new();

    private static readonly HashSet<Type> PlainScalars =
    [
        typeof(string), typeof(bool), typeof(byte), typeof(short), typeof(int), typeof(long), typeof(decimal), typeof(double),
        typeof(float), typeof(char), typeof(Guid), typeof(DateOnly), typeof(TimeOnly), typeof(DateTime), typeof(DateTimeOffset),
        typeof(TimeSpan), typeof(Uri),
    ];

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        ReferenceHandler = ReferenceHandler.IgnoreCycles,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { KeepPlainState } },
        // Domain-word enums are recorded as their words (e.g. "awarded"), as the database and the API spell them.
        Converters = { new DomainWordJsonConverter() },
    };

    /// <summary>The JSON of <paramref name="state"/>, or null when there is no state.</summary>
    public static string? Serialize(object? state) => state is null ? null : JsonSerializer.Serialize(state, state.GetType(), Options);

    /// <summary>The members of <paramref name="type"/> a snapshot leaves out because they are not plain data (empty when none).</summary>
    public static IReadOnlyList<string> OmittedMembers(Type type)
    {
        Options.GetTypeInfo(type);
        return Omitted.TryGetValue(type, out var members) ? members : [];
    }

    /// <summary>
    /// Whether a member of this type is kept: a scalar, an enum, the application's own data, a collection of those, or
    /// <c>object</c> (written by its runtime type, whose members are filtered by the same rule).
    /// </summary>
    public static bool IsPlain(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (PlainScalars.Contains(type) || type.IsEnum || type == typeof(object) || IsOwnDataType(type))
            return true;
        if (!typeof(IEnumerable).IsAssignableFrom(type))
            return false;
        var element = ElementTypeOf(type);
        return element is not null && IsPlain(element);
    }

    private static void KeepPlainState(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
            return;
        var isRecord = info.Type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance) is not null;
        // A framework object that arrives through an object-typed member is written as {}: its getters are not ours to trust.
        var foreign = !IsOwnDataType(info.Type);
        var omitted = new List<string>();
        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            var property = info.Properties[i];
            var member = property.AttributeProvider as PropertyInfo;
            var computed = isRecord && member is not null && member.SetMethod is null;
            if (foreign || computed || !IsPlain(property.PropertyType))
            {
                if (!computed)
                    omitted.Add(member?.Name ?? property.Name);
                info.Properties.RemoveAt(i);
            }
        }
        if (omitted.Count > 0)
            Omitted[info.Type] = omitted;
    }

    // The application's own records and the anonymous objects callers build are data; their members are filtered in turn.
    private static bool IsOwnDataType(Type type) =>
        type.Assembly.GetName().Name?.StartsWith("DonorTrack", StringComparison.Ordinal) == true
        || (type.IsDefined(typeof(CompilerGeneratedAttribute), false) && type.Name.Contains("AnonymousType", StringComparison.Ordinal));

    private static Type? ElementTypeOf(Type type)
    {
        if (type.IsArray)
            return type.GetElementType();
        var dictionary = type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() is var d && (d == typeof(IDictionary<,>) || d == typeof(IReadOnlyDictionary<,>)));
        if (dictionary is not null)
            return dictionary.GetGenericArguments()[0] == typeof(string) ? dictionary.GetGenericArguments()[1] : null;
        var enumerable = type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0];
    }
}
