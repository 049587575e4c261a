namespace DonorTrack.Core.Dues;

/// <summary>The lower_snake_case words the database, API and CSV use for the dues enums, both ways.</summary>
public static class DuesWords
{
    public static readonly IReadOnlyList<string> Intervals = ["month", "quarter", "year"];
    public static readonly IReadOnlyList<string> MemberKinds = ["individual", "organization"];
    public static readonly IReadOnlyList<string> PricingKinds = ["fixed", "sliding_scale", "pay_what_you_can"];
    public static readonly IReadOnlyList<string> MembershipStatuses = ["active", "grace", "lapsed", "cancelled"];
    public static readonly IReadOnlyList<string> RecurringStatuses = ["active", "paused", "failing", "ended"];

    public static string Word(this DuesInterval interval) => Intervals[(int)interval];

    public static string Word(this MemberKind kind) => MemberKinds[(int)kind];

    public static string Word(this DuesPricingKind kind) => PricingKinds[(int)kind];

    public static string Word(this MembershipStatus status) => MembershipStatuses[(int)status];

    public static string Word(this RecurringDonationStatus status) => RecurringStatuses[(int)status];

    public static DuesInterval Interval(string word) => (DuesInterval)IndexOf(Intervals, word);

    public static MemberKind MemberKind(string word) => (MemberKind)IndexOf(MemberKinds, word);

    public static DuesPricingKind PricingKind(string word) => (DuesPricingKind)IndexOf(PricingKinds, word);

    public static RecurringDonationStatus RecurringStatus(string word) => (RecurringDonationStatus)IndexOf(RecurringStatuses, word);

    /// <summary>Parses a word sent by a client; an unknown word becomes an out-of-range enum value the validators reject.</summary>
    public static TEnum Parse<TEnum>(string? word, IReadOnlyList<string> words) where TEnum : struct, Enum
    {
        var index = word is null ? -1 : IndexOf(words, word.Trim().ToLowerInvariant(), strict: false);
        return (TEnum)Enum.ToObject(typeof(TEnum), index);
    }

    /// <summary>"per month", "per quarter", "per year".</summary>
    public static string PerInterval(this DuesInterval interval) => "per " + interval.Word();

    private static int IndexOf(IReadOnlyList<string> words, string word, bool strict = true)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i] == word)
                return i;
        }
        return strict ? throw new ArgumentOutOfRangeException(nameof(word), word, "Unknown dues word.") : -1;
    }
}
