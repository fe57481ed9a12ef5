using LlmGateway.Application.Ports;
using LlmGateway.Domain.Chat;

namespace LlmGateway.UnitTests.Application.Ports;

public class StreamingCallTests
{
    [Fact]
    public async Task ReadAsync_FirstUpdateAlreadyRead_YieldsItOnceThenTheRest()
    {
        var updates = new ListEnumerator(new StreamDelta("a"), new StreamDelta("b"), new StreamDelta(null, "stop", new TokenUsage(1, 2, Estimated: false)));
        var call = new StreamingCall("openai", "gpt-4o-mini", updates, await updates.MoveNextAsync());

        var read = await ReadAllAsync(call);

        Assert.Equal([new StreamDelta("a"), new StreamDelta("b"), new StreamDelta(null, "stop", new TokenUsage(1, 2, Estimated: false))], read);
    }

    [Fact]
    public async Task ReadAsync_ProviderSentNothing_YieldsNothing()
    {
        var updates = new ListEnumerator();
        var call = new StreamingCall("openai", "gpt-4o-mini", updates, await updates.MoveNextAsync());

        Assert.Empty(await ReadAllAsync(call));
    }

    [Fact]
    public async Task DisposeAsync_ReleasesTheUpstreamUpdates()
    {
        var updates = new ListEnumerator(new StreamDelta("a"), new StreamDelta("b"));
        var call = new StreamingCall("openai", "gpt-4o-mini", updates, await updates.MoveNextAsync());

        await call.DisposeAsync();

        Assert.True(updates.Disposed);
    }

    [Fact]
    public async Task OnEnded_ReadToTheEnd_CalledOnceAtTheLastUpdateWithFinishReasonAndUsage()
    {
        var updates = new ListEnumerator(new StreamDelta("a"), new StreamDelta(null, "length", new TokenUsage(1, 2, Estimated: false)));
        var call = new StreamingCall("openai", "gpt-4o-mini", updates, await updates.MoveNextAsync());
        var ends = new List<StreamEnd>();
        call.OnEnded(ends.Add);

        await ReadAllAsync(call);
        Assert.False(updates.Disposed);
        await call.DisposeAsync();

        var end = Assert.Single(ends);
        Assert.Equal(("length", new TokenUsage(1, 2, Estimated: false), false), (end.FinishReason, end.Usage, end.Abandoned));
        Assert.Null(end.Error);
    }

    [Fact]
    public async Task OnEnded_DisposedBeforeTheEnd_CalledAsAbandoned()
    {
        var updates = new ListEnumerator(new StreamDelta("a"), new StreamDelta("b"));
        var call = new StreamingCall("openai", "gpt-4o-mini", updates, await updates.MoveNextAsync());
        var ends = new List<StreamEnd>();
        call.OnEnded(ends.Add);

        await call.DisposeAsync();

        Assert.True(Assert.Single(ends).Abandoned);
    }

    [Fact]
    public async Task OnEnded_ReadingFails_CalledWithTheErrorWhichStillReachesTheReader()
    {
        var call = new StreamingCall("openai", "gpt-4o-mini", Failing().GetAsyncEnumerator(), hasFirst: true);
        var ends = new List<StreamEnd>();
        call.OnEnded(ends.Add);

        await Assert.ThrowsAsync<TimeoutException>(() => ReadAllAsync(call));
        await call.DisposeAsync();

        Assert.IsType<TimeoutException>(Assert.Single(ends).Error);

        static async IAsyncEnumerable<StreamDelta> Failing()
        {
            await Task.Yield();
            throw new TimeoutException();
#pragma warning disable CS0162 // an iterator needs a yield
            yield break;
#pragma warning restore CS0162
        }
    }

    private static async Task<List<StreamDelta>> ReadAllAsync(StreamingCall call)
    {
        var read = new List<StreamDelta>();
        await foreach (var delta in call.ReadAsync())
        {
            read.Add(delta);
        }

        return read;
    }

    /// <summary>Updates from a list; <see cref="Current"/> past the end throws, as reading a finished stream is a bug.</summary>
    private sealed class ListEnumerator(params StreamDelta[] items) : IAsyncEnumerator<StreamDelta>
    {
        private int _index = -1;

        public StreamDelta Current => items[_index];

        public bool Disposed { get; private set; }

        public ValueTask<bool> MoveNextAsync() => ValueTask.FromResult(++_index < items.Length);

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
