using System.Diagnostics;
using LlmGateway.Domain.Chat;

namespace LlmGateway.Infrastructure.Providers;

/// <summary>
/// One call to one member of the chain: a CLIENT span <c>chat {model}</c> with the OpenTelemetry GenAI attributes,
/// and the <c>gen_ai.client.*</c> metrics when it ends. Without a listener the span is null and only the start
/// timestamp is taken. A streamed attempt ends with its stream (<see cref="StreamingCall.OnEnded"/>), not when it opens.
/// </summary>
internal readonly struct ProviderAttempt
{
    private const string OtherModel = "_OTHER";

    private readonly Activity? _span;
    private readonly long _started;
    private readonly ITracedProvider _member;
    private readonly string _modelLabel;
    private readonly string _requestModel;

    private ProviderAttempt(Activity? span, long started, ITracedProvider member, string modelLabel, string requestModel)
    {
        _span = span;
        _started = started;
        _member = member;
        _modelLabel = modelLabel;
        _requestModel = requestModel;
    }

    public static ProviderAttempt Start(ITracedProvider member, ChatRequest request, int maxTokens, bool stream)
    {
        var model = member.RequestModel(request);
        var span = GatewayTelemetry.Source.StartActivity(GatewayTelemetry.ChatOperation, ActivityKind.Client);
        if (span is not null)
        {
            span.DisplayName = $"{GatewayTelemetry.ChatOperation} {model}";
            span.SetTag("gen_ai.operation.name", GatewayTelemetry.ChatOperation);
            span.SetTag("gen_ai.provider.name", member.GenAiProviderName);
            span.SetTag("gen_ai.request.model", model);
            span.SetTag("gen_ai.request.max_tokens", maxTokens);
            span.SetTag("gen_ai.request.stream", stream);
            if (request.Temperature is { } temperature)
            {
                span.SetTag("gen_ai.request.temperature", temperature);
            }

            if (request.TopP is { } topP)
            {
                span.SetTag("gen_ai.request.top_p", topP);
            }

            if (member.ServerAddress is { } server)
            {
                span.SetTag("server.address", server);
            }
        }

        // Metric labels stay bounded: a model name a caller made up is not a label.
        return new ProviderAttempt(span, Stopwatch.GetTimestamp(), member, string.Equals(model, member.ConfiguredModel, StringComparison.Ordinal) ? model : OtherModel, model);
    }

    public void Answered(Completion completion, GatewayMetrics metrics)
    {
        if (_span is { } span)
        {
            // The provider's model name is its text, unfiltered here: only a name the gateway asked for goes on the span.
            span.SetTag("gen_ai.response.model", string.Equals(completion.Model, _requestModel, StringComparison.Ordinal) ? completion.Model : OtherModel);
            span.SetTag("gen_ai.response.finish_reasons", new[] { completion.FinishReason });
            SetUsage(span, completion.Usage);
            span.Dispose();
        }

        Record(completion.Usage, errorType: null, metrics);
    }

    public void Failed(string errorType, GatewayMetrics metrics)
    {
        if (_span is { } span)
        {
            span.SetTag("error.type", errorType);
            span.SetStatus(ActivityStatusCode.Error);
            span.Dispose();
        }

        Record(usage: null, errorType, metrics);
    }

    /// <summary>A streamed attempt's end: its last chunk, a failure mid-stream, or a reader that stopped reading.</summary>
    public void StreamEnded(StreamEnd end, GatewayMetrics metrics)
    {
        var errorType = end.Error is { } error ? ErrorType(error) : end.Abandoned ? "cancelled" : null;
        if (_span is { } span)
        {
            if (end.FinishReason is { } finishReason)
            {
                span.SetTag("gen_ai.response.finish_reasons", new[] { finishReason });
            }

            if (end.Usage is { } usage)
            {
                SetUsage(span, usage);
            }

            if (errorType is not null)
            {
                span.SetTag("error.type", errorType);
                span.SetStatus(ActivityStatusCode.Error);
            }

            GatewayTelemetry.StopDetached(span);
        }

        Record(end.Usage, errorType, metrics);
    }

    /// <summary>The low-cardinality cause of a failure returned as a value.</summary>
    public static string ErrorType(GatewayFailure failure) => failure.ErrorType ?? "provider_unavailable";

    /// <summary>The low-cardinality cause of a failure thrown (mid-stream, or the caller cancelling).</summary>
    public static string ErrorType(Exception exception) =>
        exception is OperationCanceledException ? "cancelled" : OpenAiCompatibleProvider.ErrorType(exception);

    private static void SetUsage(Activity span, TokenUsage usage)
    {
        span.SetTag("gen_ai.usage.input_tokens", usage.PromptTokens);
        span.SetTag("gen_ai.usage.output_tokens", usage.CompletionTokens);
        if (usage.CachedPromptTokens > 0)
        {
            // Part of the input tokens above, as the conventions count it.
            span.SetTag("gen_ai.usage.cache_read.input_tokens", usage.CachedPromptTokens);
        }
        if (usage.Estimated)
        {
            span.SetTag("gateway.usage.estimated", true);
        }
    }

    private void Record(TokenUsage? usage, string? errorType, GatewayMetrics metrics)
    {
        metrics.RecordProviderAttempt(_member.GenAiProviderName, _modelLabel, Stopwatch.GetElapsedTime(_started), errorType);
        if (usage is { Estimated: false } reported)
        {
            metrics.RecordTokenUsage(_member.GenAiProviderName, _modelLabel, reported.PromptTokens, reported.CompletionTokens);
        }
    }
}
