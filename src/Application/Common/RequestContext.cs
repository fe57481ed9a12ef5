namespace LlmGateway.Application.Common;

/// <summary>
/// Who asks and under which request id, for logs and plugins. It holds no decision: what the pipeline decides comes
/// back on the result (<see cref="PipelineDecisions"/>), and no prompt text, only its <see cref="Prompt"/> fingerprint.
/// </summary>
public sealed record RequestContext(string RequestId)
{
    /// <summary>Length and keyed hash of the prompt, for logs; set by the edge when it builds the command.</summary>
    public TextFingerprint? Prompt { get; init; }
}
