using LlmGateway.Application.Policies;
using LlmGateway.Application.Ports;
using Moq;
using static LlmGateway.UnitTests.Support.PolicyCommands;

namespace LlmGateway.UnitTests.Application.Policies;

public class GetPolicyHistoryQueryHandlerTests
{
    private readonly Mock<IPolicyAdministration> _administration = new();

    [Fact]
    public async Task Handle_StoreAnswers_TheVersionsAsTheStoreOrdersThem()
    {
        PolicyVersionRecord[] versions = [Record(3), Record(2), Record(1)];
        _administration.Setup(a => a.GetHistoryAsync(3, It.IsAny<CancellationToken>())).ReturnsAsync(versions);

        var result = await Handler().Handle(History(limit: 3), default);

        Assert.Equal(versions, result.Value?.Versions);
    }

    private GetPolicyHistoryQueryHandler Handler() => new(_administration.Object);
}
