using LlmGateway.Application.Common;
using LlmGateway.Application.Guardrails;
using LlmGateway.Domain;
using LlmGateway.Domain.Chat;
using LlmGateway.Domain.Filtering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmGateway.Samples.ConfidentialTerms.Tests;

public class ConfidentialTermsGuardTests
{
    private static readonly Caller Alice = new("alice", Role.User);

    private readonly ConfidentialTermsGuard _guard = new(["Falcon", "Blue Heron", "X-17"]);

    [Theory]
    [InlineData("What is the launch date of Falcon?")]
    [InlineData("status of project falcon please")]
    [InlineData("Compare BLUE   HERON with the old plan")]
    [InlineData("Is x-17 on track?")]
    [InlineData("(Falcon)")]
    public async Task InspectAsync_PromptNamingATerm_BlocksWithRuleWithoutQuotingIt(string prompt)
    {
        var verdict = await _guard.InspectAsync(Prompt(new ChatMessage(ChatRole.User, prompt)), default);

        Assert.True(verdict.IsBlocked);
        Assert.Equal(ConfidentialTermsGuard.RuleId, verdict.RuleId);
        Assert.DoesNotContain("falcon", verdict.Reason!, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Falconry is an old sport")]
    [InlineData("The heron is a blue bird")]
    [InlineData("X-170 is a different part")]
    [InlineData("Write a haiku about autumn")]
    public async Task InspectAsync_NoWholeTerm_Allows(string prompt)
    {
        var verdict = await _guard.InspectAsync(Prompt(new ChatMessage(ChatRole.User, prompt)), default);

        Assert.False(verdict.IsBlocked);
    }

    [Fact]
    public async Task InspectAsync_TermInSystemMessage_Blocks()
    {
        var verdict = await _guard.InspectAsync(Prompt(new ChatMessage(ChatRole.System, "You work on Falcon."), new ChatMessage(ChatRole.User, "Hi")), default);

        Assert.True(verdict.IsBlocked);
    }

    [Fact]
    public async Task InspectAsync_TermOnlyInEarlierAnswer_Allows()
    {
        var verdict = await _guard.InspectAsync(Prompt(new ChatMessage(ChatRole.Assistant, "Falcon ships soon."), new ChatMessage(ChatRole.User, "Thanks")), default);

        Assert.False(verdict.IsBlocked);
    }

    [Fact]
    public async Task InspectAsync_AnswerNamingTerms_ReplacesEachAndCountsThem()
    {
        var verdict = await _guard.InspectAsync(Output("Falcon and blue heron depend on FALCON, not on Falconry."), default);

        Assert.Equal(OutputAction.Replace, verdict.Action);
        Assert.Equal("[REDACTED:confidential_term] and [REDACTED:confidential_term] depend on [REDACTED:confidential_term], not on Falconry.", verdict.Text);
        Assert.Equal([new Redaction("confidential_term", 3)], verdict.Redactions);
    }

    [Fact]
    public async Task InspectAsync_CleanAnswer_Allows()
    {
        var verdict = await _guard.InspectAsync(Output("Nothing to see here."), default);

        Assert.Equal(OutputAction.Allow, verdict.Action);
    }

    [Fact]
    public async Task Constructor_FromConfiguration_ReadsTermsFromItsOwnSection()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConfidentialTerms:Terms:0"] = "Osprey",
            ["ConfidentialTerms:Terms:1"] = "  ",
        }).Build();

        var guard = new ConfidentialTermsGuard(configuration, NullLogger<ConfidentialTermsGuard>.Instance);
        var verdict = await guard.InspectAsync(Prompt(new ChatMessage(ChatRole.User, "osprey roadmap?")), default);

        Assert.Equal(1, guard.TermCount);
        Assert.True(verdict.IsBlocked);
    }

    [Fact]
    public void Constructor_NoTermConfigured_ThrowsNamingTheSetting()
    {
        var configuration = new ConfigurationBuilder().Build();

        var exception = Assert.Throws<InvalidOperationException>(() => new ConfidentialTermsGuard(configuration, NullLogger<ConfidentialTermsGuard>.Instance));

        Assert.Contains("ConfidentialTerms:Terms", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigurationDigest_ChangesWithTheTermsAndNeverShowsThem()
    {
        var same = new ConfidentialTermsGuard(["Falcon", "Blue Heron", "X-17"]);
        var other = new ConfidentialTermsGuard(["Falcon", "Blue Heron", "X-18"]);

        Assert.Equal(_guard.ConfigurationDigest, same.ConfigurationDigest);
        Assert.NotEqual(_guard.ConfigurationDigest, other.ConfigurationDigest);
        Assert.DoesNotContain("falcon", _guard.ConfigurationDigest, StringComparison.OrdinalIgnoreCase);
        Assert.Matches("^[0-9a-f]{64}$", _guard.ConfigurationDigest);
    }

    [Fact]
    public void Name_IsStable()
    {
        Assert.Equal("confidential-terms", ((IPromptGuard)_guard).Name);
        Assert.Equal("confidential-terms", ((IOutputGuard)_guard).Name);
    }

    private static PromptGuardRequest Prompt(params ChatMessage[] messages) =>
        new(new ChatRequest(messages, "local-echo", null), Alice, 1, "req-1");

    private static OutputGuardRequest Output(string text) => new(text, Alice, 1, "req-1");
}
