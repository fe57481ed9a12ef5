using LlmGateway.Domain.Chat;

namespace LlmGateway.Application.Guardrails;

/// <summary>
/// A guardrail plugin that judges a prompt before any model sees it. It runs after the built-in prompt
/// inspection, in the order the plugins are listed in <c>Guardrails:Plugins</c>.
/// </summary>
/// <remarks>
/// One instance serves every request, concurrently: keep it thread-safe and precompute in the constructor.
/// The constructor may take <c>IConfiguration</c>, <c>ILogger&lt;T&gt;</c> or any other host service; if it throws,
/// the gateway refuses to start. A call that throws, or that has not finished when
/// <c>Guardrails:PluginTimeoutMs</c> is up, blocks the request (fail closed); honour the cancellation token
/// and never block the thread.
/// </remarks>
public interface IPromptGuard
{
    /// <summary>A short stable name (<c>confidential-terms</c>) for logs, traces and the caller's error detail.</summary>
    string Name { get; }

    /// <summary>Allows or blocks the prompt. Never log the text or copy it into the verdict.</summary>
    /// <param name="cancellationToken">Cancelled when the time budget is up or the caller went away.</param>
    ValueTask<PromptVerdict> InspectAsync(PromptGuardRequest request, CancellationToken cancellationToken);
}

/// <summary>What a prompt guard sees of one request.</summary>
/// <param name="Chat">
/// The request as the model would get it. Messages with role <see cref="ChatRole.User"/> or
/// <see cref="ChatRole.System"/> are the caller's own text; <see cref="ChatRole.Assistant"/> turns are earlier answers.
/// Text the model reads beside the messages comes first, in messages marked <see cref="ChatMessage.IsDefinitions"/>: the
/// request's tool definitions and output schema as a system message, the fields the gateway does not know as a user one.
/// </param>
/// <param name="Caller">Who asks: user id and role, from a validated token.</param>
/// <param name="PolicyVersion">The live policy version judging this request.</param>
/// <param name="RequestId">The request id the caller and the logs see, for correlation.</param>
public sealed record PromptGuardRequest(ChatRequest Chat, Caller Caller, long PolicyVersion, string RequestId);

/// <summary>A prompt guard's decision.</summary>
public readonly record struct PromptVerdict
{
    private PromptVerdict(bool isBlocked, string? ruleId, string? reason)
    {
        IsBlocked = isBlocked;
        RuleId = ruleId;
        Reason = reason;
    }

    /// <summary>Let the prompt through.</summary>
    public static PromptVerdict Allow { get; }

    public bool IsBlocked { get; }

    /// <summary>A stable id of what matched, returned to the caller in <c>rule_ids</c> (<c>confidential-term</c>).</summary>
    public string? RuleId { get; }

    /// <summary>One sentence for the caller's error detail. It must not quote the prompt.</summary>
    public string? Reason { get; }

    /// <summary>Refuse the prompt: 400 <c>prompt_blocked</c> with <paramref name="ruleId"/> (in an enforcing policy).</summary>
    public static PromptVerdict Block(string ruleId, string reason) => new(true, ruleId, reason);
}
