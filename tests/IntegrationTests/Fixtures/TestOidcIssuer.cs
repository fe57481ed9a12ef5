using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LlmGateway.IntegrationTests.Fixtures;

/// <summary>
/// An OpenID Connect issuer on 127.0.0.1 over plain HTTP, as much of one as a resource server sees: the discovery
/// document and the JWKS, and RS256 access tokens signed with its current key. <see cref="RotateKey"/> replaces the key
/// (the old one leaves the JWKS), as an issuer's key rollover does. For a browser client it also has an authorization
/// endpoint that answers at once for whoever <see cref="SignIn"/> named (as an issuer does for a user already signed in
/// there) and a token endpoint that redeems its codes once, checking the PKCE verifier (S256), client and redirect URI.
/// </summary>
public sealed class TestOidcIssuer : IAsyncDisposable
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    private readonly WebApplication _app;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Grant> _codes = new(StringComparer.Ordinal);
    private (string Subject, string[] Groups, string? Team, string Audience)? _signedIn;
    private RsaSecurityKey _key = NewKey();
    private int _jwksRequests;
    private int _disposed;

    private TestOidcIssuer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The issuer URL: its tokens' <c>iss</c> and the authority the gateway reads discovery from.</summary>
    public string Issuer { get; private set; } = string.Empty;

    /// <summary>
    /// The token endpoint its discovery document names: the same server under <c>localhost</c>, another origin than the
    /// issuer's, as an issuer's token endpoint can be (Google's is on another host).
    /// </summary>
    public string TokenEndpoint => $"http://localhost:{new Uri(Issuer).Port}/token";

    /// <summary>How often the JWKS was fetched.</summary>
    public int JwksRequests => Volatile.Read(ref _jwksRequests);

    /// <summary>The key the issuer signs with now.</summary>
    public RsaSecurityKey CurrentKey => _key;

    public static async Task<TestOidcIssuer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var issuer = new TestOidcIssuer(app);
        app.MapGet("/.well-known/openid-configuration", issuer.Discovery);
        app.MapGet("/jwks", issuer.Jwks);
        app.MapGet("/authorize", issuer.Authorize);
        app.MapPost("/token", (Delegate)issuer.RedeemAsync);
        await app.StartAsync();
        issuer.Issuer = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return issuer;
    }

    /// <summary>A new signing key; the JWKS lists only it from now on.</summary>
    public RsaSecurityKey RotateKey()
    {
        var old = _key;
        _key = NewKey();
        return old;
    }

    /// <summary>The user the authorization endpoint signs in from now on, and the audience of the access tokens it gets.</summary>
    public void SignIn(string subject, string[] groups, string? team, string audience) => _signedIn = (subject, groups, team, audience);

    /// <summary>How many codes the token endpoint redeemed.</summary>
    public int Redeemed { get; private set; }

    public static RsaSecurityKey NewKey() => new(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N") };

    /// <summary>
    /// An access token for <paramref name="subject"/> with <paramref name="groups"/> in <c>groups</c> and
    /// <paramref name="team"/> in <c>team</c>, valid for 10 minutes, signed with the current key unless
    /// <paramref name="customise"/> changes any of it.
    /// </summary>
    public string Token(string subject, string[] groups, string? team, string audience, Action<SecurityTokenDescriptor>? customise = null)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [JwtRegisteredClaimNames.Sub] = subject,
            ["groups"] = groups,
            ["scope"] = "openid gateway",
        };
        if (team is not null)
        {
            claims["team"] = team;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(10),
            Claims = claims,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
            TokenType = "at+jwt",
        };
        customise?.Invoke(descriptor);
        return Handler.CreateToken(descriptor);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private IResult Authorize(HttpContext http)
    {
        var query = http.Request.Query;
        var redirect = query["redirect_uri"].ToString();
        if (_signedIn is not { } user || query["response_type"] != "code" || query["code_challenge_method"] != "S256"
            || string.IsNullOrEmpty(query["code_challenge"]) || !Uri.TryCreate(redirect, UriKind.Absolute, out _))
        {
            return Results.BadRequest();
        }

        var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(24));
        _codes[code] = new Grant(query["client_id"].ToString(), redirect, query["code_challenge"].ToString(), user.Subject, user.Groups, user.Team, user.Audience);
        return Results.Redirect($"{redirect}?code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(query["state"].ToString())}");
    }

    private async Task<IResult> RedeemAsync(HttpContext http)
    {
        // The console's fetch comes from the gateway's origin: the token answer must say it may be read there.
        http.Response.Headers.AccessControlAllowOrigin = "*";
        var form = await http.Request.ReadFormAsync();
        var verifier = form["code_verifier"].ToString();
        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var grant)
            || grant.ClientId != form["client_id"] || grant.RedirectUri != form["redirect_uri"]
            || grant.Challenge != Base64UrlEncoder.Encode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier))))
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: StatusCodes.Status400BadRequest);
        }

        Redeemed++;
        return Results.Json(new { access_token = Token(grant.Subject, grant.Groups, grant.Team, grant.Audience), token_type = "Bearer", expires_in = 600 });
    }

    private IResult Discovery()
    {
        return Results.Text(
            new JsonObject
            {
                ["issuer"] = Issuer,
                ["jwks_uri"] = $"{Issuer}/jwks",
                ["authorization_endpoint"] = $"{Issuer}/authorize",
                ["token_endpoint"] = TokenEndpoint,
                ["response_types_supported"] = new JsonArray("code"),
                ["subject_types_supported"] = new JsonArray("public"),
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            }.ToJsonString(),
            "application/json");
    }

    private sealed record Grant(string ClientId, string RedirectUri, string Challenge, string Subject, string[] Groups, string? Team, string Audience);

    private IResult Jwks()
    {
        Interlocked.Increment(ref _jwksRequests);
        var parameters = _key.Rsa.ExportParameters(includePrivateParameters: false);
        var jwk = new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["alg"] = "RS256",
            ["kid"] = _key.KeyId,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
        return Results.Text(new JsonObject { ["keys"] = new JsonArray(jwk) }.ToJsonString(), "application/json");
    }
}
