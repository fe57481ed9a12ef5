using LlmGateway.Application.Behaviors;
using LlmGateway.Application.Chat;
using LlmGateway.Application.Common;
using LlmGateway.Application.Generate;
using LlmGateway.Application.Ports;
using LlmGateway.Application.Teams;
using LlmGateway.Application.Users;
using LlmGateway.Domain;
using LlmGateway.UnitTests.Support;

namespace LlmGateway.UnitTests.Application.Behaviors;

public class AuthorizationBehaviorTests
{
    [Fact]
    public async Task Handle_UserCallsTeamAdminCommand_ForbiddenWithoutCallingNext()
    {
        var behavior = new AuthorizationBehavior<CreateUserCommand, Result<CreatedUser>>();
        var next = new NextStub<CreateUserCommand, Result<CreatedUser>>(Result<CreatedUser>.Success(new CreatedUser("bob", "user", default)));

        var result = await behavior.Handle(TestCommands.CreateUser(callerRole: Role.User), next.Handler, default);

        Assert.Equal(GatewayError.Forbidden, result.Failure?.Code);
        Assert.Contains("'team_admin'", result.Failure!.Detail, StringComparison.Ordinal);
        Assert.Equal(0, next.Calls);
    }

    [Fact]
    public async Task Handle_TeamAdminCallsAdminOnlyCommand_ForbiddenWithoutCallingNext()
    {
        var behavior = new AuthorizationBehavior<CreateTeamCommand, Result<Team>>();
        var next = new NextStub<CreateTeamCommand, Result<Team>>(Result<Team>.Success(new Team("red", "Red", default, "root")));
        var command = new CreateTeamCommand(new Caller("ralph", Role.TeamAdmin) { TeamId = "red" }, new RequestContext("req-1"), "green", "Green");

        var result = await behavior.Handle(command, next.Handler, default);

        Assert.Equal(GatewayError.Forbidden, result.Failure?.Code);
        Assert.Contains("'admin'", result.Failure!.Detail, StringComparison.Ordinal);
        Assert.Equal(0, next.Calls);
    }

    [Fact]
    public async Task Handle_AdminCallsAdminCommand_PassesThrough()
    {
        var behavior = new AuthorizationBehavior<CreateUserCommand, Result<CreatedUser>>();
        var created = Result<CreatedUser>.Success(new CreatedUser("bob", "user", default));
        var next = new NextStub<CreateUserCommand, Result<CreatedUser>>(created);

        var result = await behavior.Handle(TestCommands.CreateUser(callerRole: Role.Admin), next.Handler, default);

        Assert.Same(created, result);
        Assert.Equal(1, next.Calls);
    }

    [Theory]
    [InlineData(Role.User)]
    [InlineData(Role.Admin)]
    public async Task Handle_AnyRoleCallsUserCommand_PassesThrough(Role role)
    {
        var behavior = new AuthorizationBehavior<GenerateCommand, CompletionResult>();
        var next = Next.Answers();

        var result = await behavior.Handle(TestCommands.Generate(role: role), next.Handler, default);

        Assert.Null(result.Failure);
        Assert.Equal(1, next.Calls);
    }

    [Theory]
    [InlineData("gpt-4o-mini", true)]
    [InlineData("gpt-4o", false)]
    public async Task Handle_KeyRestrictedToModels_OtherModelForbiddenNamingModel(string model, bool allowed)
    {
        var behavior = new AuthorizationBehavior<GenerateCommand, CompletionResult>();
        var next = Next.Answers();
        var command = TestCommands.Generate();
        command = command with
        {
            Caller = command.Caller with { Models = ["gpt-4o-mini"] },
            Chat = command.Chat with { Model = model },
        };

        var result = await behavior.Handle(command, next.Handler, default);

        Assert.Equal(allowed, result.Failure is null);
        Assert.Equal(allowed ? 1 : 0, next.Calls);
        if (!allowed)
        {
            Assert.Equal(GatewayError.Forbidden, result.Failure!.Code);
            Assert.Equal(["model"], result.Failure.Errors!.Keys);
        }
    }
}
