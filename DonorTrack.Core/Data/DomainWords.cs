using System.Collections.Frozen;
using System.Data;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;

namespace DonorTrack.Core.Data;

/// <summary>
/// Marks an enum of domain words (gift methods, statuses, roles, …) that the database, the API, CSV files and pages all
/// spell as lower_snake_case words of the member names: <c>InKind</c> is <c>in_kind</c>, <c>PartiallyRefunded</c> is
/// <c>partially_refunded</c>. One mapping serves Dapper (<see cref="DapperConfiguration"/>) and JSON (<see cref="DomainWordJsonConverter"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Enum)]
public sealed class DomainWordsAttribute : Attribute;

/// <summary>The one mapping between a <see cref="DomainWordsAttribute"/> enum and its lower_snake_case words.</summary>
public static class DomainWords
{
    /// <summary>The value a word that names no member parses to: out of range, so a validator's <c>IsInEnum()</c> names the field.</summary>
    public const int Unknown = -1;

    public static string Word<TEnum>(this TEnum value) where TEnum : struct, Enum =>
        WordsOf<TEnum>.ByValue.TryGetValue(value, out var word)
            ? word
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(TEnum).Name} has no word for this value.");

    /// <summary>Every word of <typeparamref name="TEnum"/> in declaration order, e.g. for a select list or a validator message.</summary>
    public static IReadOnlyList<string> All<TEnum>() where TEnum : struct, Enum => WordsOf<TEnum>.InOrder;

    /// <summary>Every member of <typeparamref name="TEnum"/> in declaration order.</summary>
    public static IReadOnlyList<TEnum> Values<TEnum>() where TEnum : struct, Enum => WordsOf<TEnum>.Members;

    public static bool TryParse<TEnum>(string? word, out TEnum value) where TEnum : struct, Enum
    {
        if (word is not null && WordsOf<TEnum>.ByWord.TryGetValue(word.Trim().ToLowerInvariant(), out value))
            return true;
        value = default;
        return false;
    }

    /// <summary>Reads a stored word; a word the enum does not know is a defect in the data, not user input, so it throws.</summary>
    public static TEnum Parse<TEnum>(string word) where TEnum : struct, Enum =>
        TryParse<TEnum>(word, out var value) ? value : throw new FormatException($"'{word}' is not a {typeof(TEnum).Name} word.");

    /// <summary>Reads a word a client sent: an unknown word becomes <see cref="Unknown"/>, which the input's validator refuses with a message.</summary>
    public static TEnum ParseInput<TEnum>(string? word) where TEnum : struct, Enum =>
        TryParse<TEnum>(word, out var value) ? value : (TEnum)Enum.ToObject(typeof(TEnum), Unknown);

    /// <summary>"in_kind, stock, other": the words a validator message lists.</summary>
    public static string List<TEnum>() where TEnum : struct, Enum => string.Join(", ", WordsOf<TEnum>.InOrder);

    /// <summary>How pages, receipts and reports show a domain word: "ACH", "In-kind", "Partially refunded".</summary>
    public static string Label<TEnum>(this TEnum value) where TEnum : struct, Enum => Label(value.Word());

    /// <summary>The display label of a stored or typed word.</summary>
    public static string Label(string word) => word switch
    {
        "" => "",
        "ach" => "ACH",
        "in_kind" => "In-kind",
        "membership_dues" => "Membership dues",
        "partially_refunded" => "Partially refunded",
        "in_honor" => "In honor of",
        "in_memory" => "In memory of",
        _ => char.ToUpperInvariant(word[0]) + word[1..].Replace('_', ' '),
    };

    internal static string ToWord(string memberName)
    {
        var word = new StringBuilder(memberName.Length + 4);
        for (var i = 0; i < memberName.Length; i++)
        {
            var c = memberName[i];
            if (char.IsUpper(c) && i > 0)
                word.Append('_');
            word.Append(char.ToLowerInvariant(c));
        }
        return word.ToString();
    }

    /// <summary>The enums of an assembly that carry <see cref="DomainWordsAttribute"/>.</summary>
    internal static IEnumerable<Type> EnumsIn(Assembly assembly) =>
        assembly.GetTypes().Where(type => type.IsEnum && type.GetCustomAttribute<DomainWordsAttribute>() is not null);

    private static class WordsOf<TEnum> where TEnum : struct, Enum
    {
        public static readonly IReadOnlyList<TEnum> Members = Enum.GetValues<TEnum>();
        public static readonly IReadOnlyList<string> InOrder = Members.Select(m => ToWord(m.ToString())).ToArray();
        public static readonly FrozenDictionary<TEnum, string> ByValue = Members.Zip(InOrder).ToFrozenDictionary(p => p.First, p => p.Second);
        public static readonly FrozenDictionary<string, TEnum> ByWord = Members.Zip(InOrder).ToFrozenDictionary(p => p.Second, p => p.First, StringComparer.Ordinal);
    }
}

/// <summary>Stores a domain-word enum as its word in a TEXT column and reads it back.</summary>
internal sealed class DomainWordTypeHandler<TEnum> : SqlMapper.TypeHandler<TEnum> where TEnum : struct, Enum
{
    public override void SetValue(IDbDataParameter parameter, TEnum value)
    {
        parameter.DbType = DbType.String;
        parameter.Value = value.Word();
    }

    public override TEnum Parse(object value) => DomainWords.Parse<TEnum>((string)value);
}

/// <summary>Writes domain-word enums as their words in JSON; reads a word a client sent, an unknown one as <see cref="DomainWords.Unknown"/> for the validator to name.</summary>
public sealed class DomainWordJsonConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsEnum && typeToConvert.GetCustomAttribute<DomainWordsAttribute>() is not null;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(WordConverter<>).MakeGenericType(typeToConvert))!;

    private sealed class WordConverter<TEnum> : JsonConverter<TEnum> where TEnum : struct, Enum
    {
        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String
                ? DomainWords.ParseInput<TEnum>(reader.GetString()!)
                : throw new JsonException($"Expected one of: {DomainWords.List<TEnum>()}.");

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) => writer.WriteStringValue(value.Word());
    }
}
