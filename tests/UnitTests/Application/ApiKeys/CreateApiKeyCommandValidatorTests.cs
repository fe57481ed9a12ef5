using LlmGateway.Application.ApiKeys;
using LlmGateway.Application.Common;
using LlmGateway.Domain;

namespace LlmGateway.UnitTests.Application.ApiKeys;

public class CreateApiKeyCommandValidatorTests
{
    private readonly CreateApiKeyCommandValidator _validator = new(TimeProvider.System);

    [Theory]
    [InlineData("svc-billing", "billing service", null)]
    [InlineData("bob.smith@example.com", "ci", "user")]
    [InlineData("admin", "ops tooling", "admin")]
    public void Validate_WellFormed_Valid(string userId, string name, string? role)
    {
        Assert.True(_validator.Validate(Command(userId, name, role)).IsValid);
    }

    [Theory]
    [InlineData("", "user_id")]
    [InlineData("ab", "user_id")]
    [InlineData("bob smith", "user_id")]
    [InlineData("bob\n", "user_id")]
    public void Validate_BadUserId_ErrorsOnlyOnUserId(string userId, string field)
    {
        var result = _validator.Validate(Command(userId, "svc", null));

        Assert.NotEmpty(result.Errors);
        Assert.All(result.Errors, e => Assert.Equal(field, e.PropertyName));
    }

    [Theory]
    [InlineData("")]
    [InlineData("line\nbreak")]
    [InlineData("tab\tinside")]
    public void Validate_BadName_ErrorOnName(string name)
    {
        var result = _validator.Validate(Command("svc-user", name, null));

        Assert.All(result.Errors, e => Assert.Equal("name", e.PropertyName));
        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public void Validate_NameOf101Characters_ErrorOnName()
    {
        var result = _validator.Validate(Command("svc-user", new string('n', 101), null));

        Assert.Equal("name", Assert.Single(result.Errors).PropertyName);
    }

    [Theory]
    [InlineData("Admin")]
    [InlineData("superuser")]
    [InlineData("")]
    public void Validate_UnknownRole_ErrorOnRole(string role)
    {
        var result = _validator.Validate(Command("svc-user", "svc", role));

        Assert.Equal("role", Assert.Single(result.Errors).PropertyName);
    }

    [Fact]
    public void Validate_ModelsExpiryAndMetadataWithinBounds_Valid()
    {
        var command = Command("svc-user", "svc", null) with
        {
            Models = ["gpt-4o-mini", "gpt-4o"],
            ExpiresAt = DateTimeOffset.UtcNow.AddDays(30),
            Metadata = new Dictionary<string, string> { ["cost_center"] = "42", ["owner.team"] = "billing" },
        };

        Assert.True(_validator.Validate(command).IsValid);
    }

    [Fact]
    public void Validate_EmptyModelsList_ErrorOnModels()
    {
        var result = _validator.Validate(Command("svc-user", "svc", null) with { Models = [] });

        Assert.Equal("models", Assert.Single(result.Errors).PropertyName);
    }

    [Fact]
    public void Validate_ExpiryInThePast_ErrorOnExpiresAt()
    {
        var result = _validator.Validate(Command("svc-user", "svc", null) with { ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) });

        Assert.Equal("expires_at", Assert.Single(result.Errors).PropertyName);
    }

    [Theory]
    [InlineData("bad key", "v")]
    [InlineData("", "v")]
    [InlineData("ok", "line\nbreak")]
    public void Validate_BadMetadataEntry_ErrorOnMetadata(string key, string value)
    {
        var metadata = new Dictionary<string, string> { [key] = value.Replace("\\n", "\n", StringComparison.Ordinal) };

        var result = _validator.Validate(Command("svc-user", "svc", null) with { Metadata = metadata });

        Assert.Equal("metadata", Assert.Single(result.Errors).PropertyName);
    }

    [Fact]
    public void Validate_SeventeenMetadataEntries_ErrorOnMetadata()
    {
        var metadata = Enumerable.Range(0, 17).ToDictionary(i => $"k{i}", i => "v");

        var result = _validator.Validate(Command("svc-user", "svc", null) with { Metadata = metadata });

        Assert.Equal("metadata", Assert.Single(result.Errors).PropertyName);
    }

    private static CreateApiKeyCommand Command(string userId, string name, string? role) =>
        new(new Caller("admin", Role.Admin), new RequestContext("req-1"), userId, name, role);
}
