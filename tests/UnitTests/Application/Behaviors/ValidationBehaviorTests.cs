using LlmGateway.Application;
using LlmGateway.Application.Behaviors;
using LlmGateway.Application.Chat;
using LlmGateway.Application.Common;
using LlmGateway.Application.Generate;
using LlmGateway.Application.Users;
using LlmGateway.Domain;
using LlmGateway.UnitTests.Support;
using Microsoft.Extensions.Options;

namespace LlmGateway.UnitTests.Application.Behaviors;

public class ValidationBehaviorTests
{
    private readonly ValidationBehavior<GenerateCommand, CompletionResult> _generate =
        new(new GenerateCommandValidator(Options.Create(new GatewayOptions())));

    private readonly ValidationBehavior<CreateUserCommand, Result<CreatedUser>> _createUser = new(new CreateUserCommandValidator());

    [Fact]
    public async Task Handle_InvalidGenerateCommand_ValidationFailedWithFieldErrorsWithoutCallingNext()
    {
        var next = Next.Answers();

        var result = await _generate.Handle(TestCommands.Generate(prompt: " ", maxTokens: 0), next.Handler, default);

        Assert.Equal(GatewayError.ValidationFailed, result.Failure?.Code);
        Assert.Equal(["max_tokens", "prompt"], result.Failure!.Errors!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0, next.Calls);
    }

    [Fact]
    public async Task Handle_ValidGenerateCommand_PassesThrough()
    {
        var next = Next.Answers();

        var result = await _generate.Handle(TestCommands.Generate(maxTokens: 100), next.Handler, default);

        Assert.Null(result.Failure);
        Assert.Equal(1, next.Calls);
    }

    [Fact]
    public async Task Handle_CreateUserWithSeveralProblemsInOneField_GroupsMessagesUnderThatField()
    {
        var next = new NextStub<CreateUserCommand, Result<CreatedUser>>(Result<CreatedUser>.Success(new CreatedUser("x", "user", default)));

        // Too short and with a forbidden character: two messages for user_id.
        var result = await _createUser.Handle(TestCommands.CreateUser(userId: "a!", role: "root"), next.Handler, default);

        Assert.Equal(GatewayError.ValidationFailed, result.Failure?.Code);
        Assert.Equal(2, result.Failure!.Errors!["user_id"].Length);
        Assert.Single(result.Failure.Errors["role"]);
        Assert.Equal(0, next.Calls);
    }

    [Fact]
    public async Task Handle_ValidCreateUser_PassesThrough()
    {
        var next = new NextStub<CreateUserCommand, Result<CreatedUser>>(Result<CreatedUser>.Success(new CreatedUser("bob", "user", default)));

        var result = await _createUser.Handle(TestCommands.CreateUser(), next.Handler, default);

        Assert.Null(result.Failure);
        Assert.Equal(1, next.Calls);
    }
}
