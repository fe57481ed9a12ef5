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
    private OutputFilter? _filter;

    /// <summary>Choice 0's content, the one channel of nearly every stream; the others are made as their pieces arrive.</summary>
    private StreamChannel? _content;
    private List<StreamChannel>? _channels;
    private List<(int Choice, string Reason)>? _finishes;
    private readonly RedactionTally _extraRedactions = new();
    private string? _model;
    private GatewayMetrics? _metrics;
    private bool _blockOnRedaction;
    private bool _wouldBlockOnRedaction;
    private Activity? _filterSpan;
    private long _filterTicks;
    private List<Func<Completion, ValueTask>>? _onCompleted;
    private ITokenCounter? _counter;
    private int _promptTokens;
    private int _outputCap;
    private int _outputTokens;
    private TokenUsage? _reported;
    private Action<TokenUsage>? _onSettled;

    public StreamedCompletion(StreamingCall source, ChatRequest request)
    {
        _source = source;
        _request = request;
    }

    public string Provider => _source.Provider;

    /// <summary>The model name the answer carries: filtered like the answer once a filter is attached.</summary>
    public string Model => _model ?? _source.Model;

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
    public void FilterWith(OutputFilter filter, bool blockOnRedaction, Activity? span = null, bool wouldBlockOnRedaction = false, GatewayMetrics? metrics = null)
    {
        _filter = filter;
        var model = CompletionFilter.FilterModel(filter, _source.Model);
        _model = model.Text;
        _extraRedactions.Add(model.Redactions);
        _metrics = metrics;
        _blockOnRedaction = blockOnRedaction;
        _wouldBlockOnRedaction = wouldBlockOnRedaction;
        _filterSpan = span;
    }

    /// <summary>
    /// Counts the answer's tokens as they arrive, ends the stream cleanly (finish reason <c>length</c>) before a provider
    /// that overruns the token cap takes it past <paramref name="outputCap"/> tokens (0: no cap), and calls
    /// <paramref name="onSettled"/> once, when the stream ends however it ends, with the usage the provider reported —
    /// or, when it reported none or the stream was cut or left early, the counted tokens.
    /// </summary>
    /// <param name="promptTokens">The prompt's counted tokens; 0 when not counted (then estimated if the provider reports none).</param>
    public void Meter(ITokenCounter counter, int promptTokens, int outputCap, Action<TokenUsage> onSettled)
    {
        _counter = counter;
        _promptTokens = promptTokens;
        _outputCap = outputCap;
        _onSettled = onSettled;
    }

    /// <summary>Called with the whole (filtered) answer once the provider finished and every byte was released.</summary>
    public void OnCompleted(Func<Completion, ValueTask> callback) => (_onCompleted ??= []).Add(callback);

    /// <summary>
    /// Text events as the filter releases them, then either one completion event (the whole answer with usage
    /// and redactions) or one failure event — a block decision or the provider breaking off mid-stream.
    /// </summary>
    public async IAsyncEnumerable<StreamedCompletionEvent> ReadAsync()
    {
        string? finishReason = null;
        TokenUsage? usage = null;
        var brokenOff = false;
        _content = new StreamChannel(0, DeltaKind.Content, 0, Create(_request.JsonOutput));

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
            usage = delta.Usage ?? usage;
            _reported = usage;
            if (Overruns(delta))
            {
                // The provider went past the token cap the request reserved: the answer ends here, as a cap ends it.
                finishReason = "length";
                usage = null;
                break;
            }
            if (delta.Parts is { } parts)
            {
                foreach (var part in parts)
                {
                    if (part.Kind == DeltaKind.Finish)
                    {
                        (_finishes ??= []).Add((part.Choice, part.Text));
                        finishReason = part.Choice == 0 ? part.Text : finishReason;
                        continue;
                    }

                    var channel = ChannelFor(part, out var opened);
                    var released = Push(channel, part.Text);

                    if (Blocked(channel) is { } blockedPart)
                    {
                        yield return blockedPart;
                        yield break;
                    }

                    if (opened && channel.Kind == DeltaKind.ToolCall)
                    {
                        // The call's id and name go out at once; its arguments follow as the filter releases them.
                        channel.Released.Append(released);
                        yield return StreamedCompletionEvent.Piece(part with { Text = released, ToolName = channel.ToolName });
                    }
                    else if (released.Length > 0)
                    {
                        channel.Released.Append(released);
                        yield return channel == _content ? StreamedCompletionEvent.Delta(released) : StreamedCompletionEvent.Piece(new ChoiceDelta(channel.Choice, channel.Kind, released, channel.ToolCall));
                    }
                }

                continue;
            }

            finishReason = delta.FinishReason ?? finishReason;
            if (string.IsNullOrEmpty(delta.Text))
            {
                continue;
            }

            var text = Push(_content, delta.Text);
            if (Blocked(_content) is { } blocked)
            {
                yield return blocked;
                yield break;
            }

            if (text.Length > 0)
            {
                _content.Released.Append(text);
                yield return StreamedCompletionEvent.Delta(text);
            }
        }

        foreach (var channel in Channels())
        {
            var started = Stopwatch.GetTimestamp();
            var rest = channel.Flush();
            _filterTicks += Stopwatch.GetTimestamp() - started;
            if (Blocked(channel) is { } blocked)
            {
                yield return blocked;
                yield break;
            }

            if (rest.Length > 0)
            {
                channel.Released.Append(rest);
                yield return channel == _content ? StreamedCompletionEvent.Delta(rest) : StreamedCompletionEvent.Piece(new ChoiceDelta(channel.Choice, channel.Kind, rest, channel.ToolCall));
            }
        }

        var answer = _content.Released.ToString();
        var completion = new Completion(
            answer,
            Provider,
            Model,
            finishReason ?? "stop",
            usage ?? Counted(answer),
            _filter is null ? [] : AllRedactions(),
            IsFallback)
        {
            Choices = _channels is null && _finishes is null ? null : BuildChoices(answer, finishReason ?? "stop"),
        };
        EndFilter(blocked: false);
        Settle(completion.Usage);
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
        // A stream left early (client gone, provider broke off) still ends its filter span and counts its time, and is paid for.
        EndFilter(blocked: false);
        Settle(_reported ?? Counted(_content?.Released.ToString() ?? string.Empty));
        return _source.DisposeAsync();
    }

    /// <summary>Counts <paramref name="delta"/>'s text; true when it would take the answer past the cap (then it is not counted).</summary>
    private bool Overruns(StreamDelta delta)
    {
        if (_counter is null)
        {
            return false;
        }

        var tokens = 0;
        if (delta.Parts is { } parts)
        {
            foreach (var part in parts)
            {
                tokens += part.Kind == DeltaKind.Finish ? 0 : _counter.CountText(_request.Model, part.Text);
            }
        }
        else if (!string.IsNullOrEmpty(delta.Text))
        {
            tokens = _counter.CountText(_request.Model, delta.Text);
        }

        if (_outputCap > 0 && _outputTokens + tokens > _outputCap)
        {
            return true;
        }

        _outputTokens += tokens;
        return false;
    }

    /// <summary>The usage when the provider reported none: counted when metered, else estimated from the answer.</summary>
    private TokenUsage Counted(string answer) => _counter is null
        ? new TokenUsage(_request.EstimatePromptTokens(), TokenUsage.EstimateTokens(answer), Estimated: true)
        : new TokenUsage(_promptTokens > 0 ? _promptTokens : _request.EstimatePromptTokens(), _outputTokens, Estimated: true);

    private void Settle(TokenUsage usage)
    {
        var settle = _onSettled;
        _onSettled = null; // once only
        settle?.Invoke(usage);
    }

    private string Push(StreamChannel channel, string text)
    {
        var started = Stopwatch.GetTimestamp();
        var released = channel.Push(text);
        _filterTicks += Stopwatch.GetTimestamp() - started;
        return released;
    }

    private ChannelFilter? Create(bool json) => _filter is null ? null : new ChannelFilter(_filter, json);

    private IEnumerable<StreamChannel> Channels()
    {
        // Before the stream is read (disposed unread) there is no channel yet.
        if (_content is null)
        {
            yield break;
        }

        yield return _content;
        if (_channels is not null)
        {
            foreach (var channel in _channels)
            {
                yield return channel;
            }
        }
    }

    /// <summary>The channel a piece belongs to; <paramref name="opened"/> when this piece opens it (a tool call's name is filtered then).</summary>
    private StreamChannel ChannelFor(ChoiceDelta part, out bool opened)
    {
        opened = false;
        if (part.Choice == 0 && part.Kind == DeltaKind.Content)
        {
            return _content!;
        }

        _channels ??= [];
        foreach (var existing in _channels)
        {
            if (existing.Choice == part.Choice && existing.Kind == part.Kind && existing.ToolCall == part.ToolCall)
            {
                return existing;
            }
        }

        // Tool-call arguments are JSON; content is JSON when the client asked for it; a refusal is prose.
        var json = part.Kind == DeltaKind.ToolCall || (part.Kind == DeltaKind.Content && _request.JsonOutput);
        var channel = new StreamChannel(part.Choice, part.Kind, part.ToolCall, Create(json)) { ToolCallId = part.ToolCallId };
        if (part.Kind == DeltaKind.ToolCall)
        {
            var name = part.ToolName ?? string.Empty;
            channel.ToolName = _filter is null ? name : CompletionFilter.Text(_filter, name, json: false, _extraRedactions);
        }

        _channels.Add(channel);
        opened = true;
        return channel;
    }

    private IReadOnlyList<Redaction> AllRedactions()
    {
        var tally = new RedactionTally();
        tally.Add(_extraRedactions.ToList());
        foreach (var channel in Channels())
        {
            tally.Add(channel.Redactions);
        }

        return tally.ToList();
    }

    /// <summary>Every choice as the client received it, for the cache and for a stream read whole (output guards).</summary>
    private List<CompletionChoice> BuildChoices(string firstContent, string firstFinish)
    {
        var count = Math.Max(1, _request.ChoiceCount);
        foreach (var channel in _channels ?? [])
        {
            count = Math.Max(count, channel.Choice + 1);
        }

        var choices = new List<CompletionChoice>(count);
        for (var index = 0; index < count; index++)
        {
            string? content = index == 0 ? firstContent : null;
            string? refusal = null;
            List<ToolCall>? calls = null;
            foreach (var channel in _channels ?? [])
            {
                if (channel.Choice != index)
                {
                    continue;
                }

                switch (channel.Kind)
                {
                    case DeltaKind.Content:
                        content = channel.Released.ToString();
                        break;
                    case DeltaKind.Refusal:
                        refusal = channel.Released.ToString();
                        break;
                    default:
                        (calls ??= []).Add(new ToolCall(channel.ToolCallId ?? string.Empty, channel.ToolName ?? string.Empty, channel.Released.ToString()));
                        break;
                }
            }

            var finish = index == 0 ? firstFinish : "stop";
            foreach (var (choice, reason) in _finishes ?? [])
            {
                if (choice == index)
                {
                    finish = reason;
                }
            }

            choices.Add(new CompletionChoice(index, content, finish, refusal, calls));
        }

        return choices;
    }

    private StreamedCompletionEvent? Blocked(StreamChannel channel)
    {
        if (!_blockOnRedaction || (!channel.HasRedactions && _extraRedactions.Count == 0))
        {
            return null;
        }

        EndFilter(blocked: true);
        return StreamedCompletionEvent.Failed(GatewayFailure.AnswerWithheld(AllRedactions()));
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
        else if (_wouldBlockOnRedaction && AllRedactions().Count > 0)
        {
            WouldBlock = BlockReason.OutputRedaction;
        }

        if (_filterSpan is { } span)
        {
            var redactions = AllRedactions();
            GatewayTelemetry.SetRedactions(span, redactions);
            span.SetTag("gateway.output_filter.action", blocked ? "block" : redactions.Count > 0 ? "redact" : "none");
            GatewayTelemetry.StopDetached(span);
        }

        _filterTicks = -1; // ended: once only
    }
}

/// <summary>
/// One event of a <see cref="StreamedCompletion"/>: released text of choice 0, a released piece of another channel (another
/// choice, a refusal, a tool call), the finished answer, or why it ended early.
/// </summary>
public readonly record struct StreamedCompletionEvent(string? Text, Completion? Completion, GatewayFailure? Failure)
{
    public ChoiceDelta? Part { get; private init; }

    public static StreamedCompletionEvent Delta(string text) => new(text, null, null);

    public static StreamedCompletionEvent Piece(ChoiceDelta part) => new(null, null, null) { Part = part };

    public static StreamedCompletionEvent Completed(Completion completion) => new(null, completion, null);

    public static StreamedCompletionEvent Failed(GatewayFailure failure) => new(null, null, failure);
}

/// <summary>One filtered stream of text within an answer: a choice's content or refusal, or one tool call's arguments.</summary>
internal sealed class StreamChannel(int choice, DeltaKind kind, int toolCall, ChannelFilter? filter)
{
    public int Choice { get; } = choice;

    public DeltaKind Kind { get; } = kind;

    public int ToolCall { get; } = toolCall;

    public string? ToolCallId { get; init; }

    public string? ToolName { get; set; }

    /// <summary>Everything released so far.</summary>
    public StringBuilder Released { get; } = new();

    public bool HasRedactions => filter?.HasRedactions == true;

    public IReadOnlyList<Redaction> Redactions => filter?.Redactions ?? [];

    public string Push(string text) => filter is null ? text : filter.Push(text);

    public string Flush() => filter is null ? string.Empty : filter.Flush();
}

/// <summary>The incremental output filter, over prose or (<see cref="JsonTextFilter"/>) inside JSON strings.</summary>
internal sealed class ChannelFilter(OutputFilter filter, bool json)
{
    private readonly StreamingOutputFilter? _text = json ? null : filter.CreateStream();
    private readonly JsonTextFilter? _json = json ? new JsonTextFilter(filter) : null;

    public bool HasRedactions => _text is not null ? _text.Redactions.Count > 0 : _json!.HasRedactions;

    public IReadOnlyList<Redaction> Redactions => _text is not null ? _text.Redactions : _json!.Redactions;

    public string Push(string text) => _text is not null ? _text.Push(text) : _json!.Push(text);

    public string Flush() => _text is not null ? _text.Flush() : _json!.Flush();
}
