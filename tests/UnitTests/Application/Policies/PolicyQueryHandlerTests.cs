using LlmGateway.Application.Policies;
using LlmGateway.Application.Ports;
using Moq;
using static LlmGateway.UnitTests.Support.PolicyCommands;

namespace LlmGateway.UnitTests.Application.Policies;

public class PolicyQueryHandlerTests
{
    private readonly Mock<IPolicyAdministration> _administration = new();

    [Fact]
    public async Task Get_StoreAnswers_TheLiveVersion()
    {
        var live = Record(3, updatedBy: "alice");
        _administration.Setup(a => a.GetCurrentAsync(It.IsAny<CancellationToken>())).ReturnsAsync(live);

        var result = await Handler().Handle(Get(), default);

        Assert.Same(live, result.Value);
    }

    [Fact]
    public async Task History_StoreAnswers_TheVersionsAsTheStoreOrdersThem()
    {
        PolicyVersionRecord[] versions = [Record(3), Record(2), Record(1)];
        _administration.Setup(a => a.GetHistoryAsync(3, It.IsAny<CancellationToken>())).ReturnsAsync(versions);

        var result = await Handler().Handle(History(limit: 3), default);

        Assert.Equal(versions, result.Value?.Versions);
    }

    private PolicyQueryHandler Handler() => new(_administration.Object);
}
