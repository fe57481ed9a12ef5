using LlmGateway.Application.Behaviors;
using LlmGateway.Application.Common;
using LlmGateway.Application.Generate;
using LlmGateway.Domain;
using LlmGateway.Domain.Filtering;
using LlmGateway.UnitTests.Support;

namespace LlmGateway.UnitTests.Application.Behaviors;

public class OutputFilteringBehaviorTests
{
    private readonly OutputFilteringBehavior<GenerateCommand, CompletionResult> _behavior =
        new(TestPolicies.Store(d => d with { Redaction = d.Redaction with { Keywords = ["Project Falcon"] } }));

    [Fact]
    public async Task Handle_SecretInAnswer_RedactedWithMarkerAndListed()
    {
        var next = Next.Answers("Use key AKIAIOSFODNN7EXAMPLE for the bucket.");

        var result = await _behavior.Handle(TestCommands.Generate(), next.Handler, default);

        Assert.Equal("Use key [REDACTED:aws_access_key_id] for the bucket.", result.Completion?.Text);
        Assert.Equal([new Redaction("aws_access_key_id", 1)], result.Completion!.Redactions);
        Assert.Equal(1, next.Calls);
    }

    [Fact]
    public async Task Handle_KeywordAndSecrets_EachTypeCountedOnce()
    {
        var next = Next.Answers("project falcon uses AKIAIOSFODNN7EXAMPLE and AKIAI44QH8DHBEXAMPLE.");

        var result = await _behavior.Handle(TestCommands.Generate(), next.Handler, default);

        Assert.Equal("[REDACTED:keyword] uses [REDACTED:aws_access_key_id] and [REDACTED:aws_access_key_id].", result.Completion?.Text);
        Assert.Equal([new Redaction("keyword", 1), new Redaction("aws_access_key_id", 2)], result.Completion!.Redactions);
    }

    [Fact]
    public async Task Handle_AnswerAlreadyCarriesRedactions_KeepsThemAndAppendsNewOnes()
    {
        var earlier = new Redaction("email", 2);
        var next = Next.Answers(TestCommands.Completion("Key: AKIAIOSFODNN7EXAMPLE").WithRedactions(earlier));

        var result = await _behavior.Handle(TestCommands.Generate(), next.Handler, default);

        Assert.Equal([earlier, new Redaction("aws_access_key_id", 1)], result.Completion!.Redactions);
    }

    [Fact]
    public async Task Handle_CleanAnswer_ReturnedUnchanged()
    {
        var answer = CompletionResult.FromCompletion(TestCommands.Completion("Autumn leaves falling."));
        var next = new NextStub<GenerateCommand, CompletionResult>(answer);

        var result = await _behavior.Handle(TestCommands.Generate(), next.Handler, default);

        Assert.Same(answer, result);
        Assert.Empty(result.Completion!.Redactions);
    }

    [Fact]
    public async Task Handle_Failure_ReturnedUntouched()
    {
        var next = Next.Fails(GatewayError.ProviderUnavailable);

        var result = await _behavior.Handle(TestCommands.Generate(), next.Handler, default);

        Assert.Equal(GatewayError.ProviderUnavailable, result.Failure?.Code);
        Assert.Null(result.Completion);
        Assert.Equal(1, next.Calls);
    }

    [Fact]
    public async Task Handle_AnswerArrivesAsynchronously_IsFilteredToo()
    {
        var pending = new TaskCompletionSource<CompletionResult>(TaskCreationOptions.RunContinuationsAsynchronously);

        var handling = _behavior.Handle(TestCommands.Generate(), (_, _) => new ValueTask<CompletionResult>(pending.Task), default);
        pending.SetResult(CompletionResult.FromCompletion(TestCommands.Completion("Key: AKIAIOSFODNN7EXAMPLE")));
        var result = await handling;

        Assert.Equal("Key: [REDACTED:aws_access_key_id]", result.Completion?.Text);
    }
}
