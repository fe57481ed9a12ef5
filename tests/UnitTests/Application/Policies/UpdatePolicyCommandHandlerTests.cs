using LlmGateway.Application.Policies;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using LlmGateway.Domain.Policies;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using static LlmGateway.UnitTests.Support.PolicyCommands;

namespace LlmGateway.UnitTests.Application.Policies;

public class UpdatePolicyCommandHandlerTests
{
    private readonly Mock<IPolicyAdministration> _administration = new();

    [Fact]
    public async Task Handle_Published_NewVersionPublishedByTheCaller()
    {
        var document = Document() with { BlockedTerms = ["falcon"] };
        var published = Record(4, document, AdminId);
        _administration.Setup(a => a.PublishAsync(document, AdminId, 3, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PolicyPublishResult(published, 4));

        var result = await Handler().Handle(Update(document, expectedVersion: 3), default);

        Assert.Null(result.Failure);
        Assert.Same(published, result.Value);
    }

    [Fact]
    public async Task Handle_StaleExpectedVersion_PreconditionFailedNamingTheLiveVersion()
    {
        _administration.Setup(a => a.PublishAsync(It.IsAny<PolicyDocument>(), It.IsAny<string>(), 3, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PolicyPublishResult(null, 7));

        var result = await Handler().Handle(Update(expectedVersion: 3), default);

        Assert.Equal(GatewayError.PreconditionFailed, result.Failure?.Code);
        Assert.Contains("version 7", result.Failure!.Detail, StringComparison.Ordinal);
        Assert.Null(result.Value);
    }

    private UpdatePolicyCommandHandler Handler() => new(_administration.Object, NullLogger<UpdatePolicyCommandHandler>.Instance);
}
