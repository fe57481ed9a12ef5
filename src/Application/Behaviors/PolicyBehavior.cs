using System.Diagnostics;
using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using LlmGateway.Domain.Chat;
using LlmGateway.Domain.Inspection;
using LlmGateway.Domain.Policies;
using Mediator;

namespace LlmGateway.Application.Behaviors;

/// <summary>Governance rules of the live policy: the model allow-list and blocked terms. 403 <c>policy_denied</c>.</summary>
public sealed class PolicyBehavior<TMessage, TResponse>(IPolicyStore policies) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IPolicyGovernedRequest, IMessage
    where TResponse : IGatewayResponse<TResponse>
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var policy = message.Context.PolicyFrom(policies);
        var span = GatewayTelemetry.StartStage(GatewayTelemetry.PolicySpan);
        if (span is not null)
        {
            span.SetTag("gateway.policy.version", policy.Version);
            span.SetTag("gateway.policy.mode", policy.Enforces ? "enforce" : "monitor");
        }

        if (!policy.Enforces)
        {
            span?.Dispose();
            return next(message, cancellationToken);
        }

        var started = Stopwatch.GetTimestamp();
        var decision = Decide(policy, message.Chat);
        message.Context.AddStageTime(GuardrailStage.Policy, Stopwatch.GetElapsedTime(started));
        if (span is not null)
        {
            span.SetTag("gateway.policy.decision", decision switch
            {
                BlockReason.ModelNotAllowed => "model_not_allowed",
                BlockReason.BlockedTerm => "blocked_term",
                _ => "allow",
            });
            span.Dispose();
        }

        switch (decision)
        {
            case BlockReason.ModelNotAllowed:
                message.Context.Block = decision;
                return Deny($"Model '{message.Chat.Model}' is not allowed by the policy.");
            case BlockReason.BlockedTerm:
                message.Context.Block = decision;
                // The term itself is not echoed: it may be the very thing the policy wants kept out of logs.
                return Deny("The prompt contains a term the policy does not allow.");
            default:
                return next(message, cancellationToken);
        }
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
                if (chatMessage.Role != ChatRole.Assistant && policy.BlockedTerms.IsMatch(TextNormalizer.Normalize(chatMessage.Content)))
                {
                    return BlockReason.BlockedTerm;
                }
            }
        }

        return BlockReason.None;
    }

    private static ValueTask<TResponse> Deny(string detail) =>
        ValueTask.FromResult(TResponse.FromFailure(new GatewayFailure(GatewayError.PolicyDenied, detail)));
}
