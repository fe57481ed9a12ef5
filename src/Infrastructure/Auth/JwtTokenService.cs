using System.Security.Cryptography;
using System.Text;
using LlmGateway.Domain;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LlmGateway.Infrastructure.Auth;

/// <summary>
/// Issues HS256 tokens and owns the parameters that validate them, so issuing and validation can never
/// drift apart (same key, issuer, audience, pinned algorithm).
/// </summary>
public sealed class JwtTokenService : ITokenService
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials _signingCredentials;
    private readonly JwtOptions _options;
    private readonly TimeProvider _time;

    public JwtTokenService(IOptions<JwtOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;

        // No secret (Development only; validation refuses it elsewhere): a random key for this process.
        var key = new SymmetricSecurityKey(string.IsNullOrEmpty(_options.Secret)
            ? RandomNumberGenerator.GetBytes(64)
            : Encoding.UTF8.GetBytes(_options.Secret));
        _signingCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256);
        ValidationParameters = BearerSchemes.ValidationParameters(_options.Issuer, _options.Audience, [SecurityAlgorithms.HmacSha256]);
        ValidationParameters.IssuerSigningKey = key;

        // Taken from a real token rather than spelled out, so it is what the handler writes whatever its version.
        var sample = _handler.CreateToken(new SecurityTokenDescriptor { Claims = new Dictionary<string, object>(), SigningCredentials = _signingCredentials });
        HeaderSegment = sample[..sample.IndexOf('.', StringComparison.Ordinal)];
    }

    public TokenValidationParameters ValidationParameters { get; }

    /// <summary>The first segment (base64url JSON header) of every token this service issues.</summary>
    public string HeaderSegment { get; }

    public AccessToken Issue(string userId, Role role, string? securityStamp, string? teamId = null)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var lifetime = TimeSpan.FromMinutes(_options.ExpiryMinutes);
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = _options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = _signingCredentials,
            Claims = Claims(userId, role, securityStamp, teamId),
        });
        return new AccessToken(token, (int)lifetime.TotalSeconds);
    }

    private static Dictionary<string, object> Claims(string userId, Role role, string? securityStamp, string? teamId)
    {
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = userId,
            [TokenClaims.Role] = role.ToName(),
            [TokenClaims.Team] = teamId ?? Application.Teams.TeamIds.Default,
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
        };
        if (securityStamp is not null)
        {
            claims[TokenClaims.SecurityStamp] = securityStamp;
        }

        return claims;
    }
}
