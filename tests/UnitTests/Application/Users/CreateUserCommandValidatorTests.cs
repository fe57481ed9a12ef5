using LlmGateway.Application.Users;
using LlmGateway.UnitTests.Support;

namespace LlmGateway.UnitTests.Application.Users;

public class CreateUserCommandValidatorTests
{
    private readonly CreateUserCommandValidator _validator = new();

    [Theory]
    [InlineData("bob", "user")]
    [InlineData("bob.smith@example.com", "admin")]
    [InlineData("a_b-c", "user")]
    public void Validate_WellFormed_Valid(string userId, string role)
    {
        Assert.True(_validator.Validate(TestCommands.CreateUser(userId: userId, role: role)).IsValid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ab")]
    [InlineData("bob smith")]
    [InlineData("bob/../admin")]
    [InlineData("bob\n")] // "$" would accept a trailing newline: a look-alike account and a forged log line
    public void Validate_BadUserId_ErrorsOnlyOnUserId(string userId)
    {
        var result = _validator.Validate(TestCommands.CreateUser(userId: userId));

        Assert.NotEmpty(result.Errors);
        Assert.All(result.Errors, e => Assert.Equal("user_id", e.PropertyName));
    }

    [Fact]
    public void Validate_UserIdOf65Characters_ErrorOnUserId()
    {
        var result = _validator.Validate(TestCommands.CreateUser(userId: new string('u', 65)));

        Assert.Equal("user_id", Assert.Single(result.Errors).PropertyName);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(CreateUserCommandValidator.MinimumPasswordLength - 1, false)]
    [InlineData(CreateUserCommandValidator.MinimumPasswordLength, true)]
    [InlineData(1024, true)]
    [InlineData(1025, false)]
    public void Validate_PasswordLength_ValidFrom12To1024(int length, bool valid)
    {
        var result = _validator.Validate(TestCommands.CreateUser(password: new string('p', length)));

        Assert.Equal(valid, result.IsValid);
        Assert.All(result.Errors, e => Assert.Equal("password", e.PropertyName));
    }

    [Theory]
    [InlineData("Admin")]
    [InlineData(" admin")]
    [InlineData("root")]
    [InlineData("")]
    public void Validate_UnknownRole_ErrorOnRole(string role)
    {
        var result = _validator.Validate(TestCommands.CreateUser(role: role));

        Assert.Equal("role", Assert.Single(result.Errors).PropertyName);
    }
}
