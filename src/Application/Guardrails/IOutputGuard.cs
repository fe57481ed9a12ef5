using LlmGateway.Domain.Filtering;

namespace LlmGateway.Application.Guardrails;

/// <summary>
/// A guardrail plugin that judges a model's answer after the built-in output filter, before the answer is
/// cached or returned. Guards run in the order the plugins are listed in <c>Guardrails:Plugins</c>; each sees
/// the text as the previous one left it.
/// </summary>
/// <remarks>
/// The same rules as <see cref="IPromptGuard"/>: one thread-safe instance, a constructor that may take host
/// services, and a call that throws or overruns <c>Guardrails:PluginTimeoutMs</c> withholds the answer (fail closed).
/// </remarks>
public interface IOutputGuard
{
    /// <summary>A short stable name (<c>confidential-terms</c>) for logs, traces and the caller's error detail.</summary>
    string Name { get; }

    /// <summary>
    /// What decides this guard's verdicts besides its code, typically a digest of its settings (the sample plugin's is
    /// one of its term list). Stored answers are keyed by it and by the build of the guard's assembly, so after a
    /// change no answer judged under the old settings is served from the cache. Read once at start-up. Default: none.
    /// </summary>
    string ConfigurationDigest => string.Empty;

    /// <summary>Allows the answer, withholds it, or returns a replacement text. Never log the text.</summary>
    /// <param name="cancellationToken">Cancelled when the time budget is up or the caller went away.</param>
    ValueTask<OutputVerdict> InspectAsync(OutputGuardRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// What an output guard sees of one text of an answer. An answer carries one text (its content) in the common case; with
/// several choices, a refusal or tool calls, the guard is asked once per text, and <see cref="Part"/> and
/// <see cref="ChoiceIndex"/> say which one it is judging.
/// </summary>
/// <param name="Text">The text, already filtered by the built-in filter (and by earlier guards).</param>
/// <param name="Caller">Who asked: user id and role, from a validated token.</param>
/// <param name="PolicyVersion">The live policy version judging this request.</param>
/// <param name="RequestId">The request id the caller and the logs see, for correlation.</param>
public sealed record OutputGuardRequest(string Text, Caller Caller, long PolicyVersion, string RequestId)
{
    /// <summary>Which field of the answer <see cref="Text"/> is; a replacement of tool-call arguments must stay the JSON the client expects.</summary>
    public OutputPart Part { get; init; }

    /// <summary>The choice the text belongs to (0 unless the client asked for several with <c>n</c>).</summary>
    public int ChoiceIndex { get; init; }
}

/// <summary>The field of an answer an output guard is judging.</summary>
public enum OutputPart
{
    /// <summary>The model's text (a choice's <c>content</c>).</summary>
    Content,

    /// <summary>A choice's <c>refusal</c>.</summary>
    Refusal,

    /// <summary>A tool call's <c>arguments</c>: JSON text the model wrote.</summary>
    ToolArguments,
}

public enum OutputAction
{
    Allow,
    Block,
    Replace,
}

/// <summary>An output guard's decision.</summary>
public readonly record struct OutputVerdict
{
    private OutputVerdict(OutputAction action, string? ruleId, string? reason, string? text, IReadOnlyList<Redaction>? redactions)
    {
        Action = action;
        RuleId = ruleId;
        Reason = reason;
        Text = text;
        Redactions = redactions;
    }

    /// <summary>Return the answer unchanged.</summary>
    public static OutputVerdict Allow { get; }

    public OutputAction Action { get; }

    /// <summary>For <see cref="OutputAction.Block"/>: a stable id of what matched, for logs and traces.</summary>
    public string? RuleId { get; }

    /// <summary>For <see cref="OutputAction.Block"/>: one sentence for the caller's error detail, not quoting the answer.</summary>
    public string? Reason { get; }

    /// <summary>For <see cref="OutputAction.Replace"/>: the answer as the caller may see it.</summary>
    public string? Text { get; }

    /// <summary>For <see cref="OutputAction.Replace"/>: what was replaced, added to the answer's <c>redactions</c>.</summary>
    public IReadOnlyList<Redaction>? Redactions { get; }

    /// <summary>Withhold the answer: 403 <c>policy_denied</c> (in an enforcing policy).</summary>
    public static OutputVerdict Block(string ruleId, string reason) => new(OutputAction.Block, ruleId, reason, null, null);

    /// <summary>
    /// Return <paramref name="text"/> instead, listing what was replaced (<c>[REDACTED:&lt;type&gt;]</c> markers are the
    /// convention). Replacements apply in every policy mode, like the built-in redaction.
    /// </summary>
    public static OutputVerdict Replace(string text, IReadOnlyList<Redaction> redactions) =>
        new(OutputAction.Replace, null, null, text, redactions);
}
