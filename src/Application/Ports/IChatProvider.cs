using LlmGateway.Domain.Chat;

namespace LlmGateway.Application.Ports;

/// <summary>
/// Where answers come from. The handler sees exactly one; the fallback chain is itself an
/// <see cref="IChatProvider"/> that tries its members in order.
/// </summary>
public interface IChatProvider
{
    /// <summary>How answers and logs name this provider, e.g. <c>openai</c>, <c>local</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Asks for a whole completion. Expected failures (timeouts, 429, 5xx, malformed answers, every member
    /// of a chain down) come back as <see cref="GatewayFailure"/> values, not exceptions.
    /// </summary>
    /// <param name="maxTokens">The effective cap, already resolved against the caller's role.</param>
    ValueTask<ProviderResult> CompleteAsync(ChatRequest request, int maxTokens, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a streamed completion. Success means the provider accepted the request and its first update has
    /// arrived, so a chain can still move on when a provider fails before answering; a failure after that
    /// surfaces as an exception from <see cref="StreamingCall.ReadAsync"/>.
    /// </summary>
    ValueTask<StreamingCallResult> StreamAsync(ChatRequest request, int maxTokens, CancellationToken cancellationToken);
}

/// <summary>A provider call's result: an answer, or the reason there is none (<see cref="Failure"/> not null).</summary>
public interface IProviderResult<TSelf>
    where TSelf : IProviderResult<TSelf>
{
    GatewayFailure? Failure { get; }

    static abstract TSelf Failed(GatewayFailure failure);
}

/// <summary>Either a completion (unfiltered) or the reason there is none.</summary>
public readonly record struct ProviderResult(Completion? Completion, GatewayFailure? Failure) : IProviderResult<ProviderResult>
{
    /// <summary>The catalogue model that answered: the one asked for (by its name, not an alias), or a fallback.</summary>
    public string? Model { get; init; }

    /// <summary>The deployment that answered (a provider chain's answer names it; a lone provider's does not).</summary>
    public ServedDeployment? Deployment { get; init; }

    public static ProviderResult Success(Completion completion) => new(completion, null);

    public static ProviderResult Failed(GatewayFailure failure) => new(null, failure);
}

/// <summary>The catalogue deployment that answered a request: how logs name it, and its own price when it has one.</summary>
/// <param name="Label"><c>provider:upstream-model</c> (a derived catalogue: the provider's name).</param>
/// <param name="Price">What the model costs when this deployment serves it (<c>Models:N:Deployments:M:Price</c>); null → the price table's for the model asked for.</param>
public sealed record ServedDeployment(string Label, ModelPrice? Price);

/// <summary>Either an open stream (unfiltered) or the reason there is none.</summary>
public readonly record struct StreamingCallResult(StreamingCall? Stream, GatewayFailure? Failure) : IProviderResult<StreamingCallResult>
{
    public static StreamingCallResult Success(StreamingCall stream) => new(stream, null);

    public static StreamingCallResult Failed(GatewayFailure failure) => new(null, failure);
}

/// <summary>
/// One update of a streamed answer: new text of choice 0, and on the last updates the finish reason and usage. An update
/// that is more than that (another choice, a tool call, a refusal) carries its pieces in <see cref="Parts"/> instead.
/// </summary>
public readonly record struct StreamDelta(string? Text, string? FinishReason = null, TokenUsage? Usage = null)
{
    public IReadOnlyList<ChoiceDelta>? Parts { get; init; }
}

/// <summary>What a piece of a streamed choice is.</summary>
public enum DeltaKind
{
    Content,
    Refusal,

    /// <summary>A piece of a tool call's arguments; its first piece names the call (<see cref="ChoiceDelta.ToolCallId"/>, <see cref="ChoiceDelta.ToolName"/>).</summary>
    ToolCall,

    /// <summary>The choice's finish reason, in <see cref="ChoiceDelta.Text"/>.</summary>
    Finish,
}

/// <summary>A piece of choice <paramref name="Choice"/>; for a tool call, <paramref name="ToolCall"/> is its index in the choice.</summary>
public readonly record struct ChoiceDelta(int Choice, DeltaKind Kind, string Text, int ToolCall = 0, string? ToolCallId = null, string? ToolName = null);

/// <summary>
/// An open provider stream whose first update has already been read (see <see cref="IChatProvider.StreamAsync"/>).
/// Read it once; disposing it releases the upstream connection, which is how a client that goes away cancels
/// the upstream call.
/// </summary>
public sealed class StreamingCall : IAsyncDisposable
{
    private readonly IAsyncEnumerator<StreamDelta> _updates;
    private bool _firstPending;
    private bool _ended;
    private string? _finishReason;
    private TokenUsage? _usage;
    private Action<StreamEnd>? _onEnded;

    /// <param name="updates">An enumerator on which <c>MoveNextAsync</c> has been called once.</param>
    /// <param name="hasFirst">What that first <c>MoveNextAsync</c> returned.</param>
    public StreamingCall(string provider, string model, IAsyncEnumerator<StreamDelta> updates, bool hasFirst)
    {
        Provider = provider;
        Model = model;
        _updates = updates;
        _firstPending = hasFirst;
    }

    public string Provider { get; }

    public string Model { get; }

    /// <summary>True when a fallback model's deployment opened this stream; such answers are never cached.</summary>
    public bool IsFallback { get; set; }

    /// <summary>The catalogue model whose deployment opened this stream (see <see cref="ProviderResult.Model"/>).</summary>
    public string? ServedModel { get; set; }

    /// <summary>The deployment that opened this stream (see <see cref="ProviderResult.Deployment"/>).</summary>
    public ServedDeployment? Deployment { get; set; }

    /// <summary>
    /// Called once, when the stream ends: after its last update, when reading it fails, or when it is disposed
    /// before either (the reader went away). The provider chain ends its attempt span and records its metrics here.
    /// </summary>
    public void OnEnded(Action<StreamEnd> callback) => _onEnded += callback;

    public async IAsyncEnumerable<StreamDelta> ReadAsync()
    {
        if (!_firstPending)
        {
            End(null);
            yield break;
        }

        _firstPending = false;
        Observe(_updates.Current);
        yield return _updates.Current;

        while (true)
        {
            bool more;
            try
            {
                more = await _updates.MoveNextAsync();
            }
            catch (Exception exception)
            {
                End(exception);
                throw;
            }

            if (!more)
            {
                break;
            }

            Observe(_updates.Current);
            yield return _updates.Current;
        }

        End(null);
    }

    public ValueTask DisposeAsync()
    {
        if (!_ended)
        {
            _ended = true;
            _onEnded?.Invoke(new StreamEnd(_finishReason, _usage, null, Abandoned: true));
        }

        return _updates.DisposeAsync();
    }

    private void Observe(StreamDelta delta)
    {
        _finishReason = delta.FinishReason ?? _finishReason;
        _usage = delta.Usage ?? _usage;
    }

    private void End(Exception? error)
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        _onEnded?.Invoke(new StreamEnd(_finishReason, _usage, error, Abandoned: false));
    }
}

/// <summary>How a provider stream ended.</summary>
/// <param name="FinishReason">The last finish reason the provider sent, if any.</param>
/// <param name="Usage">The usage the provider reported, if any.</param>
/// <param name="Error">Why reading the stream failed; null when it ended normally or was abandoned.</param>
/// <param name="Abandoned">Disposed before its end: the reader stopped reading (a client that left, a block).</param>
public readonly record struct StreamEnd(string? FinishReason, TokenUsage? Usage, Exception? Error, bool Abandoned);
