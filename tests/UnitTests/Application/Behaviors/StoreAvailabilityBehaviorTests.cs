using LlmGateway.Application.Behaviors;
using LlmGateway.Application.Common;
using LlmGateway.Application.Policies;
using LlmGateway.Application.Ports;
using LlmGateway.Application.Users;
using LlmGateway.Domain;
using LlmGateway.UnitTests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmGateway.UnitTests.Application.Behaviors;

public class StoreAvailabilityBehaviorTests
{
    [Fact]
    public async Task Handle_PolicyStoreUnreachable_StoreUnavailableValueNamingTheStoreNotTheCause()
    {
        var behavior = new StoreAvailabilityBehavior<UpdatePolicyCommand, Result<PolicyVersionRecord>>(
            NullLogger<StoreAvailabilityBehavior<UpdatePolicyCommand, Result<PolicyVersionRecord>>>.Instance);

        var result = await behavior.Handle(PolicyCommands.Update(), (_, _) => throw new StoreUnavailableException("redis down at 10.0.0.7"), default);

        Assert.Equal(GatewayError.StoreUnavailable, result.Failure?.Code);
        Assert.Contains("policy store", result.Failure!.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("redis", result.Failure.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Handle_AccountStoreUnreachableMidCall_StoreUnavailableValue()
    {
        var behavior = new StoreAvailabilityBehavior<CreateUserCommand, Result<CreatedUser>>(
            NullLogger<StoreAvailabilityBehavior<CreateUserCommand, Result<CreatedUser>>>.Instance);

        var result = await behavior.Handle(
            TestCommands.CreateUser(callerRole: Role.Admin),
            async (_, _) =>
            {
                await Task.Yield();
                throw new StoreUnavailableException("timeout");
            },
            default);

        Assert.Equal(GatewayError.StoreUnavailable, result.Failure?.Code);
        Assert.Contains("account store", result.Failure!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handle_OtherException_IsNotTurnedIntoAStoreFailure()
    {
        var behavior = new StoreAvailabilityBehavior<CreateUserCommand, Result<CreatedUser>>(
            NullLogger<StoreAvailabilityBehavior<CreateUserCommand, Result<CreatedUser>>>.Instance);

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await behavior.Handle(TestCommands.CreateUser(callerRole: Role.Admin), (_, _) => throw new InvalidOperationException("bug"), default));
    }

    [Fact]
    public async Task Handle_StoreAnswers_TheHandlersResultUnchanged()
    {
        var behavior = new StoreAvailabilityBehavior<CreateUserCommand, Result<CreatedUser>>(
            NullLogger<StoreAvailabilityBehavior<CreateUserCommand, Result<CreatedUser>>>.Instance);
        var created = Result<CreatedUser>.Success(new CreatedUser("bob", "user", default));
        var next = new NextStub<CreateUserCommand, Result<CreatedUser>>(created);

        var result = await behavior.Handle(TestCommands.CreateUser(callerRole: Role.Admin), next.Handler, default);

        Assert.Same(created, result);
    }
}
