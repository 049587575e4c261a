using System.Data;
using System.Globalization;
using Dapper;

namespace DonorTrack.Core.Data;

/// <summary>Registers the type handlers that make Dapper store dates as 'yyyy-MM-dd' text, instants as ISO-8601 UTC text, and domain-word enums as their words.</summary>
public static class DapperConfiguration
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
            return;
        // Dapper's built-in type map wins over handlers, so the built-in entries go first.
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateOnly));
        SqlMapper.RemoveTypeMap(typeof(bool));
        SqlMapper.AddTypeHandler(new BooleanHandler());
        SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
        SqlMapper.AddTypeHandler(new DateOnlyHandler());
        // Domain-word enums are stored as their lower_snake_case words, not as integers (Dapper's default for enums).
        SqlMapper.Settings.PreferTypeHandlersForEnums = true;
        foreach (var domainWords in DomainWords.EnumsIn(typeof(DapperConfiguration).Assembly))
            SqlMapper.AddTypeHandler(domainWords, (SqlMapper.ITypeHandler)Activator.CreateInstance(typeof(DomainWordTypeHandler<>).MakeGenericType(domainWords))!);
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    public const string DateFormat = "yyyy-MM-dd";

    public const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>Reads a stored 'yyyy-MM-dd' date, for aggregates and tuples that bypass the type handler.</summary>
    public static DateOnly ParseDate(string text) => DateOnly.ParseExact(text, DateFormat, CultureInfo.InvariantCulture);

    public static string ToText(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static string ToText(DateTimeOffset instant) => instant.UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture);

    // SQLite has no boolean: flags are INTEGER 0/1, and Dapper only binds a record's bool constructor
    // parameter to an INTEGER column when a handler says how.
    private sealed class BooleanHandler : SqlMapper.TypeHandler<bool>
    {
        public override void SetValue(IDbDataParameter parameter, bool value)
        {
            parameter.DbType = DbType.Int64;
            parameter.Value = value ? 1L : 0L;
        }

        public override bool Parse(object value) => Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0;
    }

    private sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override void SetValue(IDbDataParameter parameter, DateOnly value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = ToText(value);
        }

        public override DateOnly Parse(object value) => ParseDate((string)value);
    }

    private sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = ToText(value);
        }

        public override DateTimeOffset Parse(object value) =>
            DateTimeOffset.Parse((string)value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }
}
