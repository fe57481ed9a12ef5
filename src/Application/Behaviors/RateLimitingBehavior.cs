using System.Diagnostics;

namespace LlmGateway.Application.Behaviors;

/// <summary>Fixed-window limit per user; limit and window come from the pinned policy for the caller's role. The decision goes on the result.</summary>
public sealed class RateLimitingBehavior<TMessage, TResponse>(IRateLimiter rateLimiter)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IRateLimitedRequest, IMessage
    where TResponse : IGatewayResponse<TResponse>
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var limits = message.Policy.LimitsFor(message.Caller.Role);
        var span = GatewayTelemetry.StartStage(GatewayTelemetry.RateLimitSpan);
        var pending = rateLimiter.TryAcquireAsync(message.Caller.UserId, limits.RateLimit, TimeSpan.FromSeconds(limits.RateWindowSeconds), cancellationToken);
        if (span is not null)
        {
            // The store call (and its Redis span) ran under this span; what follows it must not, even when the
            // decision completes later in another context.
            Activity.Current = span.Parent;
        }

        return pending.IsCompletedSuccessfully
            ? Continue(message, pending.Result, span, next, cancellationToken)
            : AwaitDecision(message, pending, span, next, cancellationToken);

        static async ValueTask<TResponse> AwaitDecision(
            TMessage message,
            ValueTask<RateLimitDecision> pending,
            Activity? span,
            MessageHandlerDelegate<TMessage, TResponse> next,
            CancellationToken cancellationToken)
        {
            RateLimitDecision decision;
            try
            {
                decision = await pending;
            }
            catch
            {
                span?.Dispose();
                throw;
            }

            return await Continue(message, decision, span, next, cancellationToken);
        }
    }

    private static ValueTask<TResponse> Continue(
        TMessage message,
        RateLimitDecision decision,
        Activity? span,
        MessageHandlerDelegate<TMessage, TResponse> next,
        CancellationToken cancellationToken)
    {
        if (span is not null)
        {
            span.SetTag("gateway.rate_limit.allowed", decision.Allowed);
            span.SetTag("gateway.rate_limit.failed_open", decision.FailedOpen);
            if (!decision.FailedOpen)
            {
                span.SetTag("gateway.rate_limit.limit", decision.Limit);
                span.SetTag("gateway.rate_limit.remaining", decision.Remaining);
            }

            span.Dispose();
        }

        if (decision.Allowed)
        {
            return Decided.WithRateLimit(next(message, cancellationToken), decision);
        }

        var failure = new GatewayFailure(
            GatewayError.RateLimited,
            $"Rate limit of {decision.Limit} requests per window reached; retry after the window resets.");
        return ValueTask.FromResult(TResponse.FromFailure(failure).WithDecisions(new PipelineDecisions { RateLimit = decision }));
    }
}
