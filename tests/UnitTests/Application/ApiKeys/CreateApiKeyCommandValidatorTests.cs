using LlmGateway.Application.ApiKeys;
using LlmGateway.Application.Common;
using LlmGateway.Domain;

namespace LlmGateway.UnitTests.Application.ApiKeys;

public class CreateApiKeyCommandValidatorTests
{
    private readonly CreateApiKeyCommandValidator _validator = new();

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

    private static CreateApiKeyCommand Command(string userId, string name, string? role) =>
        new(new Caller("admin", Role.Admin), new RequestContext("req-1"), userId, name, role);
}
