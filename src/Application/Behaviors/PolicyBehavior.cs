using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using LlmGateway.Domain.Chat;
using LlmGateway.Domain.Inspection;
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
        if (!policy.Enforces)
        {
            return next(message, cancellationToken);
        }

        if (!policy.IsModelAllowed(message.Chat.Model))
        {
            return Deny($"Model '{message.Chat.Model}' is not allowed by the policy.");
        }

        if (!policy.BlockedTerms.IsEmpty)
        {
            foreach (var chatMessage in message.Chat.Messages)
            {
                if (chatMessage.Role != ChatRole.Assistant && policy.BlockedTerms.IsMatch(TextNormalizer.Normalize(chatMessage.Content)))
                {
                    // The term itself is not echoed: it may be the very thing the policy wants kept out of logs.
                    return Deny("The prompt contains a term the policy does not allow.");
                }
            }
        }

        return next(message, cancellationToken);
    }

    private static ValueTask<TResponse> Deny(string detail) =>
        ValueTask.FromResult(TResponse.FromFailure(new GatewayFailure(GatewayError.PolicyDenied, detail)));
}
