using LlmGateway.Application.Behaviors;
using LlmGateway.Application.Chat;
using LlmGateway.Application.Common;
using LlmGateway.Application.Generate;
using LlmGateway.Domain;
using LlmGateway.Domain.Chat;
using LlmGateway.Domain.Filtering;
using LlmGateway.Domain.Policies;
using LlmGateway.UnitTests.Support;

namespace LlmGateway.UnitTests.Application.Behaviors;

public sealed class OutputFilteringBehaviorTests : IDisposable
{
    private static readonly PolicySnapshot Keywords = TestPolicies.Compile(d => d with { Redaction = d.Redaction with { Keywords = ["Project Falcon"] } });

    private readonly MetricCapture _metrics = new();
    private readonly OutputFilteringBehavior<GenerateCommand, CompletionResult> _behavior;

    public OutputFilteringBehaviorTests() => _behavior = new(_metrics.Metrics);

    public void Dispose() => _metrics.Dispose();

    [Fact]
    public async Task Handle_SecretInAnswer_RedactedWithMarkerAndListed()
    {
        var next = Next.Answers("Use key AKIAIOSFODNN7EXAMPLE for the bucket.");

        var result = await _behavior.Handle(TestCommands.Generate(policy: Keywords), next.Handler, default);

        Assert.Equal("Use key [REDACTED:aws_access_key_id] for the bucket.", result.Completion?.Text);
        Assert.Equal([new Redaction("aws_access_key_id", 1)], result.Completion!.Redactions);
        Assert.Equal(1, next.Calls);
    }

    [Fact]
    public async Task Handle_KeywordAndSecrets_EachTypeCountedOnce()
    {
        var next = Next.Answers("project falcon uses AKIAIOSFODNN7EXAMPLE and AKIAI44QH8DHBEXAMPLE.");

        var result = await _behavior.Handle(TestCommands.Generate(policy: Keywords), next.Handler, default);

        Assert.Equal("[REDACTED:keyword] uses [REDACTED:aws_access_key_id] and [REDACTED:aws_access_key_id].", result.Completion?.Text);
        Assert.Equal([new Redaction("keyword", 1), new Redaction("aws_access_key_id", 2)], result.Completion!.Redactions);
    }

    [Fact]
    public async Task Handle_AnswerAlreadyCarriesRedactions_KeepsThemAndAppendsNewOnes()
    {
        var earlier = new Redaction("email", 2);
        var next = Next.Answers(TestCommands.Completion("Key: AKIAIOSFODNN7EXAMPLE").WithRedactions(earlier));

        var result = await _behavior.Handle(TestCommands.Generate(policy: Keywords), next.Handler, default);

        Assert.Equal([earlier, new Redaction("aws_access_key_id", 1)], result.Completion!.Redactions);
    }

    [Fact]
    public async Task Handle_CleanAnswer_ReturnedUnchanged()
    {
        var answer = CompletionResult.FromCompletion(TestCommands.Completion("Autumn leaves falling."));
        var next = new NextStub<GenerateCommand, CompletionResult>(answer);

        var result = await _behavior.Handle(TestCommands.Generate(policy: Keywords), next.Handler, default);

        Assert.Same(answer, result);
        Assert.Empty(result.Completion!.Redactions);
    }

    [Fact]
    public async Task Handle_Failure_ReturnedUntouched()
    {
        var next = Next.Fails(GatewayError.ProviderUnavailable);

        var result = await _behavior.Handle(TestCommands.Generate(policy: Keywords), next.Handler, default);

        Assert.Equal(GatewayError.ProviderUnavailable, result.Failure?.Code);
        Assert.Null(result.Completion);
        Assert.Equal(1, next.Calls);
    }

    [Fact]
    public async Task Handle_AnswerArrivesAsynchronously_IsFilteredToo()
    {
        var pending = new TaskCompletionSource<CompletionResult>(TaskCreationOptions.RunContinuationsAsynchronously);

        var handling = _behavior.Handle(TestCommands.Generate(policy: Keywords), (_, _) => new ValueTask<CompletionResult>(pending.Task), default);
        pending.SetResult(CompletionResult.FromCompletion(TestCommands.Completion("Key: AKIAIOSFODNN7EXAMPLE")));
        var result = await handling;

        Assert.Equal("Key: [REDACTED:aws_access_key_id]", result.Completion?.Text);
    }

    [Fact]
    public async Task Handle_BlockActionAndSecretInAnswer_PolicyDeniedWithoutTheSecret()
    {
        var behavior = new OutputFilteringBehavior<GenerateCommand, CompletionResult>(_metrics.Metrics);
        var policy = TestPolicies.Compile(d => d with { Redaction = d.Redaction with { Action = RedactionAction.Block } });
        var next = Next.Answers("Use key AKIAIOSFODNN7EXAMPLE and mail jane@example.com.");

        var result = await behavior.Handle(TestCommands.Generate(policy: policy), next.Handler, default);

        Assert.Null(result.Completion);
        Assert.Equal(GatewayError.PolicyDenied, result.Failure?.Code);
        Assert.DoesNotContain("AKIA", result.Failure!.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("jane", result.Failure.Detail, StringComparison.Ordinal);
        Assert.Contains("aws_access_key_id", result.Failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_BlockActionAndCleanAnswer_ReturnedUnchanged()
    {
        var behavior = new OutputFilteringBehavior<GenerateCommand, CompletionResult>(_metrics.Metrics);
        var policy = TestPolicies.Compile(d => d with { Redaction = d.Redaction with { Action = RedactionAction.Block } });
        var answer = CompletionResult.FromCompletion(TestCommands.Completion("Autumn leaves falling."));

        var result = await behavior.Handle(TestCommands.Generate(policy: policy), new NextStub<GenerateCommand, CompletionResult>(answer).Handler, default);

        Assert.Same(answer, result);
    }

    [Fact]
    public async Task Handle_BlockActionUnderMonitor_RedactsInsteadAndRecordsAWouldBeBlock()
    {
        var behavior = new OutputFilteringBehavior<GenerateCommand, CompletionResult>(_metrics.Metrics);
        var policy = TestPolicies.Compile(d => d with { Mode = PolicyMode.Monitor, Redaction = d.Redaction with { Action = RedactionAction.Block } });
        var command = TestCommands.Generate(policy: policy);
        var clean = TestCommands.Generate(policy: policy);

        var result = await behavior.Handle(command, Next.Answers("Key: AKIAIOSFODNN7EXAMPLE").Handler, default);
        var cleanResult = await behavior.Handle(clean, Next.Answers("Nothing to hide.").Handler, default);

        Assert.Equal("Key: [REDACTED:aws_access_key_id]", result.Completion?.Text);
        Assert.Equal((BlockReason.None, BlockReason.OutputRedaction), (result.Decisions.Block, result.Decisions.WouldBlock));
        Assert.Equal(BlockReason.None, cleanResult.Decisions.WouldBlock);
    }

    [Fact]
    public async Task Handle_PersonalDataInAnswer_RedactedByDefault()
    {
        var result = await _behavior.Handle(TestCommands.Generate(policy: Keywords), Next.Answers("Mail jane.doe@example.com, SSN 219-09-9999.").Handler, default);

        Assert.Equal("Mail [REDACTED:email], SSN [REDACTED:us_ssn].", result.Completion?.Text);
    }

    [Fact]
    public async Task Handle_StreamedAnswer_SecretSplitAcrossDeltasIsRedacted()
    {
        var behavior = new OutputFilteringBehavior<ChatCompletionCommand, CompletionResult>(_metrics.Metrics);
        var policy = TestPolicies.Compile();
        var stream = await TestStreams.CompletionAsync(TestStreams.Texts("Use key AKIAIOSF", "ODNN7EXAMPLE for the bucket."));

        var result = await behavior.Handle(StreamedCommand(policy), Next.Streams(stream).Handler, default);
        var read = await TestStreams.ReadAllAsync(result.Stream!);

        Assert.Same(stream, result.Stream);
        Assert.Equal("Use key [REDACTED:aws_access_key_id] for the bucket.", read.Text);
        Assert.Equal([new Redaction("aws_access_key_id", 1)], read.Completion.Redactions);
    }

    [Fact]
    public async Task Handle_StreamedAnswerWithPolicyKeyword_KeywordRedacted()
    {
        var behavior = new OutputFilteringBehavior<ChatCompletionCommand, CompletionResult>(_metrics.Metrics);
        var policy = TestPolicies.Compile(d => d with { Redaction = d.Redaction with { Keywords = ["Project Falcon"] } });
        var stream = await TestStreams.CompletionAsync(TestStreams.Texts("It is called Project Fal", "con, as you know."));

        var result = await behavior.Handle(StreamedCommand(policy), Next.Streams(stream).Handler, default);

        Assert.Equal("It is called [REDACTED:keyword], as you know.", (await TestStreams.ReadAllAsync(result.Stream!)).Text);
    }

    [Fact]
    public async Task Handle_StreamedAnswerBlockAction_StreamEndsWithPolicyDenied()
    {
        var behavior = new OutputFilteringBehavior<ChatCompletionCommand, CompletionResult>(_metrics.Metrics);
        var policy = TestPolicies.Compile(d => d with { Redaction = d.Redaction with { Action = RedactionAction.Block } });
        var stream = await TestStreams.CompletionAsync(TestStreams.Texts("Mail jane.doe@exa", "mple.com for access."));

        var result = await behavior.Handle(StreamedCommand(policy), Next.Streams(stream).Handler, default);
        var read = await TestStreams.ReadAllAsync(result.Stream!);

        Assert.Equal(GatewayError.PolicyDenied, read.Failure.Code);
        Assert.DoesNotContain("jane", read.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_StreamedAnswerBlockActionUnderMonitor_RedactsInstead()
    {
        var behavior = new OutputFilteringBehavior<ChatCompletionCommand, CompletionResult>(_metrics.Metrics);
        var policy = TestPolicies.Compile(d => d with { Mode = PolicyMode.Monitor, Redaction = d.Redaction with { Action = RedactionAction.Block } });
        var command = StreamedCommand(policy);
        var stream = new StreamedCompletion(await TestStreams.OpenAsync(TestStreams.Texts("Key: AKIAIOSFOD", "NN7EXAMPLE")), command.Chat);

        var result = await behavior.Handle(command, Next.Streams(stream).Handler, default);

        Assert.Equal("Key: [REDACTED:aws_access_key_id]", (await TestStreams.ReadAllAsync(result.Stream!)).Text);
        Assert.Equal((BlockReason.None, BlockReason.OutputRedaction), (result.Stream!.Block, result.Stream.WouldBlock));
    }

    [Fact]
    public async Task Handle_SecretsInAnswer_SpanCountsRedactionsByTypeWithoutTheText()
    {
        using var spans = new SpanCapture();

        await _behavior.Handle(TestCommands.Generate(policy: Keywords), Next.Answers("Keys AKIAIOSFODNN7EXAMPLE and AKIAIOSFODNN7EXAMPLE, mail jane@example.com.").Handler, default);

        var span = spans.Single("gateway.output_filter");
        Assert.Equal(3, span.GetTagItem("gateway.output_filter.redaction_count"));
        Assert.Equal(["aws_access_key_id", "email"], ((string[])span.GetTagItem("gateway.output_filter.redaction_types")!).Order(StringComparer.Ordinal));
        Assert.Equal("redact", span.GetTagItem("gateway.output_filter.action"));
        Assert.DoesNotContain(span.TagObjects, tag => tag.Value is string text && (text.Contains("AKIA", StringComparison.Ordinal) || text.Contains("jane", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Handle_BlockAction_SpanSaysBlockAndResultCarriesTheReason()
    {
        using var spans = new SpanCapture();
        var behavior = new OutputFilteringBehavior<GenerateCommand, CompletionResult>(_metrics.Metrics);
        var policy = TestPolicies.Compile(d => d with { Redaction = d.Redaction with { Action = RedactionAction.Block } });
        var command = TestCommands.Generate(policy: policy);

        var result = await behavior.Handle(command, Next.Answers("Key AKIAIOSFODNN7EXAMPLE").Handler, default);

        Assert.Equal("block", spans.Single("gateway.output_filter").GetTagItem("gateway.output_filter.action"));
        Assert.Equal(BlockReason.OutputRedaction, result.Decisions.Block);
        Assert.Equal("output_filter", Assert.Single(_metrics.Of("gateway.guardrail.duration")).Tag("gateway.stage"));
    }

    [Fact]
    public async Task Handle_StreamedAnswer_FilterSpanEndsWithTheStreamAndTheBlockIsRecorded()
    {
        using var spans = new SpanCapture();
        var behavior = new OutputFilteringBehavior<ChatCompletionCommand, CompletionResult>(_metrics.Metrics);
        var policy = TestPolicies.Compile(d => d with { Redaction = d.Redaction with { Action = RedactionAction.Block } });
        var command = StreamedCommand(policy);
        var stream = new StreamedCompletion(await TestStreams.OpenAsync(TestStreams.Texts("Mail jane.doe@exa", "mple.com for access.")), command.Chat);

        var result = await behavior.Handle(command, Next.Streams(stream).Handler, default);
        Assert.DoesNotContain(spans.Spans, s => s.DisplayName == "gateway.output_filter");
        Assert.Empty(_metrics.Of("gateway.guardrail.duration"));
        await using (result.Stream!)
        {
            await TestStreams.ReadAllAsync(result.Stream!);
        }

        var span = spans.Single("gateway.output_filter");
        Assert.Equal(true, span.GetTagItem("gateway.output_filter.streamed"));
        Assert.Equal("block", span.GetTagItem("gateway.output_filter.action"));
        Assert.Equal(["email"], Assert.IsType<string[]>(span.GetTagItem("gateway.output_filter.redaction_types")));
        Assert.Equal(BlockReason.OutputRedaction, result.Stream!.Block);
        Assert.Equal("output_filter", Assert.Single(_metrics.Of("gateway.guardrail.duration")).Tag("gateway.stage"));
    }

    private static ChatCompletionCommand StreamedCommand(PolicySnapshot policy) =>
        TestCommands.ChatCompletion(ChatRequest.FromPrompt("Which key?", TestCommands.Model, null), stream: true, policy: policy);
}
