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
