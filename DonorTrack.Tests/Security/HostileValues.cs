using System.Text.Json.Nodes;

namespace DonorTrack.Tests.Security;

/// <summary>
/// Hostile values for the fuzzing sweep, the same on every run: fixed ones of each kind and generated ones from a seeded
/// random source. Anything meant to run as script calls <see cref="ScriptMarker"/>, so a rendered page can be searched for it.
/// </summary>
public sealed class HostileValues(int seed)
{
    public const string ScriptMarker = "dtxss";

    public static readonly string[] Script =
    [
        $"<script>{ScriptMarker}(1)</script>",
        $"\"><img src=x onerror={ScriptMarker}(2)>",
        $"'><svg onload={ScriptMarker}(3)>",
        $"' onmouseover='{ScriptMarker}(4)",
        $"\" onfocus=\"{ScriptMarker}(5)\" autofocus=\"",
        $"javascript:{ScriptMarker}(6)",
        $"</textarea></title><script>{ScriptMarker}(7)</script>",
        $"<iframe srcdoc=\"<script>{ScriptMarker}(8)</script>\">",
        $"</script><script>{ScriptMarker}(9)</script>",
    ];

    private static readonly string[] Fixed =
    [
        "", " ", "\t", new string('A', 100_000), new string('é', 5_000) + "漢字" + new string('9', 3_000),
        "a\0b", "\0", "\u0001\u0002\u0003\b\f\v", "\r\n\r\n", "\u007f\u0085\u2028\u2029",
        "\u202Eevil\u202Ctxt.exe", "\u2066\u2067\u2068\u2069", "\u200B\uFEFF\u200D", "Ž̷̢͎a̸l̵g̶o̷", "👨‍👩‍👧‍👦", "\uD800", "\uDFFFx",
        "' OR 1=1 --", "'; DROP TABLE donors; --", "\" OR \"\"=\"", "1; SELECT * FROM users", "%' AND 1=1 AND '%'='", "\\'",
        "<b>bold</b>", "{{7*7}}", "@(1+1)", "${jndi:ldap://127.0.0.1/x}", "%s%n{0}{1}", "../../../../etc/passwd", "C:\\Windows\\win.ini",
        "-1", "0", "-0.01", "12.345", "1e400", "-1e400", "NaN", "Infinity", "0x10", "1,000.00", "١٢٣", "٫٥",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "99999999999999999999999999999999",
        "2147483648", "-2147483649", "00000000000000000001",
        "2026-02-30", "2026-13-01", "0000-00-00", "9999-12-31", "0001-01-01", "-0001-01-01", "31/12/2026", "2026-06-01T25:00:00",
        "yesterday", "2026-6-1", "20260601",
        "true", "null", "undefined", "[]", "{}", "=cmd|' /C calc'!A0", "+1+1", "@SUM(1)",
    ];

    private readonly Random _random = new(seed);

    /// <summary>Every fixed value, every script payload, and <paramref name="generated"/> generated ones.</summary>
    public IEnumerable<string> Strings(int generated)
    {
        foreach (var value in Fixed.Concat(Script))
            yield return value;
        for (var i = 0; i < generated; i++)
            yield return Generate();
    }

    /// <summary>A few of the values, picked by the seeded source: for forms, where every value costs a page render.</summary>
    public IEnumerable<string> Sample(int count)
    {
        var all = Fixed.Concat(Script).ToArray();
        for (var i = 0; i < count; i++)
            yield return i % 3 == 2 ? Generate() : all[_random.Next(all.Length)];
    }

    /// <summary>JSON values of the wrong type or out of range for any field.</summary>
    public static IEnumerable<JsonNode?> WrongJson()
    {
        yield return JsonNode.Parse("12345678901234567890123456789");
        yield return JsonNode.Parse("-1e3000");
        yield return JsonNode.Parse("1.5");
        yield return JsonValue.Create(true);
        yield return new JsonArray(JsonValue.Create(1), JsonValue.Create("x"), null);
        yield return new JsonObject { ["nested"] = new JsonObject { ["deeper"] = "x" } };
        yield return JsonNode.Parse(string.Concat(Enumerable.Repeat("[", 200)) + string.Concat(Enumerable.Repeat("]", 200)), documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 300 });
        yield return null;
        yield return JsonValue.Create(long.MinValue);
        yield return JsonValue.Create(-1);
    }

    /// <summary>Bodies that are not valid UTF-8 or not JSON at all.</summary>
    public static IEnumerable<byte[]> BrokenBodies()
    {
        yield return [0x7B, 0x22, 0x6E, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D];
        yield return [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D];
        yield return [0xEF, 0xBB, 0xBF, 0x7B, 0x7D, 0x00];
        yield return Encoding.UTF8.GetBytes("{\"a\":");
        yield return Encoding.UTF8.GetBytes("not json");
        yield return Encoding.UTF8.GetBytes("[1,2,3]");
        yield return Encoding.UTF8.GetBytes("\"just a string\"");
        yield return Encoding.UTF8.GetBytes("{\"a\":1,\"a\":2}");
        yield return [];
    }

    private string Generate()
    {
        var builder = new StringBuilder();
        var parts = _random.Next(1, 5);
        for (var i = 0; i < parts; i++)
        {
            switch (_random.Next(6))
            {
                case 0:
                    builder.Append(Fixed[_random.Next(Fixed.Length)]);
                    break;
                case 1:
                    builder.Append(Script[_random.Next(Script.Length)]);
                    break;
                case 2:
                    for (var c = _random.Next(1, 40); c > 0; c--)
                        builder.Append((char)_random.Next(0, 0x20));
                    break;
                case 3:
                    for (var c = _random.Next(1, 60); c > 0; c--)
                        builder.Append(char.ConvertFromUtf32(RandomScalar()));
                    break;
                case 4:
                    builder.Append(_random.NextInt64(long.MinValue, long.MaxValue)).Append(_random.Next(10));
                    break;
                default:
                    builder.Append(new string((char)_random.Next(0x21, 0x7F), _random.Next(1, 3_000)));
                    break;
            }
        }

        return builder.ToString();
    }

    private int RandomScalar()
    {
        int[][] ranges = [[0x20, 0x7E], [0xA0, 0x24F], [0x590, 0x6FF], [0x4E00, 0x9FFF], [0x1F300, 0x1FAFF], [0x202A, 0x202E], [0xE000, 0xF8FF]];
        var range = ranges[_random.Next(ranges.Length)];
        return _random.Next(range[0], range[1] + 1);
    }
}
