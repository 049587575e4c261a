using System.Globalization;
using DonorTrack.Core.Validation;
using FluentValidation;

namespace DonorTrack.Core.Reports;

/// <summary>An inclusive range of the organization's local dates that a report covers.</summary>
public sealed record ReportPeriod(DateOnly From, DateOnly To)
{
    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>The period of the same length that ends the day before this one starts.</summary>
    public ReportPeriod Prior()
    {
        // A whole fiscal year compares with the whole fiscal year before it, whatever the leap days.
        if (From.Day == 1 && To.AddDays(1).Day == 1 && From.AddYears(1) == To.AddDays(1))
            return new ReportPeriod(From.AddYears(-1), From.AddDays(-1));
        return new ReportPeriod(From.AddDays(-Days), From.AddDays(-1));
    }

    public bool Contains(DateOnly date) => date >= From && date <= To;

    public override string ToString() =>
        $"{From.ToString("MMM d, yyyy", CultureInfo.InvariantCulture)} – {To.ToString("MMM d, yyyy", CultureInfo.InvariantCulture)}";
}

/// <summary>Fiscal-year arithmetic for an organization whose year starts on the first of a given month.</summary>
public sealed record FiscalCalendar(int StartMonth)
{
    public DateOnly YearStart(DateOnly date)
    {
        var start = new DateOnly(date.Year, StartMonth, 1);
        return start > date ? start.AddYears(-1) : start;
    }

    public ReportPeriod YearOf(DateOnly date)
    {
        var start = YearStart(date);
        return new ReportPeriod(start, start.AddYears(1).AddDays(-1));
    }

    /// <summary>"2025" for a calendar fiscal year, "FY 2025–26" for one that starts mid-year.</summary>
    public string Label(DateOnly yearStart) =>
        StartMonth == 1
            ? yearStart.Year.ToString(CultureInfo.InvariantCulture)
            : $"FY {yearStart.Year}–{(yearStart.Year + 1) % 100:00}";
}

/// <summary>The dates a person or API client asks a report for; both empty means the current fiscal year.</summary>
public sealed record ReportPeriodInput(DateOnly? From, DateOnly? To);

/// <summary>Both dates or neither, in order, and no longer than ten years.</summary>
public sealed class ReportPeriodInputValidator : AbstractValidator<ReportPeriodInput>
{
    public ReportPeriodInputValidator()
    {
        RuleFor(x => x.From).NotNull().When(x => x.To is not null).WithMessage("Give a start date too, or leave both dates empty for the fiscal year.");
        RuleFor(x => x.To).NotNull().When(x => x.From is not null).WithMessage("Give an end date too, or leave both dates empty for the fiscal year.");
        RuleFor(x => x.To).Must((x, to) => to >= x.From).When(x => x.From is not null && x.To is not null)
            .WithMessage("The end date must be on or after the start date.");
        RuleFor(x => x.To).Must((x, to) => to!.Value.DayNumber - x.From!.Value.DayNumber < 3660)
            .When(x => x.From is not null && x.To is not null && x.To >= x.From)
            .WithMessage("A report covers at most ten years.");
        RuleFor(x => x.From).Must(from => from!.Value.Year >= 1900).When(x => x.From is not null).WithMessage("Choose a date after 1900.");
    }

    /// <summary>Validates and resolves to a period, taking the fiscal year that contains <paramref name="today"/> when no dates are given.</summary>
    public ReportPeriod Resolve(ReportPeriodInput input, FiscalCalendar calendar, DateOnly today)
    {
        this.EnsureValid(input);
        return input.From is { } from && input.To is { } to ? new ReportPeriod(from, to) : calendar.YearOf(today);
    }
}
