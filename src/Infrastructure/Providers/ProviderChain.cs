using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using LlmGateway.Domain.Chat;
using Microsoft.Extensions.Logging;

namespace LlmGateway.Infrastructure.Providers;

/// <summary>
/// The configured providers in order — primary, further providers, the built-in local provider last when
/// enabled. The first that answers serves; every answer from a provider after the first is marked as a
/// fallback (and so never cached). A stream can move on only until its first update has arrived.
/// </summary>
internal sealed partial class ProviderChain(IReadOnlyList<IChatProvider> members, ILogger<ProviderChain> logger) : IChatProvider
{
    public string Name => members[0].Name;

    public IReadOnlyList<IChatProvider> Members => members;

    public async ValueTask<ProviderResult> CompleteAsync(ChatRequest request, int maxTokens, CancellationToken cancellationToken)
    {
        List<GatewayFailure>? failures = null;
        for (var i = 0; i < members.Count; i++)
        {
            var result = await members[i].CompleteAsync(request, maxTokens, cancellationToken);
            if (result.Completion is { } completion)
            {
                return i == 0 ? result : ProviderResult.Success(completion with { IsFallback = true });
            }

            (failures ??= []).Add(result.Failure!);
            LogFailure(i, result.Failure!);
        }

        return ProviderResult.Failed(AllFailed(failures!));
    }

    public async ValueTask<StreamingCallResult> StreamAsync(ChatRequest request, int maxTokens, CancellationToken cancellationToken)
    {
        List<GatewayFailure>? failures = null;
        for (var i = 0; i < members.Count; i++)
        {
            var result = await members[i].StreamAsync(request, maxTokens, cancellationToken);
            if (result.Stream is { } stream)
            {
                stream.IsFallback = i > 0;
                return result;
            }

            (failures ??= []).Add(result.Failure!);
            LogFailure(i, result.Failure!);
        }

        return StreamingCallResult.Failed(AllFailed(failures!));
    }

    private void LogFailure(int index, GatewayFailure failure)
    {
        if (index + 1 < members.Count)
        {
            LogFallback(logger, members[index].Name, failure.Detail, members[index + 1].Name);
        }
        else
        {
            LogExhausted(logger, members.Count, failure.Detail);
        }
    }

    private static GatewayFailure AllFailed(List<GatewayFailure> failures)
    {
        var reasons = new string[failures.Count];
        for (var i = 0; i < reasons.Length; i++)
        {
            reasons[i] = failures[i].Detail;
        }

        return new GatewayFailure(GatewayError.ProviderUnavailable, $"No provider could answer ({string.Join("; ", reasons)}).");
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Provider fallback: {Provider:l} failed ({Reason:l}); trying {NextProvider:l}")]
    private static partial void LogFallback(ILogger logger, string provider, string reason, string nextProvider);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "All {ProviderCount} providers failed; the last: {Reason:l}")]
    private static partial void LogExhausted(ILogger logger, int providerCount, string reason);
}
