using LlmGateway.Application.Policies;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using LlmGateway.Domain.Policies;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using static LlmGateway.UnitTests.Support.PolicyCommands;

namespace LlmGateway.UnitTests.Application.Policies;

public class PublishPolicyCommandHandlerTests
{
    private readonly Mock<IPolicyAdministration> _administration = new();

    [Fact]
    public async Task Update_Published_NewVersionPublishedByTheCaller()
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
    public async Task Update_StaleExpectedVersion_PreconditionFailedNamingTheLiveVersion()
    {
        _administration.Setup(a => a.PublishAsync(It.IsAny<PolicyDocument>(), It.IsAny<string>(), 3, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PolicyPublishResult(null, 7));

        var result = await Handler().Handle(Update(expectedVersion: 3), default);

        Assert.Equal(GatewayError.PreconditionFailed, result.Failure?.Code);
        Assert.Contains("version 7", result.Failure!.Detail, StringComparison.Ordinal);
        Assert.Null(result.Value);
    }

    [Fact]
    public async Task Rollback_KnownVersion_PublishesItsDocumentAsANewVersion()
    {
        var old = Document() with { BlockedTerms = ["from-v2"] };
        var published = Record(6, old, AdminId);
        _administration.Setup(a => a.GetVersionAsync(2, It.IsAny<CancellationToken>())).ReturnsAsync(Record(2, old));
        _administration.Setup(a => a.PublishAsync(old, AdminId, null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PolicyPublishResult(published, 6));

        var result = await Handler().Handle(Rollback(2), default);

        Assert.Null(result.Failure);
        Assert.Same(published, result.Value);
    }

    [Fact]
    public async Task Rollback_UnknownVersion_NotFoundWithoutPublishing()
    {
        _administration.Setup(a => a.GetVersionAsync(42, It.IsAny<CancellationToken>())).ReturnsAsync((PolicyVersionRecord?)null);

        var result = await Handler().Handle(Rollback(42), default);

        Assert.Equal(GatewayError.NotFound, result.Failure?.Code);
        Assert.Contains("42", result.Failure!.Detail, StringComparison.Ordinal);
        _administration.Verify(
            a => a.PublishAsync(It.IsAny<PolicyDocument>(), It.IsAny<string>(), It.IsAny<long?>(), It.IsAny<CancellationToken>()),
            Times.Never);
    }

    [Fact]
    public async Task Rollback_StaleExpectedVersion_PreconditionFailedNamingTheLiveVersion()
    {
        _administration.Setup(a => a.GetVersionAsync(1, It.IsAny<CancellationToken>())).ReturnsAsync(Record(1));
        _administration.Setup(a => a.PublishAsync(It.IsAny<PolicyDocument>(), AdminId, 4, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PolicyPublishResult(null, 5));

        var result = await Handler().Handle(Rollback(1, expectedVersion: 4), default);

        Assert.Equal(GatewayError.PreconditionFailed, result.Failure?.Code);
        Assert.Contains("version 5", result.Failure!.Detail, StringComparison.Ordinal);
    }

    private PublishPolicyCommandHandler Handler() => new(_administration.Object, NullLogger<PublishPolicyCommandHandler>.Instance);
}
