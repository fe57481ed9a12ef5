using System.Diagnostics;
using LlmGateway.Domain.Inspection;
using Microsoft.Extensions.Logging;

namespace LlmGateway.Application.Behaviors;

/// <summary>
/// Injection detection on every message of the request — system, user and the assistant turns of the history — each
/// knowing its role. Blocks with 400 when the score
/// reaches the pinned policy's threshold; in monitor mode it only records the verdict (a would-be block on the result).
/// </summary>
public sealed partial class PromptInspectionBehavior<TMessage, TResponse>(GatewayMetrics metrics, ILogger<PromptInspectionBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IInspectedRequest, IMessage
    where TResponse : IGatewayResponse<TResponse>
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var policy = message.Policy;
        var inspector = policy.Inspector;
        if (!inspector.Enabled)
        {
            return next(message, cancellationToken);
        }

        var started = Stopwatch.GetTimestamp();
        var span = GatewayTelemetry.StartStage(GatewayTelemetry.InspectSpan);
        var verdict = InspectionVerdict.Clean;
        // Every message the model will read is input, earlier "answers" included: the client writes the whole history.
        foreach (var chatMessage in message.Chat.Messages)
        {
            verdict = verdict.Combine(inspector.Inspect(chatMessage.Content, chatMessage.Role), inspector.BlockThreshold);
        }

        metrics.RecordStage(GuardrailStage.Inspect, Stopwatch.GetElapsedTime(started));
        if (span is not null)
        {
            RecordVerdict(span, verdict, inspector.BlockThreshold, policy.Enforces);
        }

        if (!verdict.ThresholdReached)
        {
            return next(message, cancellationToken);
        }

        var ruleIds = string.Join(',', verdict.RuleIds);
        if (!policy.Enforces)
        {
            LogMonitored(logger, policy.Version, verdict.Score, ruleIds, message.Context.Prompt?.Length, message.Context.Prompt?.Hash);
            return Decided.WithWouldBlock(next(message, cancellationToken), BlockReason.PromptInjection);
        }

        LogBlocked(logger, message.Caller.UserId, policy.Version, verdict.Score, ruleIds, message.Context.Prompt?.Length, message.Context.Prompt?.Hash);
        var failure = new GatewayFailure(GatewayError.PromptBlocked, "The prompt was blocked by prompt-injection inspection.")
        {
            RuleIds = verdict.RuleIds,
        };
        return Decided.Refused<TResponse>(failure, BlockReason.PromptInjection);
    }

    /// <summary>
    /// <c>gateway.inspect.verdict</c>: <c>clean</c> (nothing matched), <c>suspicious</c> (rules matched below the
    /// threshold), <c>block</c>, or <c>would_block</c> under a monitoring policy; with the score, threshold and rule ids.
    /// </summary>
    internal static void RecordVerdict(Activity span, InspectionVerdict verdict, double threshold, bool enforces)
    {
        span.SetTag("gateway.inspect.verdict", verdict switch
        {
            { ThresholdReached: true } => enforces ? "block" : "would_block",
            { IsClean: true } => "clean",
            _ => "suspicious",
        });
        span.SetTag("gateway.inspect.score", verdict.Score);
        span.SetTag("gateway.inspect.threshold", threshold);
        if (!verdict.IsClean)
        {
            span.SetTag("gateway.inspect.rule_ids", verdict.RuleIds as string[] ?? [.. verdict.RuleIds]);
        }

        span.Dispose();
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning,
        Message = "Prompt blocked for {UserId:l} by policy v{PolicyVersion}: score {Score}, rules {RuleIds:l}, prompt {PromptChars} chars #{PromptHash:l}")]
    private static partial void LogBlocked(ILogger logger, string userId, long policyVersion, double score, string ruleIds, int? promptChars, string? promptHash);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information,
        Message = "Prompt would be blocked (monitor mode, policy v{PolicyVersion}): score {Score}, rules {RuleIds:l}, prompt {PromptChars} chars #{PromptHash:l}")]
    private static partial void LogMonitored(ILogger logger, long policyVersion, double score, string ruleIds, int? promptChars, string? promptHash);
}
