using System.Security.Cryptography;
using System.Text;
using LlmGateway.Application.ApiKeys;

namespace LlmGateway.UnitTests.Application.ApiKeys;

public class ApiKeyFormatTests
{
    [Fact]
    public void Generate_Key_HasThePrefixTheIdAndA43CharacterBase62Secret()
    {
        var generated = ApiKeyFormat.Generate();

        Assert.Matches(@"^gk_[0-9a-f]{16}_[0-9A-Za-z]{43}\z", generated.Key);
        Assert.Equal($"gk_{generated.Id}_", generated.Key[..20]);
        Assert.Equal(generated.Key[^4..], generated.Hint);
    }

    [Fact]
    public void Generate_StoredHash_IsTheSha256OfTheSecretPartAndNotTheKey()
    {
        var generated = ApiKeyFormat.Generate();

        var secret = generated.Key[20..];
        Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes(secret)), generated.SecretHash);
        Assert.DoesNotContain(generated.Key, generated.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_ManyKeys_AllDifferent()
    {
        var keys = Enumerable.Range(0, 1000).Select(_ => ApiKeyFormat.Generate()).ToList();

        Assert.Equal(keys.Count, keys.Select(k => k.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(keys.Count, keys.Select(k => k.Key).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void TryParse_GeneratedKey_ReturnsItsId()
    {
        var generated = ApiKeyFormat.Generate();

        Assert.True(ApiKeyFormat.TryParse(generated.Key, out var id));
        Assert.Equal(generated.Id, id);
    }

    public static TheoryData<string?> Malformed => new()
    {
        null,
        string.Empty,
        "gk_",
        "eyJhbGciOiJIUzI1NiJ9.e30.signature",
        "gk_0123456789abcdef_" + new string('a', 42),          // secret one short
        "gk_0123456789abcdef_" + new string('a', 44),          // secret one long
        "gk_0123456789ABCDEF_" + new string('a', 43),          // id upper case
        "gk_0123456789abcdeg_" + new string('a', 43),          // id not hex
        "gk_0123456789abcdef-" + new string('a', 43),          // wrong separator
        "GK_0123456789abcdef_" + new string('a', 43),          // wrong prefix
        "gk_0123456789abcdef_" + new string('a', 42) + "-",    // not base62
        "gk_0123456789abcdef_" + new string('a', 42) + "é",    // not ASCII
        " gk_0123456789abcdef_" + new string('a', 42),         // leading space
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void TryParse_Malformed_False(string? key)
    {
        Assert.False(ApiKeyFormat.TryParse(key, out var id));
        Assert.Equal(string.Empty, id);
    }

    [Fact]
    public void SecretMatches_TheKeysOwnHash_True()
    {
        var generated = ApiKeyFormat.Generate();

        Assert.True(ApiKeyFormat.SecretMatches(generated.Key, generated.SecretHash));
    }

    [Fact]
    public void SecretMatches_OneCharacterOfTheSecretChanged_False()
    {
        var generated = ApiKeyFormat.Generate();
        var last = generated.Key[^1] == 'a' ? 'b' : 'a';
        var tampered = generated.Key[..^1] + last;

        Assert.True(ApiKeyFormat.TryParse(tampered, out _));
        Assert.False(ApiKeyFormat.SecretMatches(tampered, generated.SecretHash));
    }

    [Fact]
    public void SecretMatches_AnotherKeysHash_False()
    {
        var one = ApiKeyFormat.Generate();
        var other = ApiKeyFormat.Generate();

        Assert.False(ApiKeyFormat.SecretMatches(one.Key, other.SecretHash));
    }

    [Fact]
    public void SecretMatches_StoredHashOfTheWrongLength_False()
    {
        var generated = ApiKeyFormat.Generate();

        Assert.False(ApiKeyFormat.SecretMatches(generated.Key, generated.SecretHash.AsSpan(0, 16)));
    }

    [Theory]
    [InlineData("gk_0123456789abcdef_x", true)]
    [InlineData("gk_", true)]
    [InlineData("eyJhbGciOiJIUzI1NiJ9", false)]
    [InlineData("Gk_0123", false)]
    public void HasPrefix_Token_TrueOnlyForTheGatewayPrefix(string token, bool expected)
    {
        Assert.Equal(expected, ApiKeyFormat.HasPrefix(token));
    }

    [Theory]
    [InlineData("0123456789abcdef", true)]
    [InlineData("0123456789abcde", false)]
    [InlineData("0123456789abcdef0", false)]
    [InlineData("0123456789abcdeF", false)]
    [InlineData("../../etc/passwd", false)]
    public void IsValidId_Text_OnlySixteenLowercaseHexCharacters(string id, bool expected)
    {
        Assert.Equal(expected, ApiKeyFormat.IsValidId(id));
    }
}
