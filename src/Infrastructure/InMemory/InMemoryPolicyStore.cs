using LlmGateway.Application;
using LlmGateway.Application.Ports;
using LlmGateway.Domain.Policies;
using Microsoft.Extensions.Options;

namespace LlmGateway.Infrastructure.InMemory;

/// <summary>The default policy (DESIGN §4), compiled once at start-up; the user limits come from RATE_LIMIT/RATE_WINDOW.</summary>
internal sealed class InMemoryPolicyStore : IPolicyStore
{
    public InMemoryPolicyStore(IOptions<GatewayOptions> options)
    {
        var gateway = options.Value;
        var fallback = new RoleLimits { RateLimit = gateway.RateLimit, RateWindowSeconds = gateway.RateWindowSeconds };
        Current = PolicyCompiler.Compile(DefaultPolicy.Create(gateway.RateLimit, gateway.RateWindowSeconds), version: 1, fallback);
    }

    public PolicySnapshot Current { get; }
}
