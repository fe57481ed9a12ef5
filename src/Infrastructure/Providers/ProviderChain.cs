using System.Diagnostics;
using LlmGateway.Application.Models;
using LlmGateway.Domain;
using LlmGateway.Domain.Chat;

namespace LlmGateway.Infrastructure.Providers;

/// <summary>
/// The attempt loop behind the one <see cref="IChatProvider"/> the handlers see: the request's model is routed
/// (<see cref="IModelRouter"/>) to the deployments that serve it, drawn by weight, then to its fallback models'; the
/// first that answers serves. An answer from a fallback model is marked as such (and so never cached). A stream can
/// move on only until its first update has arrived. Each attempt is a <c>chat {model}</c> span
/// (<see cref="ProviderAttempt"/>); once the chain moves on, the further attempts run under one <c>gateway.fallback</c> span.
/// </summary>
internal sealed partial class ProviderChain : IChatProvider
{
    private readonly IModelRouter _router;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger<ProviderChain> _logger;

    public ProviderChain(IModelRouter router, GatewayMetrics metrics, ILogger<ProviderChain> logger)
    {
        _router = router;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Every model to <paramref name="members"/> in this order.</summary>
    public ProviderChain(IReadOnlyList<IChatProvider> members, GatewayMetrics metrics, ILogger<ProviderChain> logger)
        : this(ModelRouter.Chain(members), metrics, logger)
    {
    }

    public string Name => _router.Deployments[0].Chat.Name;

    public IModelRouter Router => _router;

    public ValueTask<ProviderResult> CompleteAsync(ChatRequest request, int maxTokens, CancellationToken cancellationToken) =>
        RunAsync<ProviderResult, Completing>(request, maxTokens, cancellationToken);

    public ValueTask<StreamingCallResult> StreamAsync(ChatRequest request, int maxTokens, CancellationToken cancellationToken) =>
        RunAsync<StreamingCallResult, Streaming>(request, maxTokens, cancellationToken);

    /// <summary>The attempt loop of both calls; <typeparamref name="TCall"/> says how a member is called and what its answer means.</summary>
    private async ValueTask<TResult> RunAsync<TResult, TCall>(ChatRequest request, int maxTokens, CancellationToken cancellationToken)
        where TResult : IProviderResult<TResult>
        where TCall : IMemberCall<TResult>
    {
        if (!_router.TryRoute(request.Model, out var route))
        {
            return TResult.Failed(ModelFailures.NotFound(request.Model));
        }

        List<GatewayFailure>? failures = null;
        Activity? fallback = null;
        try
        {
            var deployment = route.Next();
            while (deployment is not null)
            {
                var attempt = ProviderAttempt.Start(deployment.Traced, request, maxTokens, TCall.Stream);
                TResult result;
                try
                {
                    result = await TCall.CallAsync(deployment.Chat, request, maxTokens, cancellationToken);
                }
                catch (Exception exception)
                {
                    attempt.Failed(ProviderAttempt.ErrorType(exception), _metrics);
                    throw;
                }

                if (result.Failure is not { } failure)
                {
                    return TCall.Serve(result, route.Tier > 0, route.ServedModel(request.Model), route.Served, attempt, _metrics, ref fallback);
                }

                attempt.Failed(ProviderAttempt.ErrorType(failure), _metrics);
                if (IsClientsMistake(deployment, failure))
                {
                    return result;
                }

                (failures ??= []).Add(failure);
                var next = route.Next();
                fallback = MoveOn(deployment, next, failures.Count, failure, fallback);
                deployment = next;
            }

            return TResult.Failed(AllFailed(failures!));
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
    private bool IsClientsMistake(Deployment deployment, GatewayFailure failure)
    {
        if (failure.Upstream is not { } upstream)
        {
            return false;
        }

        LogRejected(_logger, deployment.Label, upstream.Status);
        return true;
    }

    /// <summary>Logs and counts a failed deployment; the first time the chain moves on, opens the span the further attempts run under.</summary>
    private Activity? MoveOn(Deployment failed, Deployment? next, int attempts, GatewayFailure failure, Activity? fallback)
    {
        if (next is null)
        {
            LogExhausted(_logger, attempts, failure.Detail);
            return fallback;
        }

        LogFallback(_logger, failed.Label, failure.Detail, next.Label);
        var errorType = ProviderAttempt.ErrorType(failure);
        _metrics.RecordFallback(failed.Traced.GenAiProviderName, errorType);
        if (fallback is not null)
        {
            return fallback;
        }

        fallback = GatewayTelemetry.StartStage(GatewayTelemetry.FallbackSpan);
        if (fallback is not null)
        {
            fallback.SetTag("gateway.fallback.from", failed.Label);
            fallback.SetTag("error.type", errorType);
        }

        return fallback;
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

    /// <summary>How one member is called (<see cref="IChatProvider.CompleteAsync"/> or <see cref="IChatProvider.StreamAsync"/>) and how its answer is handed on.</summary>
    private interface IMemberCall<TResult>
    {
        static abstract bool Stream { get; }

        static abstract ValueTask<TResult> CallAsync(IChatProvider member, ChatRequest request, int maxTokens, CancellationToken cancellationToken);

        /// <summary>The answer <paramref name="served"/>, a deployment of <paramref name="servedModel"/>, gave, as the chain hands it on; may take over the fallback span.</summary>
        static abstract TResult Serve(TResult result, bool isFallback, string servedModel, ServedDeployment served, ProviderAttempt attempt, GatewayMetrics metrics, ref Activity? fallback);
    }

    private sealed class Completing : IMemberCall<ProviderResult>
    {
        public static bool Stream => false;

        public static ValueTask<ProviderResult> CallAsync(IChatProvider member, ChatRequest request, int maxTokens, CancellationToken cancellationToken) =>
            member.CompleteAsync(request, maxTokens, cancellationToken);

        public static ProviderResult Serve(ProviderResult result, bool isFallback, string servedModel, ServedDeployment served, ProviderAttempt attempt, GatewayMetrics metrics, ref Activity? fallback)
        {
            var completion = result.Completion!;
            attempt.Answered(completion, metrics);
            return ProviderResult.Success(isFallback ? completion with { IsFallback = true } : completion) with { Model = servedModel, Deployment = served };
        }
    }

    private sealed class Streaming : IMemberCall<StreamingCallResult>
    {
        public static bool Stream => true;

        public static ValueTask<StreamingCallResult> CallAsync(IChatProvider member, ChatRequest request, int maxTokens, CancellationToken cancellationToken) =>
            member.StreamAsync(request, maxTokens, cancellationToken);

        public static StreamingCallResult Serve(StreamingCallResult result, bool isFallback, string servedModel, ServedDeployment served, ProviderAttempt attempt, GatewayMetrics metrics, ref Activity? fallback)
        {
            var stream = result.Stream!;
            stream.IsFallback = isFallback;
            stream.ServedModel = servedModel;
            stream.Deployment = served;
            // The attempt (and the fallback span around it) lasts until the stream's last chunk.
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
