using DonorTrack.Core.Donors;
using DonorTrack.Core.Money;
using DonorTrack.Core.Validation;
using FluentValidation;

namespace DonorTrack.Core.Grants;

/// <summary>Rules shared by grant and pledge schedules: positive amounts, real dates, a sum equal to the total.</summary>
internal static class ScheduleRules
{
    public const long MaximumAmountCents = 10_000_000_000;

    public static void Amount<T>(IRuleBuilder<T, long?> rule, string what) =>
        rule.NotNull().WithMessage($"Enter the {what}.")
            .GreaterThan(0).WithMessage($"The {what} must be more than zero.")
            .LessThanOrEqualTo(MaximumAmountCents).WithMessage($"The {what} cannot be more than $100,000,000.00.");

    public static bool RealDate(DateOnly? date) => date is null || date.Value.Year is >= 1900 and <= 2200;

    /// <summary>True when the schedule is absent, or adds up exactly to the total (other rules name bad rows and totals).</summary>
    public static bool SumsTo(IReadOnlyList<InstallmentInput>? list, long? total) =>
        list is null || total is not > 0 || list.Any(i => i.AmountCents is not > 0) || list.Sum(i => i.AmountCents!.Value) == total;

    public static string SumMessage(IReadOnlyList<InstallmentInput>? list, long? total, string totalName) =>
        $"The installments add up to {MoneyFormat.Plain(list?.Sum(i => i.AmountCents ?? 0) ?? 0)}; they must add up to the {totalName} of {MoneyFormat.Plain(total ?? 0)}.";
}

/// <summary>One installment: a real due date and an amount above zero.</summary>
public sealed class InstallmentInputValidator : AbstractValidator<InstallmentInput>
{
    public InstallmentInputValidator()
    {
        RuleFor(i => i.DueOn).NotNull().WithMessage("Enter the installment's due date.").Must(ScheduleRules.RealDate).WithMessage("Enter a real date.");
        RuleFor(i => i.AmountCents).NotNull().WithMessage("Enter the installment's amount.").GreaterThan(0).WithMessage("Each installment must be more than zero.");
    }
}

/// <summary>Rules for a new or replaced grant, shared by pages and the API.</summary>
public sealed class GrantInputValidator : AbstractValidator<GrantInput>
{
    public GrantInputValidator()
    {
        RuleFor(x => x.FunderDonorId).NotNull().WithMessage("Choose the funder.").GreaterThan(0).WithMessage("Choose the funder.");
        RuleFor(x => x.Name).NotEmpty().WithMessage("Name the grant, e.g. “General support 2026–2027”.").OptionalText(200);
        ScheduleRules.Amount(RuleFor(x => x.AmountCents), "amount awarded");
        RuleFor(x => x.AwardedOn).Must(ScheduleRules.RealDate).WithMessage("Enter a real date.");
        RuleFor(x => x.StartsOn).NotNull().WithMessage("Enter the date the grant term starts.").Must(ScheduleRules.RealDate).WithMessage("Enter a real date.");
        RuleFor(x => x.EndsOn).NotNull().WithMessage("Enter the date the grant term ends.").Must(ScheduleRules.RealDate).WithMessage("Enter a real date.")
            .Must((input, end) => input.StartsOn is null || end is null || end >= input.StartsOn).WithMessage("The term cannot end before it starts.");
        RuleFor(x => x.Restriction).NotNull().WithMessage("Choose general operating or project.")
            .IsInEnum().WithMessage($"Choose one of: {Data.DomainWords.List<GrantRestriction>()}.");
        RuleFor(x => x.Purpose).NotEmpty().WithMessage("Say what the project grant is for.").When(x => x.Restriction == GrantRestriction.Project);
        RuleFor(x => x.Purpose).OptionalText(500);
        RuleFor(x => x.ProgramArea).OptionalText(100);
        RuleFor(x => x.Status).NotNull().WithMessage("Choose the grant's status.")
            .IsInEnum().WithMessage($"Choose one of: {Data.DomainWords.List<GrantStatus>()}.");
        RuleFor(x => x.Notes).OptionalText(4000);
        RuleFor(x => x.InstallmentCount).InclusiveBetween(1, InstallmentSchedule.MaximumInstallments)
            .WithMessage($"Use between 1 and {InstallmentSchedule.MaximumInstallments} installments.");
        RuleFor(x => x.Installments).Must(list => list is null || list.Count is >= 1 and <= InstallmentSchedule.MaximumInstallments)
            .WithMessage($"Use between 1 and {InstallmentSchedule.MaximumInstallments} installments.")
            .Must((input, list) => ScheduleRules.SumsTo(list, input.AmountCents))
            .WithMessage((input, list) => ScheduleRules.SumMessage(list, input.AmountCents, "amount awarded"));
        RuleForEach(x => x.Installments).SetValidator(new InstallmentInputValidator());
        RuleFor(x => x.ReportDeadlines).Must(list => list is null || list.Count <= 50).WithMessage("Use at most 50 reporting deadlines.");
        RuleForEach(x => x.ReportDeadlines).ChildRules(deadline =>
        {
            deadline.RuleFor(d => d.DueOn).NotNull().WithMessage("Enter the report's due date.").Must(ScheduleRules.RealDate).WithMessage("Enter a real date.");
            deadline.RuleFor(d => d.Description).NotEmpty().WithMessage("Say which report is due.").OptionalText(300);
        });
    }
}

/// <summary>Rules for a new pledge, shared by pages and the API.</summary>
public sealed class PledgeInputValidator : AbstractValidator<PledgeInput>
{
    public PledgeInputValidator()
    {
        RuleFor(x => x.DonorId).NotNull().WithMessage("Choose the donor.").GreaterThan(0).WithMessage("Choose the donor.");
        ScheduleRules.Amount(RuleFor(x => x.AmountCents), "pledged amount");
        RuleFor(x => x.PledgedOn).NotNull().WithMessage("Enter the date of the pledge.").Must(ScheduleRules.RealDate).WithMessage("Enter a real date.");
        RuleFor(x => x.Category).NotNull().WithMessage("Choose a revenue category.").IsInEnum().WithMessage($"Choose one of: {Data.DomainWords.List<GiftCategory>()}.");
        RuleFor(x => x.Purpose).OptionalText(500);
        RuleFor(x => x.Notes).OptionalText(4000);
        RuleFor(x => x.FirstDueOn).Must(ScheduleRules.RealDate).WithMessage("Enter a real date.");
        RuleFor(x => x.InstallmentCount).InclusiveBetween(1, InstallmentSchedule.MaximumInstallments)
            .WithMessage($"Use between 1 and {InstallmentSchedule.MaximumInstallments} installments.");
        RuleFor(x => x.IntervalMonths).InclusiveBetween(1, 12).WithMessage("Installments are 1 to 12 months apart.");
        RuleFor(x => x.Installments).Must(list => list is null || list.Count is >= 1 and <= InstallmentSchedule.MaximumInstallments)
            .WithMessage($"Use between 1 and {InstallmentSchedule.MaximumInstallments} installments.")
            .Must((input, list) => ScheduleRules.SumsTo(list, input.AmountCents))
            .WithMessage((input, list) => ScheduleRules.SumMessage(list, input.AmountCents, "pledged amount"));
        RuleForEach(x => x.Installments).SetValidator(new InstallmentInputValidator());
    }
}

/// <summary>Rules for writing off part or all of a pledge's balance.</summary>
public sealed class PledgeWriteOffInputValidator : AbstractValidator<PledgeWriteOffInput>
{
    public PledgeWriteOffInputValidator()
    {
        RuleFor(x => x.AmountCents).GreaterThan(0).WithMessage("The amount written off must be more than zero.");
        RuleFor(x => x.Reason).NotEmpty().WithMessage("Say why the balance is written off; the reason stays on record.").OptionalText(500);
    }
}
