using LlmGateway.Application.Policies;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using static LlmGateway.UnitTests.Support.PolicyCommands;

namespace LlmGateway.UnitTests.Application.Policies;

public class GetPolicyQueryHandlerTests
{
    private readonly Mock<IPolicyAdministration> _administration = new();

    [Fact]
    public async Task Handle_StoreAnswers_TheLiveVersion()
    {
        var live = Record(3, updatedBy: "alice");
        _administration.Setup(a => a.GetCurrentAsync(It.IsAny<CancellationToken>())).ReturnsAsync(live);

        var result = await Handler().Handle(Get(), default);

        Assert.Same(live, result.Value);
    }

    [Fact]
    public async Task Handle_StoreUnavailable_StoreUnavailable()
    {
        _administration.Setup(a => a.GetCurrentAsync(It.IsAny<CancellationToken>())).ThrowsAsync(new StoreUnavailableException("down"));

        var result = await Handler().Handle(Get(), default);

        Assert.Equal(GatewayError.StoreUnavailable, result.Failure?.Code);
    }

    private GetPolicyQueryHandler Handler() => new(_administration.Object, NullLogger<GetPolicyQueryHandler>.Instance);
}
