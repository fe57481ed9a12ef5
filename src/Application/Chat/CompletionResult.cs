namespace LlmGateway.Application.Chat;

/// <summary>A response that carries a model's answer, whole or streamed, so caching and output filtering can work on it.</summary>
public interface ICompletionResponse<TSelf> : IGatewayResponse<TSelf>, ICompletionCarrier
    where TSelf : ICompletionResponse<TSelf>
{
    static abstract TSelf FromCompletion(Completion completion);
}

/// <summary>The model's answer a response carries, for stages that serve responses of other kinds too (spend accounting).</summary>
public interface ICompletionCarrier
{
    Completion? Completion { get; }

    /// <summary>A streamed answer not yet read; the edge reads it after the pipeline returns.</summary>
    StreamedCompletion? Stream { get; }
}

/// <summary>Exactly one of a whole answer, an open stream or a failure, with what the pipeline decided.</summary>
public sealed class CompletionResult : ICompletionResponse<CompletionResult>
{
    private CompletionResult(Completion? completion, StreamedCompletion? stream, GatewayFailure? failure, PipelineDecisions decisions)
    {
        Completion = completion;
        Stream = stream;
        Failure = failure;
        Decisions = decisions;
    }

    public Completion? Completion { get; }

    public StreamedCompletion? Stream { get; }

    public GatewayFailure? Failure { get; }

    public PipelineDecisions Decisions { get; }

    public static CompletionResult FromCompletion(Completion completion) => new(completion, null, null, default);

    public static CompletionResult FromStream(StreamedCompletion stream) => new(null, stream, null, default);

    public static CompletionResult FromFailure(GatewayFailure failure) => new(null, null, failure, default);

    public CompletionResult WithDecisions(PipelineDecisions decisions) => new(Completion, Stream, Failure, decisions);
}
