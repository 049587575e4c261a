namespace DonorTrack.Core.Grants;

/// <summary>One due date and amount of a grant's or pledge's schedule.</summary>
public sealed record InstallmentInput(DateOnly? DueOn, long? AmountCents);

/// <summary>An installment with what the linked payments and write-offs cover of it.</summary>
public sealed record InstallmentState(int Position, DateOnly DueOn, long AmountCents, long PaidCents, long WrittenOffCents)
{
    public long OpenCents => AmountCents - PaidCents - WrittenOffCents;

    public InstallmentStanding Standing =>
        OpenCents > 0 ? PaidCents > 0 ? InstallmentStanding.PartlyPaid : InstallmentStanding.Open
        : PaidCents == 0 && WrittenOffCents > 0 ? InstallmentStanding.WrittenOff : InstallmentStanding.Paid;

    public bool IsOverdue(DateOnly today) => OpenCents > 0 && DueOn < today;
}

/// <summary>Schedule arithmetic: equal installments, and applying payments to a schedule in order.</summary>
public static class InstallmentSchedule
{
    public const int MaximumInstallments = 120;

    /// <summary>
    /// <paramref name="count"/> installments of total ÷ count cents, <paramref name="intervalMonths"/> apart from
    /// <paramref name="firstDueOn"/>; the remainder cents go on the last, so the schedule sums exactly to the total.
    /// </summary>
    public static IReadOnlyList<InstallmentInput> Equal(long totalCents, int count, DateOnly firstDueOn, int intervalMonths)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalCents, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var count64 = Math.Min(count, totalCents);
        var each = totalCents / count64;
        var remainder = totalCents % count64;
        return [.. Enumerable.Range(0, (int)count64).Select(i =>
            new InstallmentInput(firstDueOn.AddMonths(i * intervalMonths), each + (i == count64 - 1 ? remainder : 0)))];
    }

    /// <summary>
    /// <paramref name="count"/> equal installments (remainder cents on the last) spread over the term: the first on the
    /// start date, then every term ÷ count whole months, or every term ÷ count days when the term has fewer months than
    /// installments, so the last one always falls inside the term.
    /// </summary>
    public static IReadOnlyList<InstallmentInput> WithinTerm(long totalCents, int count, DateOnly startsOn, DateOnly endsOn)
    {
        var termMonths = 0;
        while (startsOn.AddMonths(termMonths + 1) <= endsOn.AddDays(1))
            termMonths++;
        if (termMonths >= count)
            return Equal(totalCents, count, startsOn, termMonths / count);
        var termDays = endsOn.DayNumber - startsOn.DayNumber + 1;
        return [.. Equal(totalCents, count, startsOn, 0).Select((installment, i) => installment with { DueOn = startsOn.AddDays((int)((long)i * termDays / count)) })];
    }

    /// <summary>
    /// Applies the counted payments to the installments in schedule order (earliest first), and write-offs to the latest
    /// installments still open, so paid amounts are always derived from the gifts and never drift.
    /// </summary>
    public static IReadOnlyList<InstallmentState> Apply(IEnumerable<(DateOnly DueOn, long AmountCents)> schedule, long paidCents, long writtenOffCents)
    {
        var states = schedule.Select((s, i) => new InstallmentState(i, s.DueOn, s.AmountCents, 0, 0)).ToArray();
        var paidLeft = Math.Max(0, paidCents);
        for (var i = 0; i < states.Length && paidLeft > 0; i++)
        {
            var paid = Math.Min(paidLeft, states[i].AmountCents);
            states[i] = states[i] with { PaidCents = paid };
            paidLeft -= paid;
        }
        var writeOffLeft = Math.Max(0, writtenOffCents);
        for (var i = states.Length - 1; i >= 0 && writeOffLeft > 0; i--)
        {
            var covered = Math.Min(writeOffLeft, states[i].OpenCents);
            states[i] = states[i] with { WrittenOffCents = covered };
            writeOffLeft -= covered;
        }
        return states;
    }
}
