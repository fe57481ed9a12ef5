using LlmGateway.Application.Login;

namespace LlmGateway.UnitTests.Application.Login;

public class LoginCommandValidatorTests
{
    private readonly LoginCommandValidator _validator = new();

    [Theory]
    [InlineData("alice", "secret", null)]
    [InlineData("alice", null, "admin")]
    [InlineData("alice", "", null)]
    public void Validate_WellFormed_Valid(string userId, string? password, string? role)
    {
        Assert.True(_validator.Validate(new LoginCommand(userId, password, role)).IsValid);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void Validate_MissingUserId_ErrorOnUserId(string? userId)
    {
        var result = _validator.Validate(new LoginCommand(userId!, "secret", null));

        Assert.Equal("user_id", Assert.Single(result.Errors).PropertyName);
    }

    [Theory]
    [InlineData(128, true)]
    [InlineData(129, false)]
    public void Validate_UserIdLength_AtMost128Characters(int length, bool valid)
    {
        var result = _validator.Validate(new LoginCommand(new string('u', length), "secret", null));

        Assert.Equal(valid, result.IsValid);
        Assert.All(result.Errors, e => Assert.Equal("user_id", e.PropertyName));
    }

    [Theory]
    [InlineData(1024, true)]
    [InlineData(1025, false)]
    public void Validate_Password_AtMost1024Characters(int length, bool valid)
    {
        var result = _validator.Validate(new LoginCommand("alice", new string('p', length), null));

        Assert.Equal(valid, result.IsValid);
        Assert.All(result.Errors, e => Assert.Equal("password", e.PropertyName));
    }
}
