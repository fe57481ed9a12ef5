using System.Text;
using LlmGateway.Domain.Filtering;

namespace LlmGateway.UnitTests.Domain.Filtering;

/// <summary>Secrets hidden with the tricks an attacker would use in an answer: each must be redacted, original characters and all.</summary>
public class OutputNormalizationTests
{
    private const string AwsKey = "AKIAIOSFODNN7EXAMPLE";
    private const string GatewayKey = "gk_136cb94838da83a9_bKNm4e6mhIDy3UeZgAbgLUBW2zCQtK6G1kYO9AoXIKU";

    private static readonly OutputFilter Filter = new([], [SecretDetectorCatalog.All]);

    public static TheoryData<string, string, string> Obfuscated => new()
    {
        // trick, hidden secret, type
        { "zero-width space", "AKIAIOSF\u200BODNN7EXAMPLE", "aws_access_key_id" },
        { "zero-width joiner and word joiner", "AKIA\u200DIOSFODNN7\u2060EXAMPLE", "aws_access_key_id" },
        { "soft hyphen", "AKIAIOS\u00ADFODNN7EXA\u00ADMPLE", "aws_access_key_id" },
        { "bidi override", "AKIAIOSF\u202EODNN7\u202CEXAMPLE", "aws_access_key_id" },
        { "full-width letters", "\uFF21\uFF2B\uFF29\uFF21IOSFODNN7EXAMPLE", "aws_access_key_id" },
        { "Cyrillic look-alikes", "\u0410\u041A\u0406\u0410IOSF\u041EDNN7EXAMPLE", "aws_access_key_id" },
        { "Greek look-alikes", "\u0391\u039A\u0399\u0391IOSFODNN7EXAMPLE", "aws_access_key_id" },
        { "URL-encoded", "%41%4B%49%41IOSFODNN7EXAMPLE", "aws_access_key_id" },
        { "base64", Convert.ToBase64String(Encoding.ASCII.GetBytes("aws key " + AwsKey)), "encoded_secret" },
        { "base64 glued to a word", "key_" + Convert.ToBase64String(Encoding.ASCII.GetBytes(AwsKey + " prod")), "encoded_secret" },
        { "hex", Convert.ToHexString(Encoding.ASCII.GetBytes(AwsKey)), "encoded_secret" },
        { "zero-width inside a gateway key", GatewayKey[..20] + "\u200B" + GatewayKey[20..], "gateway_api_key" },
        { "base64 gateway key", Convert.ToBase64String(Encoding.ASCII.GetBytes(GatewayKey)), "encoded_secret" },
    };

    [Theory]
    [MemberData(nameof(Obfuscated))]
    public void Filter_ObfuscatedSecret_RedactedWithItsHiddenCharacters(string trick, string hidden, string type)
    {
        var result = Filter.Filter($"The key is {hidden} - rotate it.");

        Assert.True($"The key is [REDACTED:{type}] - rotate it." == result.Text, $"{trick}: {result.Text}");
        Assert.Equal([new Redaction(type, 1)], result.Redactions);
    }

    [Theory]
    [MemberData(nameof(Obfuscated))]
    public void Push_ObfuscatedSecretSplitAcrossChunks_NoneOfItReleased(string trick, string hidden, string type)
    {
        var text = $"The key is {hidden} - rotate it.";
        foreach (var size in (int[])[1, 2, 3, 7])
        {
            var stream = Filter.CreateStream();
            var released = new StringBuilder();
            for (var i = 0; i < text.Length; i += size)
            {
                released.Append(stream.Push(text.Substring(i, Math.Min(size, text.Length - i))));
                Assert.DoesNotContain("IOSF", released.ToString(), StringComparison.Ordinal);
            }

            released.Append(stream.Flush());
            Assert.True($"The key is [REDACTED:{type}] - rotate it." == released.ToString(), $"{trick}, chunks of {size}: {released}");
        }
    }

    [Theory]
    [InlineData("key_", AwsKey, "aws_access_key_id")]
    [InlineData("prod-", "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", "github_token")]
    [InlineData("token_", GatewayKey, "gateway_api_key")]
    public void Filter_KeyGluedToAWord_KeyRedactedWordKept(string word, string key, string type)
    {
        Assert.Equal($"Use {word}[REDACTED:{type}] now.", Filter.Filter($"Use {word}{key} now.").Text);
    }

    [Fact]
    public void Filter_InvisibleCharactersOutsideSecrets_KeptAsWritten()
    {
        const string Text = "Soft\u00ADhyphen and zero\u200Bwidth in prose, 50% off, Ｆｕｌｌ width and Кириллица stay.";

        Assert.Equal(Text, Filter.Filter(Text).Text);
    }

    [Fact]
    public void Filter_ObfuscatedSecretInLongAnswer_OnlyTheSecretReplaced()
    {
        var prose = string.Concat(Enumerable.Repeat("Nothing secret in this sentence, just words. ", 40));
        var text = prose + "Use \u0410KIA\u200BIOSFODNN7EXAMPLE here. " + prose;

        Assert.Equal(prose + "Use [REDACTED:aws_access_key_id] here. " + prose, Filter.Filter(text).Text);
    }

    [Fact]
    public void Filter_UrlEscapedAtSignInPassword_WholePasswordRedacted()
    {
        var result = Filter.Filter("mongodb://app:D1fficultP%40ssw0rd@db.internal/orders");

        Assert.DoesNotContain("ssw0rd", result.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("c2VjcmV0IHRleHQgdGhhdCBpcyBub3QgYSBrZXk=")]
    [InlineData("3f786850e387550fdab836ed7e6dc881de23001b")]
    [InlineData("ConfigurationBuilderExtensionsForTesting")]
    [InlineData("src/Domain/Filtering/OutputNormalizer")]
    public void Filter_EncodedRunWithoutSecret_Unchanged(string run)
    {
        var text = $"The value {run} is fine.";

        Assert.Equal(text, Filter.Filter(text).Text);
    }
}
