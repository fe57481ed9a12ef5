using LlmGateway.Application.Behaviors;
using LlmGateway.Application.Chat;
using LlmGateway.Application.Common;
using LlmGateway.Application.Generate;
using LlmGateway.Domain;
using LlmGateway.Domain.Chat;
using LlmGateway.Domain.Policies;
using LlmGateway.UnitTests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmGateway.UnitTests.Application.Behaviors;

public sealed class PolicyBehaviorTests : IDisposable
{
    private readonly PolicySnapshot _policy = TestPolicies.Compile(d => d with
    {
        Models = new ModelsSection { Allowed = ["gpt-4o-mini", "gpt-4o"] },
        BlockedTerms = ["falcon", "project x", "Crème Brûlée"],
    });

    private readonly MetricCapture _metrics = new();

    public void Dispose() => _metrics.Dispose();

    [Theory]
    [InlineData("gpt-4", "Hello", "model_not_allowed", BlockReason.ModelNotAllowed)]
    [InlineData("gpt-4o", "Tell me about the falcon.", "blocked_term", BlockReason.BlockedTerm)]
    [InlineData("gpt-4o", "Hello", "allow", BlockReason.None)]
    public async Task Handle_AnyRequest_PolicySpanCarriesVersionAndDecisionAndResultTheReason(string model, string prompt, string decision, BlockReason reason)
    {
        using var spans = new SpanCapture();
        var command = TestCommands.Generate(prompt, model: model, policy: _policy);

        var result = await Policy().Handle(command, Next.Answers().Handler, default);

        var span = spans.Single("gateway.policy");
        Assert.Equal(1L, span.GetTagItem("gateway.policy.version"));
        Assert.Equal("enforce", span.GetTagItem("gateway.policy.mode"));
        Assert.Equal(decision, span.GetTagItem("gateway.policy.decision"));
        Assert.Equal(reason, result.Decisions.Block);
        var stage = Assert.Single(_metrics.Of("gateway.guardrail.duration"));
        Assert.Equal("policy", stage.Tag("gateway.stage"));
    }

    [Theory]
    [InlineData("gpt-4")]
    [InlineData("GPT-4O-MINI")]
    [InlineData("")]
    public async Task Handle_ModelNotAllowed_PolicyDeniedWithoutCallingNext(string model)
    {
        var next = Next.Answers();

        var result = await Policy()
            .Handle(TestCommands.Generate(model: model, policy: _policy), next.Handler, default);

        Assert.Equal(GatewayError.PolicyDenied, result.Failure?.Code);
        Assert.Equal(0, next.Calls);
    }

    [Theory]
    [InlineData("Tell me about the falcon.")]
    [InlineData("FALCON facts please")]
    [InlineData("Status of Project X?")]
    [InlineData("Status of project\u200B x?")]
    [InlineData("Status of project   x?")]
    [InlineData("A recipe for creme brulee")]
    [InlineData("A recipe for CRÈME BRÛLÉE")]
    public async Task Handle_BlockedTermAsWholeWord_PolicyDeniedWithoutEchoingTheTerm(string prompt)
    {
        var next = Next.Answers();

        var result = await Policy()
            .Handle(TestCommands.Generate(prompt, policy: _policy), next.Handler, default);

        Assert.Equal(GatewayError.PolicyDenied, result.Failure?.Code);
        Assert.DoesNotContain("falcon", result.Failure!.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("project x", result.Failure.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("brulee", result.Failure.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, next.Calls);
    }

    [Theory]
    [InlineData("I love falconry.")]
    [InlineData("The Millennium Falcons won.")]
    [InlineData("See project xyz.")]
    [InlineData("Write a haiku about autumn")]
    public async Task Handle_BlockedTermOnlyInsideLongerWord_PassesThrough(string prompt)
    {
        var next = Next.Answers();

        var result = await Policy()
            .Handle(TestCommands.Generate(prompt, model: "gpt-4o", policy: _policy), next.Handler, default);

        Assert.Null(result.Failure);
        Assert.Equal(1, next.Calls);
    }

    [Fact]
    public async Task Handle_BlockedTermOnlyInAssistantMessage_Denied()
    {
        // The client writes the history: an assistant turn is text the model reads, like any other.
        var next = Next.Answers();
        var command = TestCommands.Conversation(
            _policy,
            new ChatMessage(ChatRole.Assistant, "A falcon is a bird."),
            new ChatMessage(ChatRole.User, "Tell me more about birds."));

        var result = await Policy().Handle(command, next.Handler, default);

        Assert.Equal(GatewayError.PolicyDenied, result.Failure?.Code);
        Assert.Equal(BlockReason.BlockedTerm, result.Decisions.Block);
        Assert.Equal(0, next.Calls);
    }

    [Fact]
    public async Task Handle_MonitorMode_PassesThroughWhatEnforceModeDenies()
    {
        var monitor = TestPolicies.Compile(d => d with
        {
            Mode = PolicyMode.Monitor,
            Models = new ModelsSection { Allowed = ["gpt-4o"] },
            BlockedTerms = ["falcon"],
        });
        var next = Next.Answers();
        var command = TestCommands.Generate("falcon", model: "gpt-4", policy: monitor);
        var logger = new ListLogger<PolicyBehavior<GenerateCommand, CompletionResult>>();
        using var spans = new SpanCapture();

        var result = await new PolicyBehavior<GenerateCommand, CompletionResult>(_metrics.Metrics, logger).Handle(command, next.Handler, default);

        Assert.Null(result.Failure);
        Assert.Equal(1, next.Calls);
        // Nothing denied, but what would have been is recorded: the result (for the metric), the span and the log.
        Assert.Equal(BlockReason.None, result.Decisions.Block);
        Assert.Equal(BlockReason.ModelNotAllowed, result.Decisions.WouldBlock);
        var span = spans.Single("gateway.policy");
        Assert.Equal(("monitor", "model_not_allowed"), (span.GetTagItem("gateway.policy.mode"), span.GetTagItem("gateway.policy.decision")));
        var entry = Assert.Single(logger.Entries);
        Assert.Contains("would be denied (monitor mode", entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("falcon", entry.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Handle_MonitorModeAllowedModelWithBlockedTerm_RecordsTheTermAsWouldBeBlock()
    {
        var monitor = TestPolicies.Compile(d => d with { Mode = PolicyMode.Monitor, BlockedTerms = ["falcon"] });
        var command = TestCommands.Generate("Tell me about the falcon.", policy: monitor);

        var result = await Policy().Handle(command, Next.Answers().Handler, default);

        Assert.Equal(BlockReason.BlockedTerm, result.Decisions.WouldBlock);
    }

    [Fact]
    public async Task Handle_EmptyAllowList_AllowsAnyModel()
    {
        var next = Next.Answers();

        var result = await Policy()
            .Handle(TestCommands.Generate(model: "some-new-model", policy: TestPolicies.Compile()), next.Handler, default);

        Assert.Null(result.Failure);
        Assert.Equal(1, next.Calls);
    }

    private PolicyBehavior<GenerateCommand, CompletionResult> Policy() =>
        new(_metrics.Metrics, NullLogger<PolicyBehavior<GenerateCommand, CompletionResult>>.Instance);
}
