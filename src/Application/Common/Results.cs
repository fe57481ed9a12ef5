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
    bool IsFallback);
