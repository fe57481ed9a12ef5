using LlmGateway.Application.Chat;
using LlmGateway.Application.Guardrails;
using LlmGateway.Domain.Policies;

namespace LlmGateway.Application.Behaviors;

/// <summary>
/// Serves a stored answer when there is one; otherwise stores the answer the inner pipeline produced. The read is
/// the one <see cref="CachePrefetchBehavior{TMessage, TResponse}"/> started before the guardrails, when it ran.
/// It sits outside output filtering, so only filtered answers are stored, and the key carries the policy version and
/// the output-guard plugins' identity, so an answer filtered under an older policy or other plugins is never served.
/// Only successful answers of the configured provider are stored — never failures, blocks or fallback answers. A hit
/// on a streamed request is returned as a whole answer, which the edge replays as a stream. Who shares an entry is the
/// policy's <c>cache.scope</c> (<see cref="ResponseCacheKey"/>); a <c>no-cache</c> request writes only under the user scope.
/// </summary>
public sealed partial class CachingBehavior<TMessage, TResponse>(
    IResponseCache cache,
    GuardrailSet guards,
    ILogger<CachingBehavior<TMessage, TResponse>> logger) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : ICacheableRequest, IMessage
    where TResponse : ICompletionResponse<TResponse>
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var prefetched = message.CacheRead;
        var key = prefetched?.Key ?? ResponseCacheKey.For(message, guards.OutputGuardsIdFor(message.Policy));

        var status = CacheStatus.Bypass;
        if (!message.Cache.SkipRead)
        {
            // An async method: the span set as current here is not seen by the caller, and ends before next runs.
            var span = GatewayTelemetry.StartStage(GatewayTelemetry.CacheSpan);
            Completion? cached;
            try
            {
                cached = await (prefetched is null ? cache.TryGetAsync(key, cancellationToken) : prefetched.Read);
            }
            catch
            {
                span?.Dispose();
                throw;
            }

            if (span is not null)
            {
                span.SetTag("gateway.cache.status", cached is null ? "miss" : "hit");
                span.SetTag("gateway.policy.version", message.Policy.Version);
                span.Dispose();
            }

            if (cached is not null)
            {
                LogHit(logger, cached.Provider, message.Context.Prompt?.Length, message.Context.Prompt?.Hash);
                return TResponse.FromCompletion(cached).WithDecisions(new PipelineDecisions { Cache = CacheStatus.Hit, Provider = cached.Provider });
            }

            status = CacheStatus.Miss;
        }

        var response = await next(message, cancellationToken);
        if (status != CacheStatus.Bypass)
        {
            response = response.WithDecisions(response.Decisions with { Cache = status });
        }

        if (message.Cache.SkipWrite || (message.Cache.SkipRead && message.Policy.CacheScope != CacheScope.User))
        {
            // no-cache refreshes only an entry the caller alone is served: under a shared scope (role, global) its answer
            // is not stored, so no caller can replace the answer everybody else of the scope gets.
            return response;
        }

        if (response.Completion is { IsFallback: false } completion)
        {
            await cache.SetAsync(key, completion, cancellationToken);
        }
        else if (response.Stream is { IsFallback: false } stream)
        {
            // Stored only when the stream ends normally: a block, a broken upstream or a client that left stores nothing.
            stream.OnCompleted(streamed => cache.SetAsync(key, streamed, CancellationToken.None));
        }

        return response;
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Cache hit: answer from {Provider:l} served from cache (prompt {PromptChars} chars #{PromptHash:l})")]
    private static partial void LogHit(ILogger logger, string provider, int? promptChars, string? promptHash);
}
