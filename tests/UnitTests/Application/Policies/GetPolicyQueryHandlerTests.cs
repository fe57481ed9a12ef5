using LlmGateway.Application.Policies;
using LlmGateway.Application.Ports;
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

    private GetPolicyQueryHandler Handler() => new(_administration.Object);
}
