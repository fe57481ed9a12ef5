using System.Security.Cryptography;
using LlmGateway.Domain;
using LlmGateway.Infrastructure.Auth;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LlmGateway.UnitTests.Infrastructure.Auth;

public class BearerSchemesTests
{
    private const string SsoIssuer = "https://login.example.com/realms/staff";

    private static readonly JwtTokenService Tokens = new(
        Options.Create(new JwtOptions { Secret = "0123456789abcdef0123456789abcdef-test-key" }), TimeProvider.System);

    [Fact]
    public void ForJwt_SsoOff_EveryTokenGoesToTheLocalScheme()
    {
        var schemes = new BearerSchemes(Tokens, Options.Create(new SsoOptions()));

        Assert.Equal(BearerSchemes.Local, schemes.ForJwt(SsoToken(SsoIssuer)));
        Assert.Equal(BearerSchemes.Local, schemes.ForJwt(Tokens.Issue("alice", Role.User, "stamp").Token));
    }

    [Fact]
    public void ForJwt_SsoOn_TheIssuersTokensGoToSsoAndEverythingElseToLocal()
    {
        var schemes = new BearerSchemes(Tokens, Options.Create(new SsoOptions { Issuer = SsoIssuer }));

        Assert.Equal(BearerSchemes.Sso, schemes.ForJwt(SsoToken(SsoIssuer)));
        Assert.Equal(BearerSchemes.Local, schemes.ForJwt(Tokens.Issue("alice", Role.User, "stamp").Token));
        Assert.Equal(BearerSchemes.Local, schemes.ForJwt(SsoToken(SsoIssuer + "/")));
        Assert.Equal(BearerSchemes.Local, schemes.ForJwt(SsoToken("https://someone-else.example.com")));
        Assert.Equal(BearerSchemes.Local, schemes.ForJwt("not-a-jwt"));
    }

    [Fact]
    public void HeaderSegment_IsTheFirstSegmentOfEveryIssuedToken()
    {
        var token = Tokens.Issue("alice", Role.Admin, "stamp").Token;

        Assert.StartsWith(Tokens.HeaderSegment + ".", token, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"sub":"a","iss":"https://login.example.com/realms/staff"}""", true)]
    [InlineData("""{"nested":{"iss":"x","deep":[1,{"iss":"y"}]},"iss":"https://login.example.com/realms/staff","aud":"z"}""", true)]
    [InlineData("""{"nested":{"iss":"https://login.example.com/realms/staff"},"iss":"other"}""", false)]
    [InlineData("""{"iss":"https:\/\/login.example.com\/realms\/staff"}""", true)]
    [InlineData("""{"iss":["https://login.example.com/realms/staff"]}""", false)]
    [InlineData("""{"sub":"a"}""", false)]
    [InlineData("""["iss","https://login.example.com/realms/staff"]""", false)]
    [InlineData("""{"sub":"a" "iss":"https://login.example.com/realms/staff"}""", false)]
    [InlineData("not json at all", false)]
    public void IssuerIs_Payload_TrueOnlyForATopLevelIssClaimEqualToTheIssuer(string payload, bool expected)
    {
        var token = $"e30.{Base64UrlEncoder.Encode(payload)}.c2ln";

        Assert.Equal(expected, BearerSchemes.IssuerIs(token, "https://login.example.com/realms/staff"u8));
    }

    [Theory]
    [InlineData("")]
    [InlineData("onlyone")]
    [InlineData("a.b")]
    [InlineData("a..c")]
    [InlineData("a.!!!not-base64!!!.c")]
    public void IssuerIs_Malformed_False(string token)
    {
        Assert.False(BearerSchemes.IssuerIs(token, "https://login.example.com/realms/staff"u8));
    }

    [Fact]
    public void IssuerIs_PayloadLargerThanTheStackBuffer_StillRead()
    {
        var groups = string.Join(',', Enumerable.Range(0, 400).Select(i => $"\"group-{i}\""));
        var payload = $$"""{"groups":[{{groups}}],"iss":"https://login.example.com/realms/staff"}""";

        Assert.True(payload.Length > 4096);
        Assert.True(BearerSchemes.IssuerIs($"e30.{Base64UrlEncoder.Encode(payload)}.c2ln", "https://login.example.com/realms/staff"u8));
    }

    private static string SsoToken(string issuer)
    {
        using var rsa = RSA.Create(2048);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = "gateway",
            Claims = new Dictionary<string, object> { ["sub"] = "alice" },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa), SecurityAlgorithms.RsaSha256),
        });
    }
}
