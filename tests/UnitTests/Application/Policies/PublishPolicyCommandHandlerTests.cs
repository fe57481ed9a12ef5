using LlmGateway.Application.Guardrails;
using LlmGateway.Application.Policies;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using LlmGateway.Domain.Policies;
using LlmGateway.UnitTests.Support;
using Microsoft.Extensions.Logging;
using Moq;
using static LlmGateway.UnitTests.Support.PolicyCommands;

namespace LlmGateway.UnitTests.Application.Policies;

public class PublishPolicyCommandHandlerTests
{
    private readonly Mock<IPolicyAdministration> _administration = new();
    private readonly ListLogger<PublishPolicyCommandHandler> _logger = new();

    public PublishPolicyCommandHandlerTests()
    {
        Live(3);
    }

    [Fact]
    public async Task Update_MatchingIfMatch_PublishedByTheCallerOverTheLiveVersion()
    {
        var document = Document() with { BlockedTerms = ["falcon"] };
        var published = Record(4, document, AdminId);
        _administration.Setup(a => a.PublishAsync(It.Is<PolicyDocument>(d => d.BlockedTerms.SequenceEqual(document.BlockedTerms)), AdminId, 3, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PolicyPublishResult(published, 4));

        var result = await Handler().Handle(Update(document, PolicyPrecondition.Version(3)), default);

        Assert.Null(result.Failure);
        Assert.Same(published, result.Value);
    }

    [Fact]
    public async Task Update_IfMatchNamesAnotherVersion_PreconditionFailedNamingTheLiveVersion_NothingPublished()
    {
        var result = await Handler().Handle(Update(ifMatch: new PolicyPrecondition([1, 2])), default);

        Assert.Equal(GatewayError.PreconditionFailed, result.Failure?.Code);
        Assert.Contains("version 3", result.Failure!.Detail, StringComparison.Ordinal);
        VerifyNothingPublished();
    }

    [Fact]
    public async Task Update_IfMatchWithOnlyWeakOrForeignTags_PreconditionFailed()
    {
        var result = await Handler().Handle(Update(ifMatch: new PolicyPrecondition([])), default);

        Assert.Equal(GatewayError.PreconditionFailed, result.Failure?.Code);
        VerifyNothingPublished();
    }

    [Fact]
    public async Task Update_LosesARaceWithIfMatch_PreconditionFailed()
    {
        _administration.Setup(a => a.PublishAsync(It.IsAny<PolicyDocument>(), AdminId, 3, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PolicyPublishResult(null, 7));

        var result = await Handler().Handle(Update(ifMatch: PolicyPrecondition.Version(3)), default);

        Assert.Equal(GatewayError.PreconditionFailed, result.Failure?.Code);
        Assert.Contains("version 7", result.Failure!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_LosesARaceWithoutIfMatch_AppliedAgainToTheNewLiveVersion()
    {
        _administration.Setup(a => a.PublishAsync(It.IsAny<PolicyDocument>(), AdminId, 3, It.IsAny<CancellationToken>()))
            .Callback(() => Live(4))
            .ReturnsAsync(new PolicyPublishResult(null, 4));
        _administration.Setup(a => a.PublishAsync(It.IsAny<PolicyDocument>(), AdminId, 4, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PolicyPublishResult(Record(5), 5));

        var result = await Handler().Handle(Update(), default);

        Assert.Equal(5, result.Value?.Version);
    }

    [Fact]
    public async Task Update_UnknownAndMisplacedFieldsAndBadValues_AllReportedByPath_NothingPublished()
    {
        var json = """{"mode": "enforce", "rules": [], "prompt_inspection": {"block_threshold": 0, "enabeld": true}, "blocked_terms": [""]}""";

        var result = await Handler().Handle(Update(json, PolicyEdit.Replace), default);

        Assert.Equal(GatewayError.ValidationFailed, result.Failure?.Code);
        Assert.Equal(
            ["blocked_terms[0]", "prompt_inspection.block_threshold", "prompt_inspection.enabeld", "rules"],
            result.Failure!.Errors!.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("prompt_inspection", result.Failure.Errors["rules"][0], StringComparison.Ordinal);
        VerifyNothingPublished();
    }

    [Fact]
    public async Task Update_TheEnvelopeGetAnswers_RefusedSayingSo()
    {
        var json = """{"version": 3, "updated_at": "2026-01-01T00:00:00Z", "updated_by": "root", "policy": {"mode": "enforce"}}""";

        var result = await Handler().Handle(Update(json, PolicyEdit.Replace), default);

        Assert.Equal(GatewayError.ValidationFailed, result.Failure?.Code);
        Assert.Equal(PolicyDocumentJson.EnvelopeMessage, Assert.Single(result.Failure!.Errors!["policy"]));
        VerifyNothingPublished();
    }

    [Fact]
    public async Task Update_MergePatch_AppliedToTheLiveDocument()
    {
        var live = Document() with { BlockedTerms = ["kept"] };
        Live(3, live);
        PolicyDocument? published = null;
        _administration.Setup(a => a.PublishAsync(It.IsAny<PolicyDocument>(), AdminId, 3, It.IsAny<CancellationToken>()))
            .Callback((PolicyDocument d, string _, long? _, CancellationToken _) => published = d)
            .ReturnsAsync(new PolicyPublishResult(Record(4), 4));

        var result = await Handler().Handle(Update("""{"models": {"allowed": ["gpt-4o"]}, "cache": {"scope": "user"}}""", PolicyEdit.MergePatch), default);

        Assert.Null(result.Failure);
        Assert.Equal(["gpt-4o"], published!.Models.Allowed);
        Assert.Equal(CacheScope.User, published.Cache.Scope);
        Assert.Equal(["kept"], published.BlockedTerms);
        Assert.Equal(live.PromptInspection.Rules, published.PromptInspection.Rules);
        Assert.Equal(live.PromptInspection.Model, published.PromptInspection.Model);
    }

    [Theory]
    [InlineData("""{"mode": "monitor"}""", "mode")]
    [InlineData("""{"prompt_inspection": {"enabled": false}}""", "prompt_inspection.enabled")]
    [InlineData("""{"prompt_inspection": {"rules": []}}""", "prompt_inspection.rules")]
    [InlineData("""{"redaction": {"detectors": []}}""", "redaction.detectors")]
    [InlineData("""{"blocked_terms": null}""", "blocked_terms")]
    public async Task Update_SwitchesProtectionOffUnconfirmed_RefusedNamingTheField(string patch, string field)
    {
        Live(3, Document() with { BlockedTerms = ["falcon"] });

        var result = await Handler().Handle(Update(patch, PolicyEdit.MergePatch), default);

        Assert.Equal(GatewayError.ValidationFailed, result.Failure?.Code);
        Assert.Equal([field], result.Failure!.Errors!.Keys);
        Assert.Contains("confirm=protection_off", result.Failure.Detail, StringComparison.Ordinal);
        VerifyNothingPublished();
    }

    [Fact]
    public async Task Update_SwitchesAGuardrailPluginOffUnconfirmed_RefusedNamingItsField()
    {
        Live(3);
        var handler = new PublishPolicyCommandHandler(_administration.Object, new PolicyDocumentValidator(new GuardrailSet([new TestGuard("terms")], [])), _logger);

        var result = await handler.Handle(Update("""{"plugins": {"terms": {"enabled": false}}}""", PolicyEdit.MergePatch), default);

        Assert.Equal(GatewayError.ValidationFailed, result.Failure?.Code);
        Assert.Equal(["plugins.terms.enabled"], result.Failure!.Errors!.Keys);
        Assert.Contains("confirm=protection_off", result.Failure.Detail, StringComparison.Ordinal);
        VerifyNothingPublished();
    }

    [Fact]
    public async Task Update_SwitchesProtectionOffConfirmed_PublishedAndLoggedAsAWarningNamingAdminAndField()
    {
        _administration.Setup(a => a.PublishAsync(It.IsAny<PolicyDocument>(), AdminId, 3, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PolicyPublishResult(Record(4), 4));

        var result = await Handler().Handle(Update("""{"mode": "monitor"}""", PolicyEdit.MergePatch, confirm: true), default);

        Assert.Null(result.Failure);
        var warning = Assert.Single(_logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains(AdminId, warning.Message, StringComparison.Ordinal);
        Assert.Contains("mode", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_KnownVersion_PublishesItsDocumentAsANewVersion()
    {
        var old = Document() with { BlockedTerms = ["from-v2"] };
        var published = Record(4, old, AdminId);
        _administration.Setup(a => a.GetVersionAsync(2, It.IsAny<CancellationToken>())).ReturnsAsync(Record(2, old));
        _administration.Setup(a => a.PublishAsync(old, AdminId, 3, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PolicyPublishResult(published, 4));

        var result = await Handler().Handle(Rollback(2), default);

        Assert.Null(result.Failure);
        Assert.Same(published, result.Value);
    }

    [Fact]
    public async Task Rollback_ToADocumentWithProtectionOffUnconfirmed_Refused()
    {
        _administration.Setup(a => a.GetVersionAsync(2, It.IsAny<CancellationToken>()))
            .ReturnsAsync(Record(2, Document() with { Mode = PolicyMode.Monitor }));

        var result = await Handler().Handle(Rollback(2), default);

        Assert.Equal(["mode"], result.Failure?.Errors?.Keys);
        VerifyNothingPublished();
    }

    [Fact]
    public async Task Rollback_UnknownVersion_NotFoundWithoutPublishing()
    {
        _administration.Setup(a => a.GetVersionAsync(42, It.IsAny<CancellationToken>())).ReturnsAsync((PolicyVersionRecord?)null);

        var result = await Handler().Handle(Rollback(42), default);

        Assert.Equal(GatewayError.NotFound, result.Failure?.Code);
        Assert.Contains("42", result.Failure!.Detail, StringComparison.Ordinal);
        VerifyNothingPublished();
    }

    [Fact]
    public async Task Rollback_StaleIfMatch_PreconditionFailedNamingTheLiveVersion()
    {
        _administration.Setup(a => a.GetVersionAsync(1, It.IsAny<CancellationToken>())).ReturnsAsync(Record(1));

        var result = await Handler().Handle(Rollback(1, PolicyPrecondition.Version(2)), default);

        Assert.Equal(GatewayError.PreconditionFailed, result.Failure?.Code);
        Assert.Contains("version 3", result.Failure!.Detail, StringComparison.Ordinal);
        VerifyNothingPublished();
    }

    private void Live(long version, PolicyDocument? document = null) =>
        _administration.Setup(a => a.GetCurrentAsync(It.IsAny<CancellationToken>())).ReturnsAsync(Record(version, document));

    private void VerifyNothingPublished() =>
        _administration.Verify(
            a => a.PublishAsync(It.IsAny<PolicyDocument>(), It.IsAny<string>(), It.IsAny<long?>(), It.IsAny<CancellationToken>()),
            Times.Never);

    private PublishPolicyCommandHandler Handler() => new(_administration.Object, new PolicyDocumentValidator(GuardrailSet.Empty), _logger);
}
