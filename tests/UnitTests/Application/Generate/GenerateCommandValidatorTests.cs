using LlmGateway.Application;
using LlmGateway.Application.Generate;
using LlmGateway.Domain;
using LlmGateway.UnitTests.Support;
using Microsoft.Extensions.Options;

namespace LlmGateway.UnitTests.Application.Generate;

public class GenerateCommandValidatorTests
{
    private const int MaxPromptChars = 50;

    // The default policy: users may ask for up to 1024 tokens, admins up to 4096.
    private readonly GenerateCommandValidator _validator =
        new(Options.Create(new GatewayOptions { MaxPromptChars = MaxPromptChars }));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\t ")]
    public void Validate_EmptyOrWhitespacePrompt_ErrorOnPrompt(string prompt)
    {
        var result = _validator.Validate(TestCommands.Generate(prompt));

        var error = Assert.Single(result.Errors);
        Assert.Equal("prompt", error.PropertyName);
    }

    [Theory]
    [InlineData(MaxPromptChars, true)]
    [InlineData(MaxPromptChars + 1, false)]
    public void Validate_PromptLength_ValidUpToTheConfiguredMaximum(int length, bool valid)
    {
        var result = _validator.Validate(TestCommands.Generate(new string('a', length)));

        Assert.Equal(valid, result.IsValid);
        Assert.All(result.Errors, e => Assert.Equal("prompt", e.PropertyName));
    }

    [Theory]
    [InlineData(Role.User, null, true)]
    [InlineData(Role.User, 1, true)]
    [InlineData(Role.User, 1024, true)]
    [InlineData(Role.User, 1025, false)]
    [InlineData(Role.User, 0, false)]
    [InlineData(Role.User, -1, false)]
    [InlineData(Role.User, int.MinValue, false)]
    [InlineData(Role.Admin, 4096, true)]
    [InlineData(Role.Admin, 4097, false)]
    [InlineData(Role.Admin, 0, false)]
    public void Validate_MaxTokens_ValidBetweenOneAndTheRoleMaximum(Role role, int? maxTokens, bool valid)
    {
        var result = _validator.Validate(TestCommands.Generate(role: role, maxTokens: maxTokens));

        Assert.Equal(valid, result.IsValid);
        Assert.All(result.Errors, e => Assert.Equal("max_tokens", e.PropertyName));
    }

    [Fact]
    public void Validate_MaxTokensAboveRoleMaximum_MessageNamesTheMaximumAndRole()
    {
        var result = _validator.Validate(TestCommands.Generate(role: Role.User, maxTokens: 2000));

        Assert.Equal("max_tokens must be between 1 and 1024 for the 'user' role.", Assert.Single(result.Errors).ErrorMessage);
    }

    [Fact]
    public void Validate_MaxTokensAbovePinnedPolicyMaximum_Fails()
    {
        var strict = TestPolicies.Compile(d => d with { Limits = d.Limits with { User = d.Limits.User! with { MaxTokens = 100 } } });

        Assert.True(_validator.Validate(TestCommands.Generate(maxTokens: 100, policy: strict)).IsValid);
        Assert.False(_validator.Validate(TestCommands.Generate(maxTokens: 101, policy: strict)).IsValid);
    }

    [Fact]
    public void Validate_EmptyModel_ErrorOnModel()
    {
        var result = _validator.Validate(TestCommands.Generate(model: ""));

        Assert.Equal("model", Assert.Single(result.Errors).PropertyName);
    }

    [Fact]
    public void Validate_ModelLongerThan200Characters_ErrorOnModel()
    {
        var result = _validator.Validate(TestCommands.Generate(model: new string('m', 201)));

        Assert.Equal("model must be at most 200 characters.", Assert.Single(result.Errors).ErrorMessage);
    }
}
