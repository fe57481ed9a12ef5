using LlmGateway.Application.Behaviors;
using LlmGateway.Application.Chat;
using LlmGateway.Application.Common;
using LlmGateway.Application.Generate;
using LlmGateway.Application.Guardrails;
using LlmGateway.Domain;
using LlmGateway.Domain.Filtering;
using LlmGateway.Domain.Policies;
using LlmGateway.UnitTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LlmGateway.UnitTests.Application.Behaviors;

public sealed class GuardBehaviorTests : IDisposable
{
    private readonly MetricCapture _metrics = new();

    public void Dispose() => _metrics.Dispose();

    [Fact]
    public async Task PromptGuardBehavior_NoPlugins_PassesStraightThroughSynchronously()
    {
        var next = Next.Answers();
        var behavior = new PromptGuardBehavior<GenerateCommand, CompletionResult>(Runner(), _metrics.Metrics);

        var pending = behavior.Handle(TestCommands.Generate(), next.Handler, default);

        Assert.True(pending.IsCompletedSuccessfully);
        Assert.Null((await pending).Failure);
        Assert.Equal(1, next.Calls);
    }

    [Fact]
    public async Task PromptGuardBehavior_PluginBlocks_PromptBlockedWithoutCallingNext()
    {
        var next = Next.Answers();
        var guard = TestGuard.Prompt("terms", (_, _) => ValueTask.FromResult(PromptVerdict.Block("term", "Names a project.")));
        var behavior = new PromptGuardBehavior<GenerateCommand, CompletionResult>(Runner(prompt: [guard]), _metrics.Metrics);

        var result = await behavior.Handle(TestCommands.Generate(), next.Handler, default);

        Assert.Equal(GatewayError.PromptBlocked, result.Failure?.Code);
        Assert.Equal(BlockReason.PromptPlugin, result.Decisions.Block);
        Assert.Equal(0, next.Calls);
        Assert.Equal("prompt_guard", Assert.Single(_metrics.Of("gateway.guardrail.duration")).Tag("gateway.stage"));
    }

    [Fact]
    public async Task PromptGuardBehavior_PluginBlocksUnderMonitoringPolicy_CallsNextAndRecordsWouldBlock()
    {
        var next = Next.Answers();
        var guard = TestGuard.Prompt("terms", (_, _) => ValueTask.FromResult(PromptVerdict.Block("term", "Names a project.")));
        var behavior = new PromptGuardBehavior<GenerateCommand, CompletionResult>(Runner(prompt: [guard]), _metrics.Metrics);
        var command = TestCommands.Generate(policy: TestPolicies.Compile(d => d with { Mode = PolicyMode.Monitor }));

        var result = await behavior.Handle(command, next.Handler, default);

        Assert.Null(result.Failure);
        Assert.Equal(1, next.Calls);
        Assert.Equal((BlockReason.None, BlockReason.PromptPlugin), (result.Decisions.Block, result.Decisions.WouldBlock));
    }

    [Fact]
    public async Task PromptGuardBehavior_PluginAllows_CallsNext()
    {
        var next = Next.Answers();
        var behavior = new PromptGuardBehavior<GenerateCommand, CompletionResult>(Runner(prompt: [TestGuard.Allowing("ok", [])]), _metrics.Metrics);

        var result = await behavior.Handle(TestCommands.Generate(), next.Handler, default);

        Assert.Null(result.Failure);
        Assert.Equal(1, next.Calls);
    }

    [Fact]
    public async Task OutputGuardBehavior_NoPlugins_ReturnsTheInnerResponseItself()
    {
        var inner = Next.Answers("text");
        var behavior = new OutputGuardBehavior<GenerateCommand, CompletionResult>(Runner(), _metrics.Metrics);

        var first = await behavior.Handle(TestCommands.Generate(), inner.Handler, default);
        var second = await behavior.Handle(TestCommands.Generate(), inner.Handler, default);

        Assert.Same(first, second);
    }

    [Fact]
    public async Task OutputGuardBehavior_PluginReplaces_AnswerReplacedAndRedactionListed()
    {
        var guard = TestGuard.Output("terms", (_, _) => ValueTask.FromResult(OutputVerdict.Replace("[REDACTED:confidential_term] ships", [new Redaction("confidential_term", 1)])));
        var behavior = new OutputGuardBehavior<GenerateCommand, CompletionResult>(Runner(output: [guard]), _metrics.Metrics);

        var result = await behavior.Handle(TestCommands.Generate(), Next.Answers("Falcon ships").Handler, default);

        Assert.Equal("[REDACTED:confidential_term] ships", result.Completion?.Text);
        Assert.Equal([new Redaction("confidential_term", 1)], result.Completion!.Redactions);
    }

    [Fact]
    public async Task OutputGuardBehavior_PluginBlocks_AnswerWithheldWithTheReasonAndTheStageTime()
    {
        var guard = TestGuard.Output("terms", (_, _) => ValueTask.FromResult(OutputVerdict.Block("term", "Names a project.")));
        var behavior = new OutputGuardBehavior<GenerateCommand, CompletionResult>(Runner(output: [guard]), _metrics.Metrics);

        var result = await behavior.Handle(TestCommands.Generate(), Next.Answers("Falcon ships").Handler, default);

        Assert.Equal(GatewayError.PolicyDenied, result.Failure?.Code);
        Assert.Equal(BlockReason.OutputPlugin, result.Decisions.Block);
        Assert.Equal("output_guard", Assert.Single(_metrics.Of("gateway.guardrail.duration")).Tag("gateway.stage"));
    }

    [Fact]
    public async Task OutputGuardBehavior_PluginBlocksUnderMonitoringPolicy_AnswerPassesAndWouldBlockRecorded()
    {
        var guard = TestGuard.Output("terms", (_, _) => ValueTask.FromResult(OutputVerdict.Block("term", "Names a project.")));
        var behavior = new OutputGuardBehavior<GenerateCommand, CompletionResult>(Runner(output: [guard]), _metrics.Metrics);
        var command = TestCommands.Generate(policy: TestPolicies.Compile(d => d with { Mode = PolicyMode.Monitor }));

        var result = await behavior.Handle(command, Next.Answers("Falcon ships").Handler, default);

        Assert.Equal("Falcon ships", result.Completion?.Text);
        Assert.Equal((BlockReason.None, BlockReason.OutputPlugin), (result.Decisions.Block, result.Decisions.WouldBlock));
    }

    [Fact]
    public async Task OutputGuardBehavior_InnerFailure_PassedOnWithoutCallingPlugins()
    {
        var calls = 0;
        var guard = TestGuard.Output("terms", (_, _) =>
        {
            calls++;
            return ValueTask.FromResult(OutputVerdict.Allow);
        });
        var behavior = new OutputGuardBehavior<GenerateCommand, CompletionResult>(Runner(output: [guard]), _metrics.Metrics);

        var result = await behavior.Handle(TestCommands.Generate(), Next.Fails().Handler, default);

        Assert.Equal(GatewayError.ProviderUnavailable, result.Failure?.Code);
        Assert.Equal(0, calls);
    }

    private static GuardrailRunner Runner(IPromptGuard[]? prompt = null, IOutputGuard[]? output = null) =>
        new(new GuardrailSet(prompt ?? [], output ?? []), Options.Create(new GuardrailOptions()), TimeProvider.System, NullLogger<GuardrailRunner>.Instance);
}
