using System.Text.Json;
using LlmGateway.Application.Chat;
using LlmGateway.Domain.Filtering;
using LlmGateway.UnitTests.Support;

namespace LlmGateway.UnitTests.Application.Chat;

public class JsonTextFilterTests
{
    private const string AwsKey = "AKIAIOSFODNN7EXAMPLE";

    private static readonly OutputFilter Filter = TestPolicies.Compile().OutputFilter;

    [Fact]
    public void FilterWhole_SecretInAStringValue_RedactedInsideTheStringAndStillValidJson()
    {
        var json = $$"""{"note":"key \"{{AwsKey}}\" here\n","n":1}""";

        var result = JsonTextFilter.FilterWhole(Filter, json);

        using var parsed = JsonDocument.Parse(result.Text);
        Assert.Equal("key \"[REDACTED:aws_access_key_id]\" here\n", parsed.RootElement.GetProperty("note").GetString());
        Assert.Equal(1, parsed.RootElement.GetProperty("n").GetInt32());
        Assert.Equal([new Redaction("aws_access_key_id", 1)], result.Redactions);
    }

    [Fact]
    public void FilterWhole_SecretWrittenWithUnicodeEscapes_DecodedBeforeFiltering()
    {
        // "AKIA" spelled \u0041KIA: the filter reads the string's value, not its escaped spelling.
        var json = """{"k":"\u0041KIAIOSFODNN7EXAMPLE"}""";

        var result = JsonTextFilter.FilterWhole(Filter, json);

        Assert.Equal("""{"k":"[REDACTED:aws_access_key_id]"}""", result.Text);
    }

    [Fact]
    public void FilterWhole_CardNumberAsAJsonNumber_ReplacedByTheMarkerAsAString()
    {
        var result = JsonTextFilter.FilterWhole(Filter, """{"card": 4111111111111111, "ok": true}""");

        using var parsed = JsonDocument.Parse(result.Text);
        Assert.Equal(JsonValueKind.String, parsed.RootElement.GetProperty("card").ValueKind);
        Assert.StartsWith("[REDACTED:", parsed.RootElement.GetProperty("card").GetString(), StringComparison.Ordinal);
        Assert.True(parsed.RootElement.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public void Push_AnyChunking_SameTextAsWhole()
    {
        var json = $$$"""{"a":"Mail jane.doe@example.com","b":["{{{AwsKey}}}", "x\\y\"z"],"c":{"d":null,"e":12.5e3}}""";
        var whole = JsonTextFilter.FilterWhole(Filter, json).Text;
        var random = new Random(7);
        for (var round = 0; round < 40; round++)
        {
            var filter = new JsonTextFilter(Filter);
            var output = new System.Text.StringBuilder();
            for (var start = 0; start < json.Length;)
            {
                var length = Math.Min(json.Length - start, random.Next(1, 9));
                var released = filter.Push(json.Substring(start, length));
                Assert.DoesNotContain("AKIA", released, StringComparison.Ordinal);
                output.Append(released);
                start += length;
            }

            output.Append(filter.Flush());
            Assert.Equal(whole, output.ToString());
        }

        using var parsed = JsonDocument.Parse(whole);
        Assert.Equal("x\\y\"z", parsed.RootElement.GetProperty("b")[1].GetString());
    }
}
