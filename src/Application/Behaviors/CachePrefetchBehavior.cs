using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using LlmGateway.Domain.Chat;
using Mediator;

namespace LlmGateway.Application.Behaviors;

/// <summary>
/// Starts the response-cache read as soon as a request is known to be valid, and does not wait for it: the store's
/// round trip (Redis) then runs while prompt inspection and the policy check use the CPU, instead of after them.
/// <see cref="CachingBehavior{TMessage, TResponse}"/> awaits the read it started and decides, as before, only after
/// every guardrail has passed — a request the guardrails refuse never sees the stored answer.
/// </summary>
public sealed class CachePrefetchBehavior<TMessage, TResponse>(IResponseCache cache, IPolicyStore policies)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : ICacheableRequest, IMessage
    where TResponse : ICompletionResponse<TResponse>
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (!message.Cache.SkipRead)
        {
            var key = ResponseCacheKey.Compute(message.Chat, message.Caller.Role, message.Context.PolicyFrom(policies).Version);
            message.Context.CacheRead = new PendingCacheRead(message.Chat, key, cache.TryGetAsync(key, cancellationToken));
        }

        return next(message, cancellationToken);
    }
}

/// <summary>A cache read started by <see cref="CachePrefetchBehavior{TMessage, TResponse}"/> for <paramref name="Chat"/>; awaited at most once.</summary>
public sealed record PendingCacheRead(ChatRequest Chat, string Key, ValueTask<Completion?> Read);
