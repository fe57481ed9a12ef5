using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace LlmGateway.Infrastructure.Auth;

/// <summary>
/// Which JwtBearer scheme validates a bearer JWT: the gateway's own (<see cref="Local"/>) or the SSO issuer's
/// (<see cref="Sso"/>), chosen by the token's <c>iss</c>. Choosing is not checking: each scheme validates issuer,
/// audience, signature and lifetime itself, so a token sent to the wrong one is merely refused.
/// <list type="bullet">
/// <item>SSO off: always <see cref="Local"/>, as before.</item>
/// <item>A token that starts with the header the gateway writes on its own tokens: <see cref="Local"/>, without
/// reading its payload, so the gateway's tokens cost one string comparison more than without SSO.</item>
/// <item>Any other: its payload is decoded (on the stack) and read up to <c>iss</c>; the SSO issuer's goes to
/// <see cref="Sso"/>, everything else to <see cref="Local"/>, which refuses it.</item>
/// </list>
/// </summary>
public sealed class BearerSchemes
{
    public const string Local = JwtBearerDefaults.AuthenticationScheme;
    public const string Sso = "Sso";

    /// <summary>Payloads longer than this (base64url characters) are not read: they go to the local scheme, which refuses them.</summary>
    public const int MaxPayloadChars = 16 * 1024;

    private const int StackBytes = 2048;

    private readonly string _localHeader;
    private readonly byte[]? _ssoIssuer;

    /// <summary>
    /// What each scheme checks, whoever issued the token: issuer, audience, an expiry (within <see cref="JwtOptions.ClockSkew"/>),
    /// a signature by one of <paramref name="algorithms"/> only; <c>sub</c> and <c>role</c> as the name and role claims.
    /// The scheme adds where its signing keys come from.
    /// </summary>
    public static TokenValidationParameters ValidationParameters(string? issuer, string? audience, string[] algorithms) => new()
    {
        ValidateIssuer = true,
        ValidIssuer = issuer,
        ValidateAudience = true,
        ValidAudience = audience,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ValidateIssuerSigningKey = true,
        ValidAlgorithms = algorithms,
        ClockSkew = JwtOptions.ClockSkew,
        NameClaimType = TokenClaims.Subject,
        RoleClaimType = TokenClaims.Role,
    };

    public BearerSchemes(JwtTokenService tokens, IOptions<SsoOptions> sso)
    {
        _localHeader = tokens.HeaderSegment + ".";
        _ssoIssuer = sso.Value.IsEnabled ? Encoding.UTF8.GetBytes(sso.Value.Issuer!) : null;
    }

    public string ForJwt(string token) =>
        _ssoIssuer is null || token.StartsWith(_localHeader, StringComparison.Ordinal) || !IssuerIs(token, _ssoIssuer) ? Local : Sso;

    /// <summary>Whether the JWT's payload has <c>iss</c> equal to <paramref name="issuer"/>; false for anything malformed.</summary>
    internal static bool IssuerIs(ReadOnlySpan<char> token, ReadOnlySpan<byte> issuer)
    {
        var first = token.IndexOf('.');
        if (first < 0)
        {
            return false;
        }

        var rest = token[(first + 1)..];
        var second = rest.IndexOf('.');
        if (second <= 0 || second > MaxPayloadChars)
        {
            return false;
        }

        var payload = rest[..second];
        var length = Base64Url.GetMaxDecodedLength(payload.Length);
        byte[]? rented = null;
        Span<byte> buffer = length <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            return Base64Url.DecodeFromChars(payload, buffer, out _, out var written) == OperationStatus.Done
                && IssuerIs(buffer[..written], issuer);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static bool IssuerIs(ReadOnlySpan<byte> json, ReadOnlySpan<byte> issuer)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isIssuer = reader.ValueTextEquals("iss"u8);
                if (!reader.Read())
                {
                    return false;
                }

                if (isIssuer)
                {
                    return reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(issuer);
                }

                reader.Skip();
            }

            return false;
        }
        catch (JsonException)
        {
            return false; // not JSON: not the issuer's token
        }
    }
}
