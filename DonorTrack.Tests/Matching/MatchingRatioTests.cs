namespace DonorTrack.Tests.Matching;

public sealed class MatchingRatioTests
{
    [TestCase("1:1", 1, 1)]
    [TestCase("2:1", 2, 1)]
    [TestCase("1:2", 1, 2)]
    [TestCase(" 3 : 2 ", 3, 2)]
    [TestCase("1000:1", 1000, 1)]
    public void TryParse_WellFormedRatio_ReadsBothTerms(string text, int numerator, int denominator)
    {
        Assert.That(MatchingRatio.TryParse(text, out var ratio), Is.True);
        Assert.That((ratio.Numerator, ratio.Denominator), Is.EqualTo((numerator, denominator)));
        Assert.That(ratio.ToString(), Is.EqualTo($"{numerator}:{denominator}"));
    }

    [TestCase("0:1")]
    [TestCase("1:0")]
    [TestCase("abc")]
    [TestCase("-1:1")]
    [TestCase("+1:1")]
    [TestCase("1.5:1")]
    [TestCase("2")]
    [TestCase("2:1:1")]
    [TestCase(":")]
    [TestCase("")]
    [TestCase(null)]
    [TestCase("1001:1")]
    [TestCase("٢:١")]
    public void TryParse_ZeroOrMalformedRatio_IsRejected(string? text)
    {
        Assert.That(MatchingRatio.TryParse(text, out _), Is.False);
    }

    [TestCase(2, 1, 1_001, 2_002)]
    [TestCase(1, 2, 1_001, 500)]
    [TestCase(1, 3, 100, 33)]
    [TestCase(2, 3, 100, 66)]
    [TestCase(1, 1, 0, 0)]
    [TestCase(1, 1, -500, 0)]
    public void Apply_AnyBase_RoundsDownToTheCentAndNeverGoesNegative(int numerator, int denominator, long baseCents, long expected)
    {
        Assert.That(new MatchingRatio(numerator, denominator).Apply(baseCents), Is.EqualTo(expected));
    }
}
