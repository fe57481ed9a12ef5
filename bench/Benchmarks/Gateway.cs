using LlmGateway.Application;
using LlmGateway.Application.Common;
using LlmGateway.Application.Guardrails;
using LlmGateway.Application.Ports;
using LlmGateway.Domain.Chat;
using LlmGateway.Infrastructure.Auth;
using LlmGateway.Infrastructure.Spend;
using Microsoft.Extensions.DependencyInjection;

namespace LlmGateway.Benchmarks;

/// <summary>
/// The in-process gateway as the Api composes it, minus HTTP: <c>AddApplication</c>, the in-memory adapters of
/// <c>AddInfrastructure</c> (no Redis), no guardrail plugins and a provider that answers instantly; the Mediator
/// pipeline is the app's own, registered by <c>AddApplication</c>. Logging has no provider, so every log call is a
/// disabled-level check.
/// </summary>
internal static class Gateway
{
    /// <summary>High enough never to refuse, so the limiter counts every request and never blocks one.</summary>
    public const int RateLimit = 1_000_000_000;

    public static ServiceProvider Build(Completion answer)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddOptions<GatewayOptions>().Configure(options => options.RateLimit = RateLimit);
        services.AddOptions<GuardrailOptions>();
        services.AddOptions<JwtOptions>();
        services.AddApplication();

        // AddInfrastructure's in-memory state and an empty plugin set.
        InfrastructureDependencyInjection.AddInMemoryState(services);
        services.AddSingleton<IPasswordHasher, Pbkdf2PasswordHasher>();
        services.AddSingleton<ITokenService, JwtTokenService>();
        services.AddSingleton(GuardrailSet.Empty);
        services.AddOptions<PricingOptions>();
        services.AddSingleton<ITokenCounter, TiktokenCounter>();
        services.AddSingleton<IPriceTable, ConfiguredPriceTable>();
        services.AddSingleton<IChatProvider>(new NoOpChatProvider(answer));
        services.AddSingleton<IEmbeddingProvider>(new NoEmbeddingProvider());

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static Completion Answer(string text) =>
        new(text, NoOpChatProvider.ProviderName, "bench-model", "stop", new TokenUsage(12, TokenUsage.EstimateTokens(text), Estimated: false), [], IsFallback: false);
}

/// <summary>Answers every request at once with the same completion; allocates nothing per call.</summary>
internal sealed class NoOpChatProvider(Completion answer) : IChatProvider
{
    public const string ProviderName = "noop";

    private readonly ProviderResult _result = ProviderResult.Success(answer);

    public string Name => ProviderName;

    public ValueTask<ProviderResult> CompleteAsync(ChatRequest request, int maxTokens, CancellationToken cancellationToken) => ValueTask.FromResult(_result);

    public ValueTask<StreamingCallResult> StreamAsync(ChatRequest request, int maxTokens, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The benchmarks measure whole answers.");
}

/// <summary>The mediator builds every handler; the benchmarks send no embeddings request.</summary>
internal sealed class NoEmbeddingProvider : IEmbeddingProvider
{
    public ValueTask<EmbeddingResult> EmbedAsync(ChatRequest request, EmbeddingFormat format, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The benchmarks measure chat.");
}

internal static class Check
{
    public static void That(bool condition, string problem)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Benchmark setup: {problem}.");
        }
    }

    public static bool Has(IReadOnlyList<Domain.Filtering.Redaction> redactions, string type)
    {
        foreach (var redaction in redactions)
        {
            if (redaction.Type == type)
            {
                return true;
            }
        }

        return false;
    }
}
