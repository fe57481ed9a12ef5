using LlmGateway.Application;
using LlmGateway.Application.Chat;
using LlmGateway.Domain;
using LlmGateway.Domain.Chat;
using LlmGateway.UnitTests.Support;
using Microsoft.Extensions.Options;

namespace LlmGateway.UnitTests.Application.Chat;

public class ChatCompletionCommandValidatorTests
{
    private const int MaxPromptChars = 50;

    private static readonly ChatMessage User = new(ChatRole.User, "Hello");

    // The default policy: users may ask for up to 1024 tokens, admins up to 4096.
    private readonly ChatCompletionCommandValidator _validator =
        new(Options.Create(new GatewayOptions { MaxPromptChars = MaxPromptChars }));

    [Fact]
    public void Validate_EveryParameterWithinLimits_Valid()
    {
        var chat = new ChatRequest(
            [new ChatMessage(ChatRole.System, "Be brief."), User, new ChatMessage(ChatRole.Assistant, "Hi."), User],
            "gpt-4o",
            MaxTokens: 1024,
            Temperature: 2,
            TopP: 0,
            Stop: ["\n", "END", "a", new string('s', 200)],
            EndUser: "customer-1");

        var result = _validator.Validate(TestCommands.ChatCompletion(chat, stream: true));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Fact]
    public void Validate_NoMessages_ErrorOnMessages()
    {
        var result = _validator.Validate(TestCommands.ChatCompletion());

        Assert.False(result.IsValid);
        Assert.All(result.Errors, e => Assert.Equal("messages", e.PropertyName));
        Assert.Contains(result.Errors, e => e.ErrorMessage == "messages must contain at least one message.");
    }

    [Theory]
    [InlineData(ChatCompletionCommandValidator.MaxMessages, true)]
    [InlineData(ChatCompletionCommandValidator.MaxMessages + 1, false)]
    public void Validate_MessageCount_AtMost256(int count, bool valid)
    {
        var messages = Enumerable.Repeat(new ChatMessage(ChatRole.User, "a"), count).ToArray();
        var validator = new ChatCompletionCommandValidator(Options.Create(new GatewayOptions()));

        var result = validator.Validate(TestCommands.ChatCompletion(messages));

        Assert.Equal(valid, result.IsValid);
        Assert.All(result.Errors, e => Assert.Equal("messages must contain at most 256 messages.", e.ErrorMessage));
    }

    [Fact]
    public void Validate_ToolDefinitionsBeside256Messages_DefinitionsAreNotCountedAsAMessage()
    {
        ChatMessage[] messages = [new ChatMessage(ChatRole.System, "lookup\nLooks an order up.") { IsDefinitions = true }, .. Enumerable.Repeat(new ChatMessage(ChatRole.User, "a"), ChatCompletionCommandValidator.MaxMessages)];
        var validator = new ChatCompletionCommandValidator(Options.Create(new GatewayOptions()));

        Assert.True(validator.Validate(TestCommands.ChatCompletion(messages)).IsValid);
    }

    [Fact]
    public void Validate_OnlyToolDefinitions_NoMessagesIsStillAnError()
    {
        var result = _validator.Validate(TestCommands.ChatCompletion(new ChatMessage(ChatRole.System, "lookup") { IsDefinitions = true }));

        Assert.Contains(result.Errors, e => e.ErrorMessage == "messages must contain at least one message.");
    }

    [Fact]
    public void Validate_UserTextOnlyBesideTheMessages_NoUserMessageIsStillAnError()
    {
        var result = _validator.Validate(TestCommands.ChatCompletion(
            new ChatMessage(ChatRole.System, "lookup") { IsDefinitions = true },
            new ChatMessage(ChatRole.User, "Refunds within 30 days.") { IsDefinitions = true },
            new ChatMessage(ChatRole.System, "Be brief.")));

        var error = Assert.Single(result.Errors);
        Assert.Equal("messages must contain at least one message with role 'user'.", error.ErrorMessage);
    }

    [Fact]
    public void Validate_LongToolDefinitions_CountTowardsMaxPromptChars()
    {
        var result = _validator.Validate(TestCommands.ChatCompletion(
            new ChatMessage(ChatRole.System, new string('d', MaxPromptChars)) { IsDefinitions = true },
            new ChatMessage(ChatRole.User, "Hi")));

        var error = Assert.Single(result.Errors);
        Assert.Equal($"The messages, tool definitions and other text fields together must be at most {MaxPromptChars} characters.", error.ErrorMessage);
    }

    [Fact]
    public void Validate_NoUserMessage_ErrorOnMessages()
    {
        var result = _validator.Validate(TestCommands.ChatCompletion(new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.Assistant, "Hi.")));

        var error = Assert.Single(result.Errors);
        Assert.Equal("messages", error.PropertyName);
        Assert.Equal("messages must contain at least one message with role 'user'.", error.ErrorMessage);
    }

    [Theory]
    [InlineData(25, 25, true)]
    [InlineData(25, 26, false)]
    [InlineData(0, MaxPromptChars + 1, false)]
    public void Validate_TotalCharacters_AllMessagesTogetherAtMostMaxPromptChars(int systemChars, int userChars, bool valid)
    {
        var result = _validator.Validate(TestCommands.ChatCompletion(
            new ChatMessage(ChatRole.System, new string('s', systemChars)),
            new ChatMessage(ChatRole.User, new string('u', userChars))));

        Assert.Equal(valid, result.IsValid);
        Assert.All(result.Errors, e => Assert.Equal($"The messages, tool definitions and other text fields together must be at most {MaxPromptChars} characters.", e.ErrorMessage));
    }

    [Theory]
    [InlineData(Role.User, 1024, true)]
    [InlineData(Role.User, 1025, false)]
    [InlineData(Role.User, 0, false)]
    [InlineData(Role.Admin, 4096, true)]
    [InlineData(Role.Admin, 4097, false)]
    public void Validate_MaxTokens_WithinTheRoleMaximumOfThePolicy(Role role, int maxTokens, bool valid)
    {
        var command = TestCommands.ChatCompletion(new ChatRequest([User], TestCommands.Model, maxTokens), role: role);

        var result = _validator.Validate(command);

        Assert.Equal(valid, result.IsValid);
        Assert.All(result.Errors, e => Assert.Equal("max_tokens", e.PropertyName));
    }

    [Fact]
    public void Validate_MaxTokensAboveRoleMaximum_MessageNamesTheMaximumAndRole()
    {
        var result = _validator.Validate(TestCommands.ChatCompletion(new ChatRequest([User], TestCommands.Model, 5000), role: Role.Admin));

        Assert.Equal("max_tokens must be between 1 and 4096 for the 'admin' role.", Assert.Single(result.Errors).ErrorMessage);
    }

    [Theory]
    [InlineData(-0.01, false)]
    [InlineData(0.0, true)]
    [InlineData(1.3, true)]
    [InlineData(2.0, true)]
    [InlineData(2.01, false)]
    public void Validate_Temperature_Between0And2(double temperature, bool valid)
    {
        var result = _validator.Validate(TestCommands.ChatCompletion(new ChatRequest([User], TestCommands.Model, null, Temperature: temperature)));

        Assert.Equal(valid, result.IsValid);
        Assert.All(result.Errors, e => Assert.Equal("temperature", e.PropertyName));
    }

    [Theory]
    [InlineData(-0.01, false)]
    [InlineData(0.0, true)]
    [InlineData(1.0, true)]
    [InlineData(1.01, false)]
    public void Validate_TopP_Between0And1(double topP, bool valid)
    {
        var result = _validator.Validate(TestCommands.ChatCompletion(new ChatRequest([User], TestCommands.Model, null, TopP: topP)));

        Assert.Equal(valid, result.IsValid);
        Assert.All(result.Errors, e => Assert.Equal("top_p", e.PropertyName));
    }

    public static TheoryData<string[], bool> StopSequences => new()
    {
        { [], true },
        { ["a", "b", "c", "d"], true },
        { ["a", "b", "c", "d", "e"], false },
        { [""], false },
        { ["END", ""], false },
        { [new string('x', 200)], true },
        { [new string('x', 201)], false },
    };

    [Theory]
    [MemberData(nameof(StopSequences))]
    public void Validate_Stop_AtMostFourNonEmptySequencesOfAtMost200Characters(string[] stop, bool valid)
    {
        var result = _validator.Validate(TestCommands.ChatCompletion(new ChatRequest([User], TestCommands.Model, null, Stop: stop)));

        Assert.Equal(valid, result.IsValid);
        Assert.All(result.Errors, e => Assert.Equal("stop", e.PropertyName));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(ChatRequestRules.MaxModelNameLength, true)]
    [InlineData(ChatRequestRules.MaxModelNameLength + 1, false)]
    public void Validate_Model_NonEmptyAndAtMost200Characters(int length, bool valid)
    {
        var result = _validator.Validate(TestCommands.ChatCompletion(new ChatRequest([User], new string('m', length), null)));

        Assert.Equal(valid, result.IsValid);
        Assert.All(result.Errors, e => Assert.Equal("model", e.PropertyName));
    }

    [Theory]
    [InlineData(256, true)]
    [InlineData(257, false)]
    public void Validate_UserField_AtMost256Characters(int length, bool valid)
    {
        var chat = new ChatRequest([User], "gpt-4o", MaxTokens: null, EndUser: new string('u', length));

        var result = _validator.Validate(TestCommands.ChatCompletion(chat));

        Assert.Equal(valid, result.IsValid);
        Assert.All(result.Errors, e => Assert.Equal("user", e.PropertyName));
    }
}
