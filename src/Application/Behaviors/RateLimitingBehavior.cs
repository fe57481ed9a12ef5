using System.Diagnostics;
using LlmGateway.Application.Spend;

namespace LlmGateway.Application.Behaviors;

/// <summary>
/// The request limit and the spend limits, asked together. The request limit is a fixed window per user from the pinned
/// policy for the caller's role — or, for an API key with its own <c>rpm_limit</c>, per key and minute. The spend limits
/// (tokens per minute per key, user and team; the key's budget) reserve the request's tokens and price. Both store calls
/// leave before either is awaited, so with Redis they travel in the same round trip (with the cache read the prefetch
/// started). The decisions go on the result; the reservation is settled or released as the answer comes back.
/// </summary>
public sealed class RateLimitingBehavior<TMessage, TResponse>(IRateLimiter rateLimiter, SpendGate spend)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IRateLimitedRequest, IChatCommand, IMessage
    where TResponse : IGatewayResponse<TResponse>
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var caller = message.Caller;
        var limits = message.Policy.LimitsFor(caller.Role);
        var span = GatewayTelemetry.StartStage(GatewayTelemetry.RateLimitSpan);
        var pending = caller is { RpmLimit: { } rpm, KeyId: { } keyId }
            ? rateLimiter.TryAcquireAsync(SpendGate.KeyLimiterId(keyId), rpm, SpendGate.KeyRateWindow, cancellationToken)
            : rateLimiter.TryAcquireAsync(caller.UserId, limits.RateLimit, TimeSpan.FromSeconds(limits.RateWindowSeconds), cancellationToken);
        var reservation = spend.Plan(message, limits);
        var admission = spend.ReserveAsync(reservation, cancellationToken);
        if (span is not null)
        {
            // The store calls (and their Redis spans) ran under this span; what follows them must not, even when the
            // decisions complete later in another context.
            Activity.Current = span.Parent;
        }

        return pending.IsCompletedSuccessfully && admission.IsCompletedSuccessfully
            ? Continue(message, pending.Result, reservation, admission.Result, span, next, cancellationToken)
            : AwaitDecisions(message, pending, reservation, admission, span, next, cancellationToken);

        async ValueTask<TResponse> AwaitDecisions(
            TMessage message,
            ValueTask<RateLimitDecision> pending,
            SpendReservation reservation,
            ValueTask<SpendAdmission> admission,
            Activity? span,
            MessageHandlerDelegate<TMessage, TResponse> next,
            CancellationToken cancellationToken)
        {
            RateLimitDecision decision;
            SpendAdmission admitted;
            try
            {
                decision = await pending;
                admitted = await admission;
            }
            catch
            {
                span?.Dispose();
                throw;
            }

            return await Continue(message, decision, reservation, admitted, span, next, cancellationToken);
        }
    }

    private ValueTask<TResponse> Continue(
        TMessage message,
        RateLimitDecision decision,
        SpendReservation reservation,
        SpendAdmission admission,
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

            if (reservation.IsChecked)
            {
                span.SetTag("gateway.spend.verdict", admission.Verdict.ToString());
                span.SetTag("gateway.spend.reserved_tokens", reservation.Tokens);
            }

            span.Dispose();
        }

        if (!decision.Allowed)
        {
            spend.Release(reservation, admission);
            var failure = new GatewayFailure(
                GatewayError.RateLimited,
                $"Rate limit of {decision.Limit} requests per window reached; retry after the window resets.");
            return Refused(failure, decision, reservation, admission);
        }

        if (!admission.Admitted)
        {
            return Refused(SpendGate.Refusal(reservation, admission), decision, reservation, admission);
        }

        return spend.Track(next(message, cancellationToken), reservation, admission, decision);
    }

    private static ValueTask<TResponse> Refused(GatewayFailure failure, RateLimitDecision decision, SpendReservation reservation, SpendAdmission admission) =>
        ValueTask.FromResult(TResponse.FromFailure(failure).WithDecisions(new PipelineDecisions
        {
            RateLimit = decision,
            Spend = new SpendRecord(reservation.KeyId, reservation.TeamId, reservation.Model, admission),
        }));
}
