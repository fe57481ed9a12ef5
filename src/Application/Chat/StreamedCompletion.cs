using System.Diagnostics;
using System.Text;
using LlmGateway.Domain.Chat;
using LlmGateway.Domain.Filtering;

namespace LlmGateway.Application.Chat;

/// <summary>
/// A streamed answer on its way to the client. The handler opens it; the behaviors outside the handler
/// then attach what they need before the edge reads it: output filtering a <see cref="StreamingOutputFilter"/>
/// (so nothing unfiltered is ever released), caching a callback that receives the whole filtered answer when
/// — and only when — the stream ends normally.
/// </summary>
public sealed class StreamedCompletion : IAsyncDisposable
{
    private readonly StreamingCall _source;
    private readonly ChatRequest _request;
    private StreamingOutputFilter? _filter;
    private GatewayMetrics? _metrics;
    private bool _blockOnRedaction;
    private bool _wouldBlockOnRedaction;
    private Activity? _filterSpan;
    private long _filterTicks;
    private List<Func<Completion, ValueTask>>? _onCompleted;

    public StreamedCompletion(StreamingCall source, ChatRequest request)
    {
        _source = source;
        _request = request;
    }

    public string Provider => _source.Provider;

    public string Model => _source.Model;

    public bool IsFallback => _source.IsFallback;

    /// <summary>Once the stream has ended: <see cref="BlockReason.OutputRedaction"/> when the filter withheld the rest of the answer.</summary>
    public BlockReason Block { get; private set; }

    /// <summary>Once the stream has ended: <see cref="BlockReason.OutputRedaction"/> when a monitoring policy let redactions through that it would have blocked on.</summary>
    public BlockReason WouldBlock { get; private set; }

    /// <summary>
    /// Once the stream has ended: <paramref name="decided"/> (what the pipeline decided before the stream) with what the
    /// filter decided as the stream went. The filter is the last stage, so its block counts and an earlier would-block wins.
    /// </summary>
    public PipelineDecisions WithStreamDecisions(PipelineDecisions decided) => decided with
    {
        Block = Block == BlockReason.None ? decided.Block : Block,
        WouldBlock = decided.WouldBlock == BlockReason.None ? WouldBlock : decided.WouldBlock,
    };

    /// <param name="blockOnRedaction">End the stream with a <c>policy_denied</c> error instead of redacting.</param>
    /// <param name="span">The <c>gateway.output_filter</c> span, ended with the stream and given its redactions.</param>
    /// <param name="wouldBlockOnRedaction">A monitoring policy that would block on redaction: redactions are recorded as a would-be block.</param>
    /// <param name="metrics">Receives the filter's time when the stream ends.</param>
    public void FilterWith(StreamingOutputFilter filter, bool blockOnRedaction, Activity? span = null, bool wouldBlockOnRedaction = false, GatewayMetrics? metrics = null)
    {
        _filter = filter;
        _metrics = metrics;
        _blockOnRedaction = blockOnRedaction;
        _wouldBlockOnRedaction = wouldBlockOnRedaction;
        _filterSpan = span;
    }

    /// <summary>Called with the whole (filtered) answer once the provider finished and every byte was released.</summary>
    public void OnCompleted(Func<Completion, ValueTask> callback) => (_onCompleted ??= []).Add(callback);

    /// <summary>
    /// Text events as the filter releases them, then either one completion event (the whole answer with usage
    /// and redactions) or one failure event — a block decision or the provider breaking off mid-stream.
    /// </summary>
    public async IAsyncEnumerable<StreamedCompletionEvent> ReadAsync()
    {
        var answer = new StringBuilder();
        string? finishReason = null;
        TokenUsage? usage = null;
        var brokenOff = false;

        await using var updates = _source.ReadAsync().GetAsyncEnumerator();
        while (true)
        {
            bool more;
            try
            {
                more = await updates.MoveNextAsync();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                more = false;
                brokenOff = true;
            }

            if (brokenOff)
            {
                yield return StreamedCompletionEvent.Failed(new GatewayFailure(
                    GatewayError.ProviderUnavailable,
                    $"The provider '{Provider}' broke off the answer mid-stream."));
                yield break;
            }

            if (!more)
            {
                break;
            }

            var delta = updates.Current;

            finishReason = delta.FinishReason ?? finishReason;
            usage = delta.Usage ?? usage;
            if (string.IsNullOrEmpty(delta.Text))
            {
                continue;
            }

            var released = _filter is null ? delta.Text : Push(_filter, delta.Text);
            if (Blocked() is { } blocked)
            {
                yield return blocked;
                yield break;
            }

            if (released.Length > 0)
            {
                answer.Append(released);
                yield return StreamedCompletionEvent.Delta(released);
            }
        }

        if (_filter is not null)
        {
            var started = Stopwatch.GetTimestamp();
            var rest = _filter.Flush();
            _filterTicks += Stopwatch.GetTimestamp() - started;
            if (Blocked() is { } blocked)
            {
                yield return blocked;
                yield break;
            }

            if (rest.Length > 0)
            {
                answer.Append(rest);
                yield return StreamedCompletionEvent.Delta(rest);
            }
        }

        var text = answer.ToString();
        var completion = new Completion(
            text,
            Provider,
            Model,
            finishReason ?? "stop",
            usage ?? new TokenUsage(_request.EstimatePromptTokens(), TokenUsage.EstimateTokens(text), Estimated: true),
            _filter?.Redactions ?? [],
            IsFallback);
        EndFilter(blocked: false);
        if (_onCompleted is not null)
        {
            // One by one: a multicast delegate would await only the last callback's ValueTask.
            foreach (var callback in _onCompleted)
            {
                await callback(completion);
            }
        }

        yield return StreamedCompletionEvent.Completed(completion);
    }

    /// <summary>
    /// Reads the whole stream and disposes it: for stages that must judge the complete answer before any of it is
    /// released (output-guard plugins), at the cost of streaming.
    /// </summary>
    public async ValueTask<(Completion? Completion, GatewayFailure? Failure)> ReadToEndAsync(CancellationToken cancellationToken)
    {
        await using (this)
        {
            await foreach (var update in ReadAsync().WithCancellation(cancellationToken))
            {
                if (update.Completion is { } completion)
                {
                    return (completion, null);
                }

                if (update.Failure is { } failure)
                {
                    return (null, failure);
                }
            }
        }

        throw new InvalidOperationException("A stream ended without a completion or a failure.");
    }

    public ValueTask DisposeAsync()
    {
        // A stream left early (client gone, provider broke off) still ends its filter span and counts its time.
        EndFilter(blocked: false);
        return _source.DisposeAsync();
    }

    private string Push(StreamingOutputFilter filter, string text)
    {
        var started = Stopwatch.GetTimestamp();
        var released = filter.Push(text);
        _filterTicks += Stopwatch.GetTimestamp() - started;
        return released;
    }

    private StreamedCompletionEvent? Blocked()
    {
        if (!_blockOnRedaction || _filter!.Redactions.Count == 0)
        {
            return null;
        }

        EndFilter(blocked: true);
        return StreamedCompletionEvent.Failed(GatewayFailure.AnswerWithheld(_filter.Redactions));
    }

    private void EndFilter(bool blocked)
    {
        if (_filter is null || _filterTicks < 0)
        {
            return;
        }

        _metrics?.RecordStage(GuardrailStage.OutputFilter, Stopwatch.GetElapsedTime(0, _filterTicks));
        if (blocked)
        {
            Block = BlockReason.OutputRedaction;
        }
        else if (_wouldBlockOnRedaction && _filter.Redactions.Count > 0)
        {
            WouldBlock = BlockReason.OutputRedaction;
        }

        if (_filterSpan is { } span)
        {
            var redactions = _filter.Redactions;
            GatewayTelemetry.SetRedactions(span, redactions);
            span.SetTag("gateway.output_filter.action", blocked ? "block" : redactions.Count > 0 ? "redact" : "none");
            GatewayTelemetry.StopDetached(span);
        }

        _filterTicks = -1; // ended: once only
    }
}

/// <summary>One event of a <see cref="StreamedCompletion"/>: released text, the finished answer, or why it ended early.</summary>
public readonly record struct StreamedCompletionEvent(string? Text, Completion? Completion, GatewayFailure? Failure)
{
    public static StreamedCompletionEvent Delta(string text) => new(text, null, null);

    public static StreamedCompletionEvent Completed(Completion completion) => new(null, completion, null);

    public static StreamedCompletionEvent Failed(GatewayFailure failure) => new(null, null, failure);
}
