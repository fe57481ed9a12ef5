using System.Text;
using LlmGateway.Application.Chat;
using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using LlmGateway.Domain.Chat;
using LlmGateway.Domain.Filtering;
using LlmGateway.UnitTests.Support;

namespace LlmGateway.UnitTests.Application.Chat;

public class StreamedCompletionTests
{
    private const string AwsKey = "AKIAIOSFODNN7EXAMPLE";

    // The default policy's filter: every secret and personal-data detector.
    private static readonly OutputFilter Filter = TestPolicies.Compile().OutputFilter;

    private static readonly string[] Pieces =
    [
        "Here is the key ", AwsKey, " for the bucket. ", "Mail jane.doe@example.com ", "or call (415) 555-0132. ",
        "SSN 219-09-9999 ", "is on file. ", "Nothing else to say", "\n", "AKIA", "jane@", ", ",
    ];

    [Fact]
    public async Task ReadAsync_SecretSplitAcrossTwoDeltas_RedactedAndNeverSent()
    {
        var stream = await TestStreams.CompletionAsync(TestStreams.Texts("Use key AKIAIOSF", "ODNN7EXAMPLE for the bucket."));
        stream.FilterWith(Filter, blockOnRedaction: false);

        var read = await TestStreams.ReadAllAsync(stream);

        Assert.Equal("Use key [REDACTED:aws_access_key_id] for the bucket.", read.Text);
        Assert.All(read.Chunks, chunk => Assert.DoesNotContain("AKIA", chunk, StringComparison.Ordinal));
        Assert.All(read.Chunks, chunk => Assert.DoesNotContain("EXAMPLE", chunk, StringComparison.Ordinal));
        Assert.Equal(read.Text, read.Completion.Text);
        Assert.Equal([new Redaction("aws_access_key_id", 1)], read.Completion.Redactions);
    }

    [Fact]
    public async Task ReadAsync_AnyChunking_SameAnswerAsFilteringTheWholeText()
    {
        var random = new Random(20261127);
        for (var round = 0; round < 60; round++)
        {
            var whole = RandomAnswer(random);
            var expected = Filter.Filter(whole);
            var stream = await TestStreams.CompletionAsync(TestStreams.Texts(RandomChunks(random, whole)));
            stream.FilterWith(Filter, blockOnRedaction: false);

            var read = await TestStreams.ReadAllAsync(stream);

            Assert.True(expected.Text == read.Text, $"round {round}: streamed answer differs for:\n{whole}");
            Assert.Equal(expected.Text, read.Completion.Text);
            Assert.Equal(expected.Redactions, read.Completion.Redactions);
        }
    }

    [Fact]
    public async Task ReadAsync_BlockOnRedaction_EndsWithPolicyDeniedAndNoCompletion()
    {
        var stream = await TestStreams.CompletionAsync(TestStreams.Texts("Sure. The key is AKIAIOSF", "ODNN7EXAMPLE", ", enjoy."));
        stream.FilterWith(Filter, blockOnRedaction: true);
        var completed = 0;
        stream.OnCompleted(_ =>
        {
            completed++;
            return ValueTask.CompletedTask;
        });

        var read = await TestStreams.ReadAllAsync(stream);

        Assert.Equal(GatewayError.PolicyDenied, read.Failure.Code);
        Assert.Contains("aws_access_key_id", read.Failure.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("AKIA", read.Failure.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("AKIA", read.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("REDACTED", read.Text, StringComparison.Ordinal);
        Assert.Equal(0, completed);
    }

    [Fact]
    public async Task ReadAsync_BlockOnRedactionAndCleanAnswer_CompletesWithTheWholeAnswer()
    {
        var stream = await TestStreams.CompletionAsync(TestStreams.Texts("Autumn leaves ", "are falling."));
        stream.FilterWith(Filter, blockOnRedaction: true);

        var read = await TestStreams.ReadAllAsync(stream);

        Assert.Equal("Autumn leaves are falling.", read.Text);
        Assert.Equal("Autumn leaves are falling.", read.Completion.Text);
    }

    [Fact]
    public async Task ReadAsync_ProviderBreaksOffMidStream_EndsWithProviderUnavailableAndNoCompletion()
    {
        var stream = await TestStreams.CompletionAsync(
            [new StreamDelta("The answer "), new StreamDelta("begins and")],
            breakOffWith: new HttpRequestException("upstream said: Tell me about the bucket"));
        stream.FilterWith(Filter, blockOnRedaction: false);
        var completed = 0;
        stream.OnCompleted(_ =>
        {
            completed++;
            return ValueTask.CompletedTask;
        });

        var read = await TestStreams.ReadAllAsync(stream);

        Assert.Equal(GatewayError.ProviderUnavailable, read.Failure.Code);
        Assert.Contains("openai", read.Failure.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("bucket", read.Failure.Detail, StringComparison.Ordinal);
        Assert.Equal(0, completed);
    }

    [Fact]
    public async Task ReadAsync_ReaderCancelled_CancellationIsNotReportedAsABrokenProvider()
    {
        var stream = await TestStreams.CompletionAsync([new StreamDelta("Partial ")], breakOffWith: new OperationCanceledException());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TestStreams.ReadAllAsync(stream));
    }

    [Fact]
    public async Task ReadAsync_ProviderReportsNoUsage_EstimatedAndMarkedSo()
    {
        // 24 prompt characters → 6 tokens; 17 answer characters → 5 tokens (four characters a token, rounded up).
        var stream = await TestStreams.CompletionAsync(TestStreams.Texts("Once upon ", "a ti", "me."));

        var completion = (await TestStreams.ReadAllAsync(stream)).Completion;

        Assert.Equal(new TokenUsage(6, 5, Estimated: true), completion.Usage);
    }

    [Fact]
    public async Task ReadAsync_ProviderReportsUsageAfterTheFinishReason_TakesBoth()
    {
        var reported = new TokenUsage(42, 7, Estimated: false);
        var stream = await TestStreams.CompletionAsync(
            [new StreamDelta("Cut "), new StreamDelta("short"), new StreamDelta(null, "length"), new StreamDelta(null, null, reported)]);

        var completion = (await TestStreams.ReadAllAsync(stream)).Completion;

        Assert.Equal(reported, completion.Usage);
        Assert.Equal("length", completion.FinishReason);
        Assert.Equal("Cut short", completion.Text);
    }

    [Fact]
    public async Task ReadAsync_ProviderGivesNoFinishReason_Stop()
    {
        var stream = await TestStreams.CompletionAsync([new StreamDelta("Done.")]);

        Assert.Equal("stop", (await TestStreams.ReadAllAsync(stream)).Completion.FinishReason);
    }

    [Fact]
    public async Task ReadAsync_Completion_NamesProviderModelAndFallback()
    {
        var call = await TestStreams.OpenAsync(TestStreams.Texts("Hi."), provider: "ollama");
        call.IsFallback = true;
        var stream = new StreamedCompletion(call, ChatRequest.FromPrompt(TestStreams.Prompt, TestCommands.Model, null));

        var completion = (await TestStreams.ReadAllAsync(stream)).Completion;

        Assert.Equal(("ollama", TestCommands.Model, true), (completion.Provider, completion.Model, completion.IsFallback));
        Assert.Equal(("ollama", true), (stream.Provider, stream.IsFallback));
    }

    [Fact]
    public async Task ReadAsync_OnCompleted_ReceivesTheFilteredAnswerBeforeTheCompletionEvent()
    {
        var stream = await TestStreams.CompletionAsync(TestStreams.Texts("Key: AKIA", "IOSFODNN7EXAMPLE"));
        stream.FilterWith(Filter, blockOnRedaction: false);
        var received = new List<Completion>();
        stream.OnCompleted(completion =>
        {
            received.Add(completion);
            return ValueTask.CompletedTask;
        });

        var sawCallbackFirst = false;
        await foreach (var update in stream.ReadAsync())
        {
            if (update.Completion is not null)
            {
                sawCallbackFirst = received.Count == 1;
            }
        }

        var stored = Assert.Single(received);
        Assert.Equal("Key: [REDACTED:aws_access_key_id]", stored.Text);
        Assert.Equal([new Redaction("aws_access_key_id", 1)], stored.Redactions);
        Assert.True(sawCallbackFirst);
    }

    [Fact]
    public async Task ReadAsync_SeveralCallbacks_EveryOneIsAwaited()
    {
        var stream = await TestStreams.CompletionAsync(TestStreams.Texts("Fine."));
        stream.OnCompleted(async _ =>
        {
            await Task.Yield();
            throw new InvalidOperationException("The first callback failed.");
        });
        stream.OnCompleted(_ => ValueTask.CompletedTask);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => TestStreams.ReadAllAsync(stream));

        Assert.Equal("The first callback failed.", failure.Message);
    }

    [Fact]
    public async Task ReadAsync_ReaderLeavesEarly_CallbacksNotCalled()
    {
        var stream = await TestStreams.CompletionAsync(TestStreams.Texts("First. ", "Second. ", "Third."));
        var completed = 0;
        stream.OnCompleted(_ =>
        {
            completed++;
            return ValueTask.CompletedTask;
        });

        await foreach (var _ in stream.ReadAsync())
        {
            break;
        }

        Assert.Equal(0, completed);
    }

    private static string RandomAnswer(Random random)
    {
        var builder = new StringBuilder();
        var count = random.Next(1, 10);
        for (var i = 0; i < count; i++)
        {
            builder.Append(Pieces[random.Next(Pieces.Length)]);
        }

        return builder.ToString();
    }

    private static string[] RandomChunks(Random random, string text)
    {
        var chunks = new List<string>();
        for (var position = 0; position < text.Length;)
        {
            var size = Math.Min(random.Next(1, 12), text.Length - position);
            chunks.Add(text.Substring(position, size));
            position += size;
        }

        return [.. chunks];
    }
}

public class StreamedCompletionChannelTests
{
    private const string AwsKey = "AKIAIOSFODNN7EXAMPLE";

    private static readonly OutputFilter Filter = TestPolicies.Compile().OutputFilter;

    [Fact]
    public async Task ReadAsync_ToolCallArgumentsSplitAcrossChunks_SecretRedactedAndArgumentsStillJson()
    {
        var stream = await TestStreams.CompletionAsync(
        [
            Parts(new ChoiceDelta(0, DeltaKind.ToolCall, "", 0, "call_1", "lookup")),
            Parts(new ChoiceDelta(0, DeltaKind.ToolCall, "{\"key\":\"AKIAIOSF", 0)),
            Parts(new ChoiceDelta(0, DeltaKind.ToolCall, "ODNN7EXAMPLE\"}", 0)),
            Parts(new ChoiceDelta(0, DeltaKind.Finish, "tool_calls")),
        ]);
        stream.FilterWith(Filter, blockOnRedaction: false);

        var read = await TestStreams.ReadAllAsync(stream);

        var pieces = read.Events.Where(e => e.Part is not null).Select(e => e.Part!.Value).ToList();
        Assert.Equal(("call_1", "lookup"), (pieces[0].ToolCallId, pieces[0].ToolName));
        Assert.All(pieces, piece => Assert.DoesNotContain("AKIA", piece.Text, StringComparison.Ordinal));
        var arguments = string.Concat(pieces.Select(p => p.Text));
        Assert.Equal("""{"key":"[REDACTED:aws_access_key_id]"}""", arguments);
        var choice = Assert.Single(read.Completion.Choices!);
        Assert.Equal(new ToolCall("call_1", "lookup", arguments), Assert.Single(choice.ToolCalls!));
        Assert.Equal("tool_calls", choice.FinishReason);
        Assert.Equal([new Redaction("aws_access_key_id", 1)], read.Completion.Redactions);
    }

    [Fact]
    public async Task ReadAsync_SeveralChoices_EachFilteredOnItsOwnByIndex()
    {
        var stream = await TestStreams.CompletionAsync(
            [
                Parts(new ChoiceDelta(0, DeltaKind.Content, "First "), new ChoiceDelta(1, DeltaKind.Content, "Key AKIAIOSF")),
                Parts(new ChoiceDelta(1, DeltaKind.Content, "ODNN7EXAMPLE."), new ChoiceDelta(0, DeltaKind.Content, "answer.")),
                Parts(new ChoiceDelta(0, DeltaKind.Finish, "stop"), new ChoiceDelta(1, DeltaKind.Finish, "length")),
            ],
            request: ChatRequest.FromPrompt("Hi", "gpt-4o", null) with { ChoiceCount = 2 });
        stream.FilterWith(Filter, blockOnRedaction: false);

        var read = await TestStreams.ReadAllAsync(stream);

        Assert.Equal("First answer.", read.Text);
        var second = string.Concat(read.Events.Where(e => e.Part is { Choice: 1 }).Select(e => e.Part!.Value.Text));
        Assert.Equal("Key [REDACTED:aws_access_key_id].", second);
        Assert.Equal(["First answer.", second], read.Completion.Choices!.Select(c => c.Content));
        Assert.Equal(["stop", "length"], read.Completion.Choices!.Select(c => c.FinishReason));
    }

    [Fact]
    public async Task ReadAsync_SecretInAToolCallUnderBlockPolicy_Withheld()
    {
        var stream = await TestStreams.CompletionAsync(
        [
            Parts(new ChoiceDelta(0, DeltaKind.ToolCall, $$"""{"key":"{{AwsKey}}","pad":"{{new string('x', 200)}}"}""", 0, "call_1", "lookup")),
        ]);
        stream.FilterWith(Filter, blockOnRedaction: true);

        var read = await TestStreams.ReadAllAsync(stream);

        Assert.Equal(GatewayError.PolicyDenied, read.Failure.Code);
        Assert.DoesNotContain(read.Events, e => e.Part is { } part && part.Text.Contains("AKIA", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DisposeAsync_FilteredStreamNeverRead_EndsQuietly()
    {
        var stream = await TestStreams.CompletionAsync(TestStreams.Texts("Hello"));
        stream.FilterWith(Filter, blockOnRedaction: false, wouldBlockOnRedaction: true);

        await stream.DisposeAsync();

        Assert.Equal(BlockReason.None, stream.WouldBlock);
    }

    private static StreamDelta Parts(params ChoiceDelta[] parts) => new(null) { Parts = parts };

    [Fact]
    public async Task Meter_ProviderOverrunsTheReservedOutput_EndsCleanlyAtTheCapWithLength()
    {
        // A provider that ignores max_tokens: 40 words, where the request reserved 10 tokens of answer.
        var words = Enumerable.Repeat(" word", 40).ToArray();
        var stream = await TestStreams.CompletionAsync(TestStreams.Texts(words));
        TokenUsage? settled = null;
        stream.Meter(TestSpend.Tokens, promptTokens: 12, outputCap: 10, usage => settled = usage);

        var read = await TestStreams.ReadAllAsync(stream);
        await stream.DisposeAsync();

        Assert.Equal("length", read.Completion.FinishReason);
        Assert.Equal(string.Concat(words.Take(10)), read.Text);
        Assert.Equal(new TokenUsage(12, 10, Estimated: true), settled);
    }

    [Fact]
    public async Task Meter_ClientLeavesEarly_SettlesOnceWithWhatWasCounted()
    {
        var stream = await TestStreams.CompletionAsync(TestStreams.Texts(" one", " two", " three"));
        var settlements = new List<TokenUsage>();
        stream.Meter(TestSpend.Tokens, promptTokens: 5, outputCap: 0, settlements.Add);

        await foreach (var update in stream.ReadAsync())
        {
            break; // the first piece, then the client is gone
        }

        await stream.DisposeAsync();
        await stream.DisposeAsync();

        Assert.Equal([new TokenUsage(5, 1, Estimated: true)], settlements);
    }
}
