using System.Diagnostics;
using LlmGateway.Domain.Chat;
using LlmGateway.Domain.Inspection;
using LlmGateway.Domain.Policies;

namespace LlmGateway.Application.Behaviors;

/// <summary>
/// Governance rules of the pinned policy: the model allow-list and blocked terms. 403 <c>policy_denied</c>. A monitoring
/// policy denies nothing but records what it would have denied (log, span, <c>gateway.monitored_blocks</c>).
/// </summary>
public sealed partial class PolicyBehavior<TMessage, TResponse>(GatewayMetrics metrics, ILogger<PolicyBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IPolicyGovernedRequest, IMessage
    where TResponse : IGatewayResponse<TResponse>
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var policy = message.Policy;
        var span = GatewayTelemetry.StartStage(GatewayTelemetry.PolicySpan);
        var started = Stopwatch.GetTimestamp();
        var decision = Decide(policy, message.Chat);
        metrics.RecordStage(GuardrailStage.Policy, Stopwatch.GetElapsedTime(started));
        if (span is not null)
        {
            span.SetTag("gateway.policy.version", policy.Version);
            span.SetTag("gateway.policy.mode", policy.Enforces ? "enforce" : "monitor");
            span.SetTag("gateway.policy.decision", decision switch
            {
                BlockReason.ModelNotAllowed => "model_not_allowed",
                BlockReason.BlockedTerm => "blocked_term",
                _ => "allow",
            });
            span.Dispose();
        }

        if (decision == BlockReason.None)
        {
            return next(message, cancellationToken);
        }

        if (!policy.Enforces)
        {
            var reason = decision == BlockReason.ModelNotAllowed ? "model not allowed" : "blocked term";
            LogMonitored(logger, policy.Version, reason, message.Context.Prompt?.Length, message.Context.Prompt?.Hash);
            return Decided.WithWouldBlock(next(message, cancellationToken), decision);
        }

        // The term itself is not echoed: it may be the very thing the policy wants kept out of logs.
        var detail = decision == BlockReason.ModelNotAllowed
            ? $"Model '{message.Chat.Model}' is not allowed by the policy."
            : "The prompt contains a term the policy does not allow.";
        return Decided.Refused<TResponse>(new GatewayFailure(GatewayError.PolicyDenied, detail), decision);
    }

    private static BlockReason Decide(PolicySnapshot policy, ChatRequest chat)
    {
        if (!policy.IsModelAllowed(chat.Model))
        {
            return BlockReason.ModelNotAllowed;
        }

        if (!policy.BlockedTerms.IsEmpty)
        {
            foreach (var chatMessage in chat.Messages)
            {
                // Every message, assistant turns included: the client writes the whole history.
                if (policy.BlockedTerms.IsMatch(TextNormalizer.Normalize(chatMessage.Content)))
                {
                    return BlockReason.BlockedTerm;
                }
            }
        }

        return BlockReason.None;
    }

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information,
        Message = "Request would be denied (monitor mode, policy v{PolicyVersion}): {Reason:l}, prompt {PromptChars} chars #{PromptHash:l}")]
    private static partial void LogMonitored(ILogger logger, long policyVersion, string reason, int? promptChars, string? promptHash);
}
