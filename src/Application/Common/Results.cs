using LlmGateway.Domain.Chat;
using LlmGateway.Domain.Filtering;

namespace LlmGateway.Application.Common;

/// <summary>
/// A response that can carry an expected failure and the pipeline's decisions. The static factory lets a generic
/// pipeline behavior short-circuit with a failure of the right response type without reflection.
/// </summary>
public interface IGatewayResponse<TSelf>
    where TSelf : IGatewayResponse<TSelf>
{
    GatewayFailure? Failure { get; }

    PipelineDecisions Decisions { get; }

    /// <summary>The same response carrying <paramref name="decisions"/> instead of its own.</summary>
    TSelf WithDecisions(PipelineDecisions decisions);

    static abstract TSelf FromFailure(GatewayFailure failure);
}

public sealed class Result<T> : IGatewayResponse<Result<T>>
    where T : class
{
    private Result(T? value, GatewayFailure? failure, PipelineDecisions decisions)
    {
        Value = value;
        Failure = failure;
        Decisions = decisions;
    }

    public T? Value { get; }

    public GatewayFailure? Failure { get; }

    public PipelineDecisions Decisions { get; }

    public static Result<T> Success(T value) => new(value, null, default);

    public static Result<T> FromFailure(GatewayFailure failure) => new(null, failure, default);

    public Result<T> WithDecisions(PipelineDecisions decisions) => new(Value, Failure, decisions);
}

/// <summary>A model's answer as the gateway hands it on: filtered, attributed to the provider that served it.</summary>
/// <param name="IsFallback">True when a provider other than the configured primary answered; such answers are never cached.</param>
public sealed record Completion(
    string Text,
    string Provider,
    string Model,
    string FinishReason,
    TokenUsage Usage,
    IReadOnlyList<Redaction> Redactions,
    bool IsFallback)
{
    /// <summary>
    /// Every choice, when the answer is more than one choice of plain text (<c>n</c> &gt; 1, tool calls, a refusal);
    /// null for the common case of one choice of text, which is <see cref="Text"/> and <see cref="FinishReason"/>.
    /// When set, choice 0's content is also <see cref="Text"/> (what output guards, logs and /generate read).
    /// </summary>
    public IReadOnlyList<CompletionChoice>? Choices { get; init; }
}

/// <summary>One choice of an answer: every field of it that carries the model's words is filtered before it leaves.</summary>
public sealed record CompletionChoice(int Index, string? Content, string FinishReason, string? Refusal = null, IReadOnlyList<ToolCall>? ToolCalls = null);

/// <summary>A function call the model asks the client to make; <see cref="Arguments"/> is the JSON text the model wrote.</summary>
public sealed record ToolCall(string Id, string Name, string Arguments);
