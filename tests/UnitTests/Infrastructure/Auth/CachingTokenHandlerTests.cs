using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using LlmGateway.Infrastructure.Auth;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace LlmGateway.UnitTests.Infrastructure.Auth;

public class CachingTokenHandlerTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef-test-key";

    // Issued now (by the real clock, which the wrapped handler validates with); the cache reads the fake clock.
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly JwtTokenService _service;
    private readonly CachingTokenHandler _handler;

    public CachingTokenHandlerTests()
    {
        _service = Service(Secret, _clock);
        _handler = new CachingTokenHandler(_service.ValidationParameters.IssuerSigningKey, _clock);
    }

    [Fact]
    public async Task ValidateTokenAsync_SameTokenAgain_AnsweredFromOneEntryWithItsOwnCopyOfTheClaims()
    {
        var token = _service.Issue("alice", Role.Admin, "stamp").Token;

        var first = await Validate(token);
        var second = await Validate(token);

        Assert.True(first.IsValid, first.Exception?.Message);
        Assert.True(second.IsValid, second.Exception?.Message);
        Assert.Equal(1, _handler.Count);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Equal("alice", second.ClaimsIdentity.Name);
        Assert.True(second.ClaimsIdentity.HasClaim(TokenClaims.Role, "admin"));
        Assert.Equal(first.SecurityToken.ValidTo, second.SecurityToken.ValidTo);
        Assert.IsType<CaseSensitiveClaimsIdentity>(second.ClaimsIdentity); // "Role" is not "role" on a hit either
    }

    [Fact]
    public async Task ValidateTokenAsync_CachedTokenPastExpiryPlusSkew_RefusedAsExpiredAndDropped()
    {
        var token = _service.Issue("alice", Role.User, "stamp").Token; // 60 minutes
        Assert.True((await Validate(token)).IsValid);

        _clock.Advance(TimeSpan.FromMinutes(60) + JwtOptions.ClockSkew + TimeSpan.FromSeconds(1));
        var result = await Validate(token);

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(result.Exception);
        Assert.Equal(0, _handler.Count);
    }

    [Fact]
    public async Task ValidateTokenAsync_CachedTokenPastExpiryWithinSkew_StillAccepted()
    {
        var token = _service.Issue("alice", Role.User, "stamp").Token;
        Assert.True((await Validate(token)).IsValid);

        _clock.Advance(TimeSpan.FromMinutes(60) + JwtOptions.ClockSkew - TimeSpan.FromSeconds(1));

        Assert.True((await Validate(token)).IsValid);
    }

    [Fact]
    public async Task ValidateTokenAsync_PayloadEditedUnderTheSignatureOfACachedToken_Refused()
    {
        var genuine = _service.Issue("alice", Role.User, "stamp").Token;
        Assert.True((await Validate(genuine)).IsValid);
        var parts = genuine.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("\"role\":\"user\"", "\"role\":\"admin\"", StringComparison.Ordinal);
        var edited = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        var result = await Validate(edited);

        Assert.False(result.IsValid);
        Assert.IsAssignableFrom<SecurityTokenInvalidSignatureException>(result.Exception);
        Assert.Equal(1, _handler.Count);
    }

    [Fact]
    public async Task ValidateTokenAsync_AlgNoneWithTheClaimsOfACachedToken_Refused()
    {
        var genuine = _service.Issue("alice", Role.Admin, "stamp").Token;
        Assert.True((await Validate(genuine)).IsValid);
        var parts = genuine.Split('.');

        var result = await Validate($"{Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""")}.{parts[1]}.");

        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task ValidateTokenAsync_RefusedToken_NotCachedAndRefusedAgain()
    {
        var foreign = Service("another-secret-that-is-long-enough-to-use", _clock).Issue("alice", Role.Admin, "stamp").Token;

        var first = await Validate(foreign);
        var second = await Validate(foreign);

        Assert.False(first.IsValid);
        Assert.IsAssignableFrom<SecurityTokenInvalidSignatureException>(second.Exception);
        Assert.Equal(0, _handler.Count);
    }

    [Fact]
    public async Task ValidateTokenAsync_OtherSigningKeyInTheParameters_CacheNotConsulted()
    {
        var token = _service.Issue("alice", Role.Admin, "stamp").Token;
        Assert.True((await Validate(token)).IsValid);
        var other = Service("another-secret-that-is-long-enough-to-use", _clock).ValidationParameters;

        var result = await _handler.ValidateTokenAsync(token, other);

        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task ValidateTokenAsync_MoreTokensThanCapacity_StaysBounded()
    {
        for (var i = 0; i <= CachingTokenHandler.Capacity; i++)
        {
            Assert.True((await Validate(_service.Issue($"user-{i}", Role.User, "stamp").Token)).IsValid);
        }

        Assert.InRange(_handler.Count, 1, CachingTokenHandler.Capacity);
    }

    // JwtBearer passes its own clone of the parameters on every request; the signing key is the same object.
    private Task<TokenValidationResult> Validate(string token) => _handler.ValidateTokenAsync(token, _service.ValidationParameters.Clone());

    private static JwtTokenService Service(string secret, TimeProvider time) =>
        new(Options.Create(new JwtOptions { Secret = secret }), time);
}
