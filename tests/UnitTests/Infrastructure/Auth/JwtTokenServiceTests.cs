using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using LlmGateway.Infrastructure.Auth;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LlmGateway.UnitTests.Infrastructure.Auth;

public class JwtTokenServiceTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef-test-key";

    private readonly JsonWebTokenHandler _handler = new();
    private readonly JwtTokenService _service = Service();

    [Theory]
    [InlineData(Role.User, "user")]
    [InlineData(Role.Admin, "admin")]
    public async Task Issue_Token_ValidatesWithOwnParametersAndCarriesSubAndRole(Role role, string roleName)
    {
        var token = _service.Issue("alice", role, "stamp");

        var result = await _handler.ValidateTokenAsync(token.Token, _service.ValidationParameters);

        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal("alice", result.ClaimsIdentity.Name);
        Assert.True(result.ClaimsIdentity.HasClaim(TokenClaims.Role, roleName));
        Assert.Equal("alice", result.Claims[JwtRegisteredClaimNames.Sub]);
    }

    [Theory]
    [InlineData("a1b2c3")]
    [InlineData(null)]
    public void Issue_SecurityStamp_CarriedAsTheStampClaimOnlyWhenGiven(string? stamp)
    {
        var jwt = new JsonWebToken(_service.Issue("alice", Role.User, stamp).Token);

        Assert.Equal(stamp, jwt.TryGetPayloadValue<string>(TokenClaims.SecurityStamp, out var claim) ? claim : null);
    }

    [Fact]
    public void Issue_ExpiryMinutesSet_ExpiresThatLongAfterIssue()
    {
        var issuedAt = new DateTimeOffset(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var service = Service(o => o.ExpiryMinutes = 15, new FakeTimeProvider(issuedAt));

        var token = service.Issue("alice", Role.User, "stamp");

        var jwt = new JsonWebToken(token.Token);
        Assert.Equal(15 * 60, token.ExpiresIn);
        Assert.Equal(issuedAt.UtcDateTime, jwt.IssuedAt);
        Assert.Equal(issuedAt.UtcDateTime.AddMinutes(15), jwt.ValidTo);
    }

    [Fact]
    public async Task Issue_LifetimeOverBeforeValidation_RejectedAsExpired()
    {
        // Issued 6 minutes ago with a 5-minute lifetime: beyond the 30 s clock skew.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-6));
        var service = Service(o => o.ExpiryMinutes = 5, clock);

        var result = await _handler.ValidateTokenAsync(service.Issue("alice", Role.User, "stamp").Token, service.ValidationParameters);

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(result.Exception);
    }

    [Fact]
    public async Task Issue_LifetimeNotOverBeforeValidation_Accepted()
    {
        // Same age as the expired case, but a lifetime long enough to cover it.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-6));
        var service = Service(o => o.ExpiryMinutes = 60, clock);

        var result = await _handler.ValidateTokenAsync(service.Issue("alice", Role.User, "stamp").Token, service.ValidationParameters);

        Assert.True(result.IsValid, result.Exception?.Message);
    }

    [Fact]
    public async Task ValidationParameters_TokenSignedWithAnotherKey_Rejected()
    {
        var other = Service(o => o.Secret = "another-secret-that-is-long-enough-to-use");

        var result = await _handler.ValidateTokenAsync(other.Issue("alice", Role.Admin, "stamp").Token, _service.ValidationParameters);

        Assert.False(result.IsValid);
        Assert.IsAssignableFrom<SecurityTokenInvalidSignatureException>(result.Exception);
    }

    [Fact]
    public async Task ValidationParameters_TokenFromAnotherIssuer_Rejected()
    {
        var other = Service(o => o.Issuer = "someone-else");

        var result = await _handler.ValidateTokenAsync(other.Issue("alice", Role.Admin, "stamp").Token, _service.ValidationParameters);

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenInvalidIssuerException>(result.Exception);
    }

    [Fact]
    public async Task ValidationParameters_TokenForAnotherAudience_Rejected()
    {
        var other = Service(o => o.Audience = "another-service");

        var result = await _handler.ValidateTokenAsync(other.Issue("alice", Role.Admin, "stamp").Token, _service.ValidationParameters);

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenInvalidAudienceException>(result.Exception);
    }

    [Fact]
    public async Task ValidationParameters_UnsignedAlgNoneToken_Rejected()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var payload = Base64UrlEncoder.Encode(
            $$"""{"sub":"mallory","role":"admin","iss":"llm-gateway","aud":"llm-gateway","iat":{{now}},"nbf":{{now}},"exp":{{now + 600}}}""");

        var result = await _handler.ValidateTokenAsync($"{header}.{payload}.", _service.ValidationParameters);

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenInvalidSignatureException>(result.Exception);
    }

    [Fact]
    public async Task ValidationParameters_SameKeyButOtherHmacAlgorithm_Rejected()
    {
        // HS512 needs a key of 64 bytes or more; the gateway would accept such a key, but only for HS256.
        var service = Service(o => o.Secret = Secret + Secret);
        var parameters = service.ValidationParameters;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = parameters.ValidIssuer,
            Audience = parameters.ValidAudience,
            Expires = DateTime.UtcNow.AddMinutes(10),
            Claims = new Dictionary<string, object> { [JwtRegisteredClaimNames.Sub] = "mallory", [TokenClaims.Role] = "admin" },
            SigningCredentials = new SigningCredentials(parameters.IssuerSigningKey, SecurityAlgorithms.HmacSha512),
        });

        var unpinned = parameters.Clone();
        unpinned.ValidAlgorithms = null;

        Assert.False((await _handler.ValidateTokenAsync(token, parameters)).IsValid);
        Assert.True((await _handler.ValidateTokenAsync(token, unpinned)).IsValid); // so the pin is what rejects it
    }

    [Fact]
    public async Task Constructor_NoSecret_SignsWithRandomKeyOtherInstancesDoNotAccept()
    {
        var first = Service(o => o.Secret = null);
        var second = Service(o => o.Secret = null);
        var token = first.Issue("alice", Role.User, "stamp").Token;

        Assert.True((await _handler.ValidateTokenAsync(token, first.ValidationParameters)).IsValid);
        Assert.False((await _handler.ValidateTokenAsync(token, second.ValidationParameters)).IsValid);
    }

    private static JwtTokenService Service(Action<JwtOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new JwtOptions { Secret = Secret };
        configure?.Invoke(options);
        return new JwtTokenService(Options.Create(options), time ?? TimeProvider.System);
    }
}
