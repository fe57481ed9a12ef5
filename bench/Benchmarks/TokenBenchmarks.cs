using BenchmarkDotNet.Attributes;
using LlmGateway.Domain;
using LlmGateway.Infrastructure.Auth;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LlmGateway.Benchmarks;

/// <summary>
/// What JwtBearer's token handler costs per request (issue 7): the gateway's own access token validated by
/// <see cref="JsonWebTokenHandler"/> (parse, HMAC-SHA256, claims) as before, and answered by
/// <see cref="CachingTokenHandler"/> once cached. Both get a fresh clone of the parameters, as JwtBearer passes them.
/// </summary>
[MemoryDiagnoser]
public class TokenBenchmarks
{
    private readonly JsonWebTokenHandler _uncached = new() { MapInboundClaims = false };
    private CachingTokenHandler _cached = null!;
    private TokenValidationParameters _parameters = null!;
    private string _token = null!;

    [GlobalSetup]
    public void Setup()
    {
        var service = new JwtTokenService(Options.Create(new JwtOptions { Secret = "bench-secret-bench-secret-bench-secret-0123" }), TimeProvider.System);
        _parameters = service.ValidationParameters;
        _token = service.Issue("bench-user", Role.User, "bench-stamp").Token;
        _cached = new CachingTokenHandler(_parameters.IssuerSigningKey, TimeProvider.System);
        if (!Validate().GetAwaiter().GetResult().IsValid || !ValidateCached().GetAwaiter().GetResult().IsValid)
        {
            throw new InvalidOperationException("The bench token must validate.");
        }
    }

    [Benchmark(Baseline = true, Description = "JsonWebTokenHandler.ValidateTokenAsync (before)")]
    public Task<TokenValidationResult> Validate() => _uncached.ValidateTokenAsync(_token, _parameters.Clone());

    [Benchmark(Description = "CachingTokenHandler, cached")]
    public Task<TokenValidationResult> ValidateCached() => _cached.ValidateTokenAsync(_token, _parameters.Clone());
}
