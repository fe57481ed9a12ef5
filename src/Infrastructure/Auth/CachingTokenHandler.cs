using System.Collections.Concurrent;
using LlmGateway.Domain;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LlmGateway.Infrastructure.Auth;

/// <summary>
/// JwtBearer's token handler: validates a token with <see cref="JsonWebTokenHandler"/> once and then answers from a
/// bounded cache until the token expires, because a client sends the same token on every request and parsing it and
/// checking its HMAC was a sixth of the gateway's running CPU. JwtBearer's events (the subject and role checks, and the
/// account check with its security stamp) still run on every request; only the handler's own validation is reused.
/// <list type="bullet">
/// <item>Key: the SHA-256 of the whole token, so a token whose header or payload differs in any byte is a different
/// entry (an edited payload with a copied signature is validated, and refused, like any other). The token itself is
/// never stored.</item>
/// <item>Only successful validations are stored; a refused token is validated again every time it is sent.</item>
/// <item>An entry answers until the token's <c>exp</c> plus the clock skew — exactly as long as validation would
/// accept the token — and is refused as expired after that. Validation needs an <c>exp</c>, so every entry has one.</item>
/// <item>Only for the signing key it was built with (the token service's, fixed for the life of the process); other
/// validation parameters are validated without the cache.</item>
/// <item>At most <see cref="Capacity"/> entries: when full, expired entries are dropped, and if none has expired the
/// cache starts over.</item>
/// </list>
/// </summary>
public sealed class CachingTokenHandler : TokenHandler
{
    public const int Capacity = 4096;

    /// <summary>Longer tokens (the gateway issues ~300 characters) are validated every time, not cached.</summary>
    public const int MaxCachedTokenLength = 1024;

    private readonly JsonWebTokenHandler _inner = new() { MapInboundClaims = false };
    private readonly ConcurrentDictionary<TextDigest, Entry> _entries = new();
    private readonly SecurityKey _signingKey;
    private readonly TimeProvider _time;

    public CachingTokenHandler(SecurityKey signingKey, TimeProvider time)
    {
        _signingKey = signingKey;
        _time = time;
    }

    /// <summary>Entries held now (for tests).</summary>
    internal int Count => _entries.Count;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        ArgumentNullException.ThrowIfNull(validationParameters);
        if (token is null || token.Length > MaxCachedTokenLength || !ReferenceEquals(validationParameters.IssuerSigningKey, _signingKey))
        {
            return await _inner.ValidateTokenAsync(token, validationParameters);
        }

        var digest = TextDigest.Of(token);
        if (_entries.TryGetValue(digest, out var cached))
        {
            if (_time.GetUtcNow() <= cached.AcceptedUntil)
            {
                return new TokenValidationResult
                {
                    IsValid = true,
                    ClaimsIdentity = cached.Identity.Clone(),
                    SecurityToken = cached.Token,
                    TokenType = cached.TokenType,
                };
            }

            _entries.TryRemove(digest, out _);
            return new TokenValidationResult
            {
                IsValid = false,
                Exception = new SecurityTokenExpiredException("The token has expired.") { Expires = cached.Token.ValidTo },
            };
        }

        var result = await _inner.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is JsonWebToken validated)
        {
            Add(digest, validated, result, validationParameters.ClockSkew);
        }

        return result;
    }

    private void Add(TextDigest digest, JsonWebToken token, TokenValidationResult result, TimeSpan clockSkew)
    {
        if (_entries.Count >= Capacity)
        {
            var now = _time.GetUtcNow();
            foreach (var (key, entry) in _entries)
            {
                if (now > entry.AcceptedUntil)
                {
                    _entries.TryRemove(key, out _);
                }
            }

            if (_entries.Count >= Capacity)
            {
                _entries.Clear();
            }
        }

        // A copy of the claims, of the same case-sensitive kind: the handler's identity may build its claims lazily,
        // and the cached one is shared by concurrent requests, each of which gets its own clone.
        var source = result.ClaimsIdentity;
        var identity = new CaseSensitiveClaimsIdentity(source.Claims, source.AuthenticationType, source.NameClaimType, source.RoleClaimType);
        var acceptedUntil = new DateTimeOffset(token.ValidTo, TimeSpan.Zero) + clockSkew;
        _entries[digest] = new Entry(identity, token, result.TokenType, acceptedUntil);
    }

    private sealed record Entry(CaseSensitiveClaimsIdentity Identity, JsonWebToken Token, string TokenType, DateTimeOffset AcceptedUntil);
}
