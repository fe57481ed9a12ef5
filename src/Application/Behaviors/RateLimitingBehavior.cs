using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using Mediator;

namespace LlmGateway.Application.Behaviors;

/// <summary>Fixed-window limit per user; limit and window come from the live policy for the caller's role.</summary>
public sealed class RateLimitingBehavior<TMessage, TResponse>(IRateLimiter rateLimiter, IPolicyStore policies)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IRateLimitedRequest, IMessage
    where TResponse : IGatewayResponse<TResponse>
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var limits = message.Context.PolicyFrom(policies).LimitsFor(message.Caller.Role);
        var pending = rateLimiter.TryAcquireAsync(message.Caller.UserId, limits.RateLimit, TimeSpan.FromSeconds(limits.RateWindowSeconds), cancellationToken);
        return pending.IsCompletedSuccessfully
            ? Continue(message, pending.Result, next, cancellationToken)
            : AwaitDecision(message, pending, next, cancellationToken);

        static async ValueTask<TResponse> AwaitDecision(
            TMessage message,
            ValueTask<RateLimitDecision> pending,
            MessageHandlerDelegate<TMessage, TResponse> next,
            CancellationToken cancellationToken) =>
            await Continue(message, await pending, next, cancellationToken);
    }

    private static ValueTask<TResponse> Continue(
        TMessage message,
        RateLimitDecision decision,
        MessageHandlerDelegate<TMessage, TResponse> next,
        CancellationToken cancellationToken)
    {
        message.Context.RateLimit = decision;
        if (decision.Allowed)
        {
            return next(message, cancellationToken);
        }

        var failure = new GatewayFailure(
            GatewayError.RateLimited,
            $"Rate limit of {decision.Limit} requests per window reached; retry after the window resets.");
        return ValueTask.FromResult(TResponse.FromFailure(failure));
    }
}
