using System.Text;
using LlmGateway.Application.Chat;
using LlmGateway.Application.Ports;
using LlmGateway.Domain.Chat;
using LlmGateway.Infrastructure.Providers;
using LlmGateway.UnitTests.Support;

namespace LlmGateway.UnitTests.Infrastructure.Providers;

public class LocalChatProviderTests
{
    private const string Preamble = "[local provider: offline, no model configured] You said: ";

    private readonly LocalChatProvider _provider = new();

    [Fact]
    public async Task CompleteAsync_Conversation_SaysNoModelAnsweredAndEchoesTheLastUserMessage()
    {
        var chat = new ChatRequest(
            [new ChatMessage(ChatRole.User, "First question"), new ChatMessage(ChatRole.Assistant, "First answer"), new ChatMessage(ChatRole.User, "Second question")],
            TestCommands.Model,
            null);

        var completion = (await _provider.CompleteAsync(chat, 256, default)).Completion!;

        Assert.Equal(Preamble + "Second question", completion.Text);
        Assert.Equal(("local", "local-echo", "stop"), (completion.Provider, completion.Model, completion.FinishReason));
        Assert.True(completion.Usage.Estimated);
    }

    [Fact]
    public async Task StreamAsync_LongAnswer_SameTextAsTheWholeAnswerInSmallChunksThenAFinish()
    {
        var chat = ChatRequest.FromPrompt(string.Concat(Enumerable.Repeat("A sentence of some length. ", 10)), TestCommands.Model, null);
        var whole = (await _provider.CompleteAsync(chat, 1000, default)).Completion!;

        var deltas = await ReadAllAsync(chat, 1000);

        var texts = deltas[..^1].Select(d => d.Text!).ToList();
        Assert.Equal(whole.Text, string.Concat(texts));
        Assert.True(texts.Count > 10, $"{texts.Count} chunks");
        Assert.All(texts, t => Assert.InRange(t.Length, 1, 16));
        Assert.Equal(new StreamDelta(null, "stop"), deltas[^1]);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(20)]
    public async Task StreamAsync_MaxTokensReached_CutToMaxTokensWithFinishReasonLength(int maxTokens)
    {
        var chat = ChatRequest.FromPrompt(new string('x', 500), TestCommands.Model, null);
        var whole = (await _provider.CompleteAsync(chat, maxTokens, default)).Completion!;

        var deltas = await ReadAllAsync(chat, maxTokens);
        var streamed = string.Concat(deltas.Select(d => d.Text));

        Assert.Equal(whole.Text, streamed);
        Assert.Equal(maxTokens * 4, streamed.Length);
        Assert.Equal("length", deltas[^1].FinishReason);
        Assert.Equal("length", whole.FinishReason);
        Assert.True(whole.Usage.CompletionTokens <= maxTokens);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task StreamAsync_EmojiAtAChunkBoundary_NoChunkSplitsACharacter(int shift)
    {
        // The preamble is 57 characters: with the shift, an emoji straddles the 64th character, a chunk boundary.
        var chat = ChatRequest.FromPrompt(new string('a', 6 + shift) + string.Concat(Enumerable.Repeat("😀", 20)), TestCommands.Model, null);

        var deltas = await ReadAllAsync(chat, 1000);
        var texts = deltas.Where(d => d.Text is not null).Select(d => d.Text!).ToList();

        Assert.All(texts, t => Assert.False(char.IsHighSurrogate(t[^1]) || char.IsLowSurrogate(t[0]), $"chunk splits a character: {t}"));
        Assert.Equal((await _provider.CompleteAsync(chat, 1000, default)).Completion!.Text, string.Concat(texts));
    }

    [Fact]
    public async Task CompleteAsync_MaxTokensCutsInsideAnEmoji_NoHalfCharacterLeft()
    {
        // 57 preamble characters + 2 = 59; max_tokens 15 allows 60 characters, which would end inside the second emoji.
        var chat = ChatRequest.FromPrompt("aa😀😀😀", TestCommands.Model, null);

        var completion = (await _provider.CompleteAsync(chat, 15, default)).Completion!;

        Assert.EndsWith("aa", completion.Text, StringComparison.Ordinal);
        Assert.Equal("length", completion.FinishReason);
    }

    [Fact]
    public async Task StreamAsync_ReadThroughAStreamedCompletion_UsageEstimatedAndSameAnswer()
    {
        var chat = ChatRequest.FromPrompt("Say something", TestCommands.Model, null);
        var opened = await _provider.StreamAsync(chat, 256, default);

        var completion = (await TestStreams.ReadAllAsync(new StreamedCompletion(opened.Stream!, chat))).Completion;

        var whole = (await _provider.CompleteAsync(chat, 256, default)).Completion!;
        Assert.Equal((whole.Text, whole.FinishReason, whole.Usage), (completion.Text, completion.FinishReason, completion.Usage));
        Assert.True(completion.Usage.Estimated);
    }

    [Fact]
    public async Task StreamAsync_Cancelled_StopsReading()
    {
        using var cancellation = new CancellationTokenSource();
        var chat = ChatRequest.FromPrompt(new string('x', 500), TestCommands.Model, null);
        var opened = await _provider.StreamAsync(chat, 1000, cancellation.Token);

        var read = new StringBuilder();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var delta in opened.Stream!.ReadAsync())
            {
                read.Append(delta.Text);
                await cancellation.CancelAsync();
            }
        });

        Assert.True(read.Length < 500, $"{read.Length} characters read after cancelling");
    }

    private async Task<StreamDelta[]> ReadAllAsync(ChatRequest chat, int maxTokens)
    {
        var opened = await _provider.StreamAsync(chat, maxTokens, default);
        var deltas = new List<StreamDelta>();
        await foreach (var delta in opened.Stream!.ReadAsync())
        {
            deltas.Add(delta);
        }

        return [.. deltas];
    }
}
