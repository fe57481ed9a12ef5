using System.Diagnostics;
using LlmGateway.Domain;
using LlmGateway.Domain.Chat;

namespace LlmGateway.Infrastructure.Providers;

/// <summary>
/// The configured providers in order — primary, further providers, the built-in local provider last when
/// enabled. The first that answers serves; every answer from a provider after the first is marked as a
/// fallback (and so never cached). A stream can move on only until its first update has arrived.
/// Each attempt is a <c>chat {model}</c> span (<see cref="ProviderAttempt"/>); once the chain moves on, the further
/// attempts run under one <c>gateway.fallback</c> span.
/// </summary>
internal sealed partial class ProviderChain : IChatProvider
{
    private readonly IReadOnlyList<IChatProvider> _members;
    private readonly ITracedProvider[] _traced;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger<ProviderChain> _logger;

    public ProviderChain(IReadOnlyList<IChatProvider> members, GatewayMetrics metrics, ILogger<ProviderChain> logger)
    {
        _members = members;
        _traced = new ITracedProvider[members.Count];
        for (var i = 0; i < _traced.Length; i++)
        {
            _traced[i] = members[i] as ITracedProvider ?? new UntracedProvider(members[i].Name);
        }

        _metrics = metrics;
        _logger = logger;
    }

    public string Name => _members[0].Name;

    public IReadOnlyList<IChatProvider> Members => _members;

    public async ValueTask<ProviderResult> CompleteAsync(ChatRequest request, int maxTokens, CancellationToken cancellationToken)
    {
        List<GatewayFailure>? failures = null;
        Activity? fallback = null;
        try
        {
            for (var i = 0; i < _members.Count; i++)
            {
                var attempt = ProviderAttempt.Start(_traced[i], request, maxTokens, stream: false);
                ProviderResult result;
                try
                {
                    result = await _members[i].CompleteAsync(request, maxTokens, cancellationToken);
                }
                catch (Exception exception)
                {
                    attempt.Failed(ProviderAttempt.ErrorType(exception), _metrics);
                    throw;
                }

                if (result.Completion is { } completion)
                {
                    attempt.Answered(completion, _metrics);
                    return i == 0 ? result : ProviderResult.Success(completion with { IsFallback = true });
                }

                var failure = result.Failure!;
                attempt.Failed(ProviderAttempt.ErrorType(failure), _metrics);
                if (IsClientsMistake(i, failure))
                {
                    return result;
                }

                (failures ??= []).Add(failure);
                fallback = MoveOn(i, failure, fallback);
            }

            return ProviderResult.Failed(AllFailed(failures!));
        }
        finally
        {
            fallback?.Dispose();
        }
    }

    public async ValueTask<StreamingCallResult> StreamAsync(ChatRequest request, int maxTokens, CancellationToken cancellationToken)
    {
        List<GatewayFailure>? failures = null;
        Activity? fallback = null;
        try
        {
            for (var i = 0; i < _members.Count; i++)
            {
                var attempt = ProviderAttempt.Start(_traced[i], request, maxTokens, stream: true);
                StreamingCallResult result;
                try
                {
                    result = await _members[i].StreamAsync(request, maxTokens, cancellationToken);
                }
                catch (Exception exception)
                {
                    attempt.Failed(ProviderAttempt.ErrorType(exception), _metrics);
                    throw;
                }

                if (result.Stream is { } stream)
                {
                    stream.IsFallback = i > 0;
                    // The attempt (and the fallback span around it) lasts until the stream's last chunk.
                    var metrics = _metrics;
                    var fallbackSpan = fallback;
                    fallback = null;
                    stream.OnEnded(end =>
                    {
                        attempt.StreamEnded(end, metrics);
                        if (fallbackSpan is not null)
                        {
                            GatewayTelemetry.StopDetached(fallbackSpan);
                        }
                    });
                    return result;
                }

                var failure = result.Failure!;
                attempt.Failed(ProviderAttempt.ErrorType(failure), _metrics);
                if (IsClientsMistake(i, failure))
                {
                    return result;
                }

                (failures ??= []).Add(failure);
                fallback = MoveOn(i, failure, fallback);
            }

            return StreamingCallResult.Failed(AllFailed(failures!));
        }
        finally
        {
            fallback?.Dispose();
        }
    }

    /// <summary>
    /// A provider refused the request as the client's mistake (<see cref="GatewayFailure.Upstream"/>): another provider
    /// would only hide it behind an answer to a request the client got wrong, so the chain stops and the client gets the
    /// refusal. It is no fallback and (a 4xx is no transient failure) no circuit breaker counts it.
    /// </summary>
    private bool IsClientsMistake(int index, GatewayFailure failure)
    {
        if (failure.Upstream is not { } upstream)
        {
            return false;
        }

        LogRejected(_logger, _members[index].Name, upstream.Status);
        return true;
    }

    /// <summary>Logs and counts a failed member; the first time the chain moves on, opens the span the further attempts run under.</summary>
    private Activity? MoveOn(int index, GatewayFailure failure, Activity? fallback)
    {
        LogFailure(index, failure);
        if (index + 1 >= _members.Count)
        {
            return fallback;
        }

        var errorType = ProviderAttempt.ErrorType(failure);
        _metrics.RecordFallback(_traced[index].GenAiProviderName, errorType);
        if (fallback is not null)
        {
            return fallback;
        }

        fallback = GatewayTelemetry.StartStage(GatewayTelemetry.FallbackSpan);
        if (fallback is not null)
        {
            fallback.SetTag("gateway.fallback.from", _members[index].Name);
            fallback.SetTag("error.type", errorType);
        }

        return fallback;
    }

    private void LogFailure(int index, GatewayFailure failure)
    {
        if (index + 1 < _members.Count)
        {
            LogFallback(_logger, _members[index].Name, failure.Detail, _members[index + 1].Name);
        }
        else
        {
            LogExhausted(_logger, _members.Count, failure.Detail);
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

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Provider {Provider:l} refused the request as the client's error (HTTP {Status}); no fallback")]
    private static partial void LogRejected(ILogger logger, string provider, int status);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "All {ProviderCount} providers failed; the last: {Reason:l}")]
    private static partial void LogExhausted(ILogger logger, int providerCount, string reason);
}

/// <summary>A member that says nothing about itself (a test double): its name stands for the provider and the requested model is used.</summary>
internal sealed class UntracedProvider(string name) : ITracedProvider
{
    public string GenAiProviderName => name;

    public string ConfiguredModel => string.Empty;

    public string? ServerAddress => null;

    public string RequestModel(ChatRequest request) => request.Model;
}
