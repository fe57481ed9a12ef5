using LlmGateway.Application.Chat;
using LlmGateway.Domain.Chat;
using LlmGateway.Domain.Filtering;

namespace LlmGateway.Application.Common;

/// <summary>
/// A response that can carry an expected failure. The static factory lets a generic pipeline behavior
/// short-circuit with a failure of the right response type without reflection.
/// </summary>
public interface IGatewayResponse<TSelf>
    where TSelf : IGatewayResponse<TSelf>
{
    GatewayFailure? Failure { get; }

    static abstract TSelf FromFailure(GatewayFailure failure);
}

/// <summary>A response that carries a model's answer, whole or streamed, so caching and output filtering can work on it.</summary>
public interface ICompletionResponse<TSelf> : IGatewayResponse<TSelf>
    where TSelf : ICompletionResponse<TSelf>
{
    Completion? Completion { get; }

    /// <summary>A streamed answer not yet read; the edge reads it after the pipeline returns.</summary>
    StreamedCompletion? Stream { get; }

    static abstract TSelf FromCompletion(Completion completion);
}

public sealed class Result<T> : IGatewayResponse<Result<T>>
    where T : class
{
    private Result(T? value, GatewayFailure? failure)
    {
        Value = value;
        Failure = failure;
    }

    public T? Value { get; }

    public GatewayFailure? Failure { get; }

    public static Result<T> Success(T value) => new(value, null);

    public static Result<T> FromFailure(GatewayFailure failure) => new(null, failure);
}

/// <summary>Exactly one of a whole answer, an open stream or a failure.</summary>
public sealed class CompletionResult : ICompletionResponse<CompletionResult>
{
    private CompletionResult(Completion? completion, StreamedCompletion? stream, GatewayFailure? failure)
    {
        Completion = completion;
        Stream = stream;
        Failure = failure;
    }

    public Completion? Completion { get; }

    public StreamedCompletion? Stream { get; }

    public GatewayFailure? Failure { get; }

    public static CompletionResult FromCompletion(Completion completion) => new(completion, null, null);

    public static CompletionResult FromStream(StreamedCompletion stream) => new(null, stream, null);

    public static CompletionResult FromFailure(GatewayFailure failure) => new(null, null, failure);
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
