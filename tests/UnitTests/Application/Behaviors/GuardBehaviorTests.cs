using LlmGateway.Application.Behaviors;
using LlmGateway.Application.Common;
using LlmGateway.Application.Generate;
using LlmGateway.Application.Guardrails;
using LlmGateway.Domain;
using LlmGateway.Domain.Filtering;
using LlmGateway.UnitTests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LlmGateway.UnitTests.Application.Behaviors;

public class GuardBehaviorTests
{
    [Fact]
    public async Task PromptGuardBehavior_NoPlugins_PassesStraightThroughSynchronously()
    {
        var next = Next.Answers();
        var behavior = new PromptGuardBehavior<GenerateCommand, CompletionResult>(Runner(), TestPolicies.Store());

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
        var behavior = new PromptGuardBehavior<GenerateCommand, CompletionResult>(Runner(prompt: [guard]), TestPolicies.Store());

        var result = await behavior.Handle(TestCommands.Generate(), next.Handler, default);

        Assert.Equal(GatewayError.PromptBlocked, result.Failure?.Code);
        Assert.Equal(0, next.Calls);
    }

    [Fact]
    public async Task PromptGuardBehavior_PluginAllows_CallsNext()
    {
        var next = Next.Answers();
        var behavior = new PromptGuardBehavior<GenerateCommand, CompletionResult>(Runner(prompt: [TestGuard.Allowing("ok", [])]), TestPolicies.Store());

        var result = await behavior.Handle(TestCommands.Generate(), next.Handler, default);

        Assert.Null(result.Failure);
        Assert.Equal(1, next.Calls);
    }

    [Fact]
    public async Task OutputGuardBehavior_NoPlugins_ReturnsTheInnerResponseItself()
    {
        var inner = Next.Answers("text");
        var behavior = new OutputGuardBehavior<GenerateCommand, CompletionResult>(Runner(), TestPolicies.Store());

        var first = await behavior.Handle(TestCommands.Generate(), inner.Handler, default);
        var second = await behavior.Handle(TestCommands.Generate(), inner.Handler, default);

        Assert.Same(first, second);
    }

    [Fact]
    public async Task OutputGuardBehavior_PluginReplaces_AnswerReplacedAndRedactionListed()
    {
        var guard = TestGuard.Output("terms", (_, _) => ValueTask.FromResult(OutputVerdict.Replace("[REDACTED:confidential_term] ships", [new Redaction("confidential_term", 1)])));
        var behavior = new OutputGuardBehavior<GenerateCommand, CompletionResult>(Runner(output: [guard]), TestPolicies.Store());

        var result = await behavior.Handle(TestCommands.Generate(), Next.Answers("Falcon ships").Handler, default);

        Assert.Equal("[REDACTED:confidential_term] ships", result.Completion?.Text);
        Assert.Equal([new Redaction("confidential_term", 1)], result.Completion!.Redactions);
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
        var behavior = new OutputGuardBehavior<GenerateCommand, CompletionResult>(Runner(output: [guard]), TestPolicies.Store());

        var result = await behavior.Handle(TestCommands.Generate(), Next.Fails().Handler, default);

        Assert.Equal(GatewayError.ProviderUnavailable, result.Failure?.Code);
        Assert.Equal(0, calls);
    }

    private static GuardrailRunner Runner(IPromptGuard[]? prompt = null, IOutputGuard[]? output = null) =>
        new(new GuardrailSet(prompt ?? [], output ?? []), Options.Create(new GuardrailOptions()), TimeProvider.System, NullLogger<GuardrailRunner>.Instance);
}
