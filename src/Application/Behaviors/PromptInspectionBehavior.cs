using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using LlmGateway.Domain.Chat;
using LlmGateway.Domain.Inspection;
using Mediator;
using Microsoft.Extensions.Logging;

namespace LlmGateway.Application.Behaviors;

/// <summary>
/// Injection detection on every user-supplied message (not only the last). Blocks with 400 when the score
/// reaches the policy's threshold; in monitor mode it only records the verdict.
/// </summary>
public sealed partial class PromptInspectionBehavior<TMessage, TResponse>(IPolicyStore policies, ILogger<PromptInspectionBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IInspectedRequest, IMessage
    where TResponse : IGatewayResponse<TResponse>
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var policy = message.Context.PolicyFrom(policies);
        var inspector = policy.Inspector;
        if (!inspector.Enabled)
        {
            return next(message, cancellationToken);
        }

        var verdict = InspectionVerdict.Clean;
        foreach (var chatMessage in message.Chat.Messages)
        {
            if (chatMessage.Role != ChatRole.Assistant)
            {
                verdict = verdict.Combine(inspector.Inspect(chatMessage.Content), inspector.BlockThreshold);
            }
        }

        message.Context.Inspection = verdict;
        if (!verdict.ThresholdReached)
        {
            return next(message, cancellationToken);
        }

        var ruleIds = string.Join(',', verdict.RuleIds);
        if (!policy.Enforces)
        {
            LogMonitored(logger, policy.Version, verdict.Score, ruleIds, message.Context.Prompt?.Length, message.Context.Prompt?.Hash);
            return next(message, cancellationToken);
        }

        LogBlocked(logger, message.Caller.UserId, policy.Version, verdict.Score, ruleIds, message.Context.Prompt?.Length, message.Context.Prompt?.Hash);
        var failure = new GatewayFailure(GatewayError.PromptBlocked, "The prompt was blocked by prompt-injection inspection.")
        {
            RuleIds = verdict.RuleIds,
        };
        return ValueTask.FromResult(TResponse.FromFailure(failure));
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning,
        Message = "Prompt blocked for {UserId:l} by policy v{PolicyVersion}: score {Score}, rules {RuleIds:l}, prompt {PromptChars} chars #{PromptHash:l}")]
    private static partial void LogBlocked(ILogger logger, string userId, long policyVersion, double score, string ruleIds, int? promptChars, string? promptHash);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information,
        Message = "Prompt would be blocked (monitor mode, policy v{PolicyVersion}): score {Score}, rules {RuleIds:l}, prompt {PromptChars} chars #{PromptHash:l}")]
    private static partial void LogMonitored(ILogger logger, long policyVersion, double score, string ruleIds, int? promptChars, string? promptHash);
}
