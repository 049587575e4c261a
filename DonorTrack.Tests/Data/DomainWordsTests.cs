using DonorTrack.Web.Api;

namespace DonorTrack.Tests.Data;

[DomainWords]
public enum SampleWords
{
    Card,
    InKind,
    PartiallyRefunded,
}

public sealed class DomainWordsTests
{
    [TestCase(SampleWords.Card, "card")]
    [TestCase(SampleWords.InKind, "in_kind")]
    [TestCase(SampleWords.PartiallyRefunded, "partially_refunded")]
    public void Word_OfEachMember_IsLowerSnakeCaseOfItsName(SampleWords value, string word)
    {
        Assert.That(value.Word(), Is.EqualTo(word));
        Assert.That(DomainWords.Parse<SampleWords>(word), Is.EqualTo(value));
    }

    [Test]
    public void ParseInput_UnknownWord_IsOutOfRangeSoValidatorsRefuseIt()
    {
        var parsed = DomainWords.ParseInput<SampleWords>("bitcoin");

        Assert.That(Enum.IsDefined(parsed), Is.False);
        Assert.That(DomainWords.TryParse<SampleWords>("bitcoin", out _), Is.False);
        Assert.That(DomainWords.TryParse<SampleWords>(" In_Kind ", out var trimmed) && trimmed == SampleWords.InKind, Is.True);
    }

    [Test]
    public void Json_WritesAndReadsWords()
    {
        var options = new JsonSerializerOptions();
        ApiJson.Configure(options);

        Assert.That(JsonSerializer.Serialize(new { Method = SampleWords.InKind }, options), Is.EqualTo("""{"method":"in_kind"}"""));
        Assert.That(JsonSerializer.Deserialize<SampleHolder>("""{"method":"partially_refunded"}""", options)!.Method, Is.EqualTo(SampleWords.PartiallyRefunded));
        Assert.That(Enum.IsDefined(JsonSerializer.Deserialize<SampleHolder>("""{"method":"nope"}""", options)!.Method), Is.False);
    }

    [Test]
    public void Dapper_StoresWordsAndReadsThemBack()
    {
        using var database = new TestDatabase();
        // Core registers its own domain-word enums at start-up; this test enum lives in the test assembly.
        SqlMapper.AddTypeHandler(typeof(SampleWords), new DomainWordTypeHandler<SampleWords>());
        using var connection = database.Connections.Open();

        var stored = connection.ExecuteScalar<string>("SELECT @value", new { value = SampleWords.PartiallyRefunded });
        var read = connection.QuerySingle<SampleRow>("SELECT 'in_kind' AS method");

        Assert.That(stored, Is.EqualTo("partially_refunded"));
        Assert.That(read.Method, Is.EqualTo(SampleWords.InKind));
    }

    public sealed record SampleHolder(SampleWords Method);

    public sealed record SampleRow(SampleWords Method);
}
