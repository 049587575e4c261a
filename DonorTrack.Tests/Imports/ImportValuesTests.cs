namespace DonorTrack.Tests.Imports;

public sealed class ImportValuesTests
{
    [TestCase("1,234.50", 123450)]
    [TestCase("$25", 2500)]
    [TestCase("25.5", 2550)]
    [TestCase("0.07", 7)]
    [TestCase("$ 1,000,000.01", 100000001)]
    [TestCase("19.99", 1999)]
    public void TryParseCents_DollarText_GivesExactCents(string text, long cents)
    {
        Assert.That(ImportValues.TryParseCents(text, out var parsed, out var error), Is.True, error);
        Assert.That(parsed, Is.EqualTo(cents));
    }

    [TestCase("12.345")]
    [TestCase("1,23.00")]
    [TestCase("12,34")]
    [TestCase("abc")]
    [TestCase("1.2.3")]
    [TestCase("$")]
    public void TryParseCents_NotDollarsAndCents_Refuses(string text)
    {
        Assert.That(ImportValues.TryParseCents(text, out _, out var error), Is.False);
        Assert.That(error, Does.Contain(text));
    }

    [TestCase("-5.00")]
    [TestCase("(5.00)")]
    [TestCase("$-5")]
    public void TryParseCents_Negative_RefusesPointingToRefunds(string text)
    {
        Assert.That(ImportValues.TryParseCents(text, out _, out var error), Is.False);
        Assert.That(error, Does.Contain("Negative"));
    }

    [TestCase("2026-03-14", 2026, 3, 14)]
    [TestCase("3/14/2026", 2026, 3, 14)]
    [TestCase("03/04/2026", 2026, 3, 4)]
    public void TryParseDate_IsoOrUsMonthDayYear_Parses(string text, int year, int month, int day)
    {
        Assert.That(ImportValues.TryParseDate(text, out var date), Is.True);
        Assert.That(date, Is.EqualTo(new DateOnly(year, month, day)));
    }

    [TestCase("14/3/2026")]
    [TestCase("3/14/26")]
    [TestCase("March 14")]
    public void TryParseDate_DayMonthOrTwoDigitYear_Refuses(string text) =>
        Assert.That(ImportValues.TryParseDate(text, out _), Is.False);

    [TestCase("Check", "check")]
    [TestCase("credit card", "card")]
    [TestCase("In-Kind", "in_kind")]
    [TestCase("ACH", "ach")]
    [TestCase("bitcoin", null)]
    public void Method_WordOrLabel_GivesTheStoredWord(string text, string? word) => Assert.That(ImportValues.Method(text)?.Word(), Is.EqualTo(word));

    [TestCase("Membership dues", "membership_dues")]
    [TestCase("foundation", "foundation")]
    [TestCase("raffle", null)]
    public void Category_WordOrLabel_GivesTheStoredWord(string text, string? word) => Assert.That(ImportValues.Category(text)?.Word(), Is.EqualTo(word));

    [Test]
    public void FromHeader_SynonymsInAnyCaseAndSpelling_MapToTheSameField()
    {
        var columns = ImportColumns.FromHeader(["first_name", "LAST NAME", "E-mail", "Gift Amount", "Zip", "Favourite colour"], out var problems);

        Assert.That(problems, Is.Empty);
        Assert.That(new[] { ImportField.FirstName, ImportField.LastName, ImportField.Email, ImportField.Amount, ImportField.PostalCode }.All(columns.Has), Is.True);
        Assert.That(columns.Unknown, Is.EqualTo(new[] { "Favourite colour" }));
        Assert.That(columns.HasGifts, Is.True);
    }

    [Test]
    public void FromHeader_SameFieldTwice_IsAProblem()
    {
        ImportColumns.FromHeader(["Email", "Email Address", "Last Name"], out var problems);

        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.Contain("Email Address"));
    }
}
