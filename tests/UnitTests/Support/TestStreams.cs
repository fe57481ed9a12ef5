using LlmGateway.Application.Chat;
using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using LlmGateway.Domain.Chat;

namespace LlmGateway.UnitTests.Support;

/// <summary>Provider streams scripted per test: the updates a provider would send, optionally breaking off after them.</summary>
internal static class TestStreams
{
    public const string Prompt = "Tell me about the bucket";

    /// <summary>Each chunk as one update, then a last update with finish reason <c>stop</c> and no usage.</summary>
    public static StreamDelta[] Texts(params string[] chunks)
    {
        var deltas = new StreamDelta[chunks.Length + 1];
        for (var i = 0; i < chunks.Length; i++)
        {
            deltas[i] = new StreamDelta(chunks[i]);
        }

        deltas[^1] = new StreamDelta(null, "stop");
        return deltas;
    }

    /// <summary>An open provider stream, first update already read, as <see cref="IChatProvider.StreamAsync"/> returns it.</summary>
    public static async Task<StreamingCall> OpenAsync(IEnumerable<StreamDelta> deltas, Exception? breakOffWith = null, string provider = "openai")
    {
        var updates = Updates(deltas, breakOffWith).GetAsyncEnumerator();
        return new StreamingCall(provider, TestCommands.Model, updates, await updates.MoveNextAsync());
    }

    public static async Task<StreamedCompletion> CompletionAsync(IEnumerable<StreamDelta> deltas, Exception? breakOffWith = null, ChatRequest? request = null) =>
        new(await OpenAsync(deltas, breakOffWith), request ?? ChatRequest.FromPrompt(Prompt, TestCommands.Model, null));

    public static async Task<StreamRead> ReadAllAsync(StreamedCompletion stream)
    {
        var events = new List<StreamedCompletionEvent>();
        await foreach (var update in stream.ReadAsync())
        {
            events.Add(update);
        }

        return new StreamRead(events);
    }

    private static async IAsyncEnumerable<StreamDelta> Updates(IEnumerable<StreamDelta> deltas, Exception? breakOffWith)
    {
        foreach (var delta in deltas)
        {
            await Task.Yield();
            yield return delta;
        }

        if (breakOffWith is not null)
        {
            throw breakOffWith;
        }
    }
}

/// <summary>Everything a reader of a <see cref="StreamedCompletion"/> saw, in order.</summary>
internal sealed record StreamRead(IReadOnlyList<StreamedCompletionEvent> Events)
{
    /// <summary>The text events, as the client received them.</summary>
    public IEnumerable<string> Chunks => Events.Where(e => e.Text is not null).Select(e => e.Text!);

    public string Text => string.Concat(Chunks);

    /// <summary>The completion event; asserts there is exactly one and that it is the last event.</summary>
    public Completion Completion
    {
        get
        {
            Assert.Single(Events, e => e.Completion is not null);
            return Assert.IsType<Completion>(Events[^1].Completion);
        }
    }

    /// <summary>The failure event; asserts there is exactly one, that it is the last event and that no completion came.</summary>
    public GatewayFailure Failure
    {
        get
        {
            Assert.DoesNotContain(Events, e => e.Completion is not null);
            Assert.Single(Events, e => e.Failure is not null);
            return Assert.IsType<GatewayFailure>(Events[^1].Failure);
        }
    }
}
