using System.Diagnostics;
using LlmGateway.Domain.Chat;
using LlmGateway.Domain.Inspection;
using LlmGateway.Domain.Policies;

namespace LlmGateway.Application.Behaviors;

/// <summary>
/// Injection detection on every message of the request — system, user and the assistant turns of the history — each
/// knowing its role. Blocks with 400 when the score
/// reaches the pinned policy's threshold; in monitor mode it only records the verdict (a would-be block on the result).
/// </summary>
/// <remarks>
/// The semantic tier (<see cref="ISemanticInjectionScorer"/>, milliseconds a text) runs as the policy's
/// <c>prompt_inspection.semantic</c> says: <c>on</c> for every message the fast tiers did not block, <c>uncertain</c>
/// only for one they matched without reaching the threshold. System messages are the application's own instructions
/// and are left to the fast tiers. Without a scorer registered (a host without the model), the setting is ignored.
/// </remarks>
public sealed partial class PromptInspectionBehavior<TMessage, TResponse>(
    GatewayMetrics metrics,
    ILogger<PromptInspectionBehavior<TMessage, TResponse>> logger,
    ISemanticInjectionScorer? semantic = null)
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
            var fast = inspector.Inspect(chatMessage.Content, chatMessage.Role);
            if (NeedsSemanticTier(policy.SemanticInspection, fast, chatMessage.Role) && semantic!.Score(chatMessage.Content) >= semantic.Threshold)
            {
                fast = fast.Combine(new InspectionVerdict(inspector.BlockThreshold, [SemanticRuleId], ThresholdReached: true), inspector.BlockThreshold);
            }

            verdict = verdict.Combine(fast, inspector.BlockThreshold);
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

    /// <summary>The rule id under which the semantic tier reports a block.</summary>
    public const string SemanticRuleId = "semantic-model";

    private bool NeedsSemanticTier(SemanticInspection setting, InspectionVerdict fast, ChatRole role) =>
        semantic is not null && role != ChatRole.System && !fast.ThresholdReached && setting switch
        {
            SemanticInspection.On => true,
            SemanticInspection.Uncertain => !fast.IsClean,
            _ => false,
        };

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
