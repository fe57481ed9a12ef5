using LlmGateway.Application.Chat;
using LlmGateway.Application.Guardrails;

namespace LlmGateway.Application.Behaviors;

/// <summary>
/// Starts the response-cache read before the rate limiter asks the store, and does not wait for it: with Redis the
/// read and the rate-limit script leave on the one connection together and come back together — one round trip for
/// both instead of two — and what is left of the read runs while prompt inspection and the policy check use the CPU.
/// The read travels on the request (<see cref="ICacheableRequest.CacheRead"/>); <see cref="CachingBehavior{TMessage, TResponse}"/>
/// awaits it and decides on it only after the rate limit, validation and every guardrail have passed: a request any of
/// them refuses never sees the stored answer (the read is then simply dropped). The key is computed before validation;
/// it only hashes what the request holds.
/// </summary>
public sealed class CachePrefetchBehavior<TMessage, TResponse>(IResponseCache cache, GuardrailSet guards)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : ICacheableRequest, IMessage
    where TResponse : ICompletionResponse<TResponse>
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message.Cache.SkipRead)
        {
            return next(message, cancellationToken);
        }

        var key = ResponseCacheKey.For(message, guards.OutputGuardsIdFor(message.Policy));
        return next((TMessage)message.WithCacheRead(new PendingCacheRead(key, cache.TryGetAsync(key, cancellationToken))), cancellationToken);
    }
}
