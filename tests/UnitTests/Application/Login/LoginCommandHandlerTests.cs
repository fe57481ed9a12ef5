using LlmGateway.Application;
using LlmGateway.Application.Login;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using LlmGateway.Infrastructure.InMemory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace LlmGateway.UnitTests.Application.Login;

public class LoginCommandHandlerTests
{
    private const string PasswordHash = "pbkdf2-sha256$1$c2FsdA==$aGFzaA==";

    private readonly Mock<ICredentialStore> _credentials = new();
    private readonly Mock<IPasswordHasher> _hasher = new();
    private readonly Mock<ITokenService> _tokens = new();

    public LoginCommandHandlerTests()
    {
        _credentials.Setup(c => c.FindAsync("alice", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new UserAccount("alice", PasswordHash, Role.Admin, DateTimeOffset.UnixEpoch, "stamp-alice"));
        _hasher.Setup(h => h.Verify("right password", PasswordHash)).Returns(true);
        _tokens.Setup(t => t.Issue(It.IsAny<string>(), It.IsAny<Role>(), It.IsAny<string?>(), It.IsAny<string?>()))
            .Returns((string userId, Role role, string? stamp, string? team) => new AccessToken($"token-for-{userId}-{role.ToName()}-{stamp}", 3600));
    }

    [Fact]
    public async Task Handle_RightPassword_TokenForTheAccountRole()
    {
        var result = await Handler().Handle(new LoginCommand("alice", "right password", null), default);

        Assert.Null(result.Failure);
        Assert.Equal("token-for-alice-admin-stamp-alice", result.Value?.Token.Token);
        Assert.Equal(Roles.Admin, result.Value!.Role);
    }

    [Fact]
    public async Task Handle_RightPasswordButRequestedRole_RoleIsTheAccountsNotTheRequested()
    {
        _credentials.Setup(c => c.FindAsync("bob", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new UserAccount("bob", PasswordHash, Role.User, DateTimeOffset.UnixEpoch, "stamp-bob"));

        var result = await Handler(insecureDevLogin: true).Handle(new LoginCommand("bob", "right password", "admin"), default);

        Assert.Equal(Roles.User, result.Value?.Role);
        _tokens.Verify(t => t.Issue("bob", Role.User, "stamp-bob", "default"), Times.Once);
    }

    [Fact]
    public async Task Handle_DisabledAccountRightPassword_UnauthorizedLikeAWrongPassword()
    {
        _credentials.Setup(c => c.FindAsync("carol", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new UserAccount("carol", PasswordHash, Role.User, DateTimeOffset.UnixEpoch, "stamp-carol", Disabled: true));

        var result = await Handler().Handle(new LoginCommand("carol", "right password", null), default);
        var wrong = await Handler().Handle(new LoginCommand("alice", "wrong password", null), default);

        Assert.Equal(GatewayError.Unauthorized, result.Failure?.Code);
        Assert.Equal(wrong.Failure!.Detail, result.Failure!.Detail);
        _hasher.Verify(h => h.Verify("right password", PasswordHash), Times.Once);
        _tokens.Verify(t => t.Issue(It.IsAny<string>(), It.IsAny<Role>(), It.IsAny<string?>(), It.IsAny<string?>()), Times.Never);
    }

    [Fact]
    public async Task Handle_WrongPassword_UnauthorizedWithoutToken()
    {
        var result = await Handler().Handle(new LoginCommand("alice", "wrong password", null), default);

        Assert.Equal(GatewayError.Unauthorized, result.Failure?.Code);
        Assert.Null(result.Value);
        _tokens.Verify(t => t.Issue(It.IsAny<string>(), It.IsAny<Role>(), It.IsAny<string?>(), It.IsAny<string?>()), Times.Never);
    }

    [Fact]
    public async Task Handle_UnknownUser_SameUnauthorizedAsWrongPasswordAfterDummyVerification()
    {
        var handler = Handler();
        var wrongPassword = await handler.Handle(new LoginCommand("alice", "wrong password", null), default);

        var unknownUser = await handler.Handle(new LoginCommand("mallory", "some password", null), default);

        Assert.Equal(GatewayError.Unauthorized, unknownUser.Failure?.Code);
        Assert.Equal(wrongPassword.Failure!.Detail, unknownUser.Failure!.Detail);
        _hasher.Verify(h => h.VerifyAgainstDummy("some password"), Times.Once);
        _tokens.Verify(t => t.Issue(It.IsAny<string>(), It.IsAny<Role>(), It.IsAny<string?>(), It.IsAny<string?>()), Times.Never);
    }

    [Fact]
    public async Task Handle_NoPasswordWithDevLoginOff_UnauthorizedWithoutToken()
    {
        var result = await Handler(insecureDevLogin: false).Handle(new LoginCommand("alice", null, "admin"), default);

        Assert.Equal(GatewayError.Unauthorized, result.Failure?.Code);
        _tokens.Verify(t => t.Issue(It.IsAny<string>(), It.IsAny<Role>(), It.IsAny<string?>(), It.IsAny<string?>()), Times.Never);
    }

    [Theory]
    [InlineData("admin", Role.Admin)]
    [InlineData("user", Role.User)]
    [InlineData(null, Role.User)]
    public async Task Handle_NoPasswordWithDevLoginOn_TokenWithTheRequestedRole(string? requestedRole, Role expected)
    {
        var result = await Handler(insecureDevLogin: true).Handle(new LoginCommand("dev", null, requestedRole), default);

        Assert.Null(result.Failure);
        Assert.Equal(expected.ToName(), result.Value?.Role);
        _tokens.Verify(t => t.Issue("dev", expected, null, null), Times.Once);
        _credentials.Verify(c => c.FindAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Theory]
    [InlineData("root")]
    [InlineData("Admin")]
    [InlineData("")]
    public async Task Handle_NoPasswordWithDevLoginOnAndUnknownRole_ValidationFailedOnRole(string requestedRole)
    {
        var result = await Handler(insecureDevLogin: true).Handle(new LoginCommand("dev", null, requestedRole), default);

        Assert.Equal(GatewayError.ValidationFailed, result.Failure?.Code);
        Assert.True(result.Failure!.Errors!.ContainsKey("role"));
        _tokens.Verify(t => t.Issue(It.IsAny<string>(), It.IsAny<Role>(), It.IsAny<string?>(), It.IsAny<string?>()), Times.Never);
    }

    [Fact]
    public async Task Handle_MoreFailuresFromOneAddressThanItsLimit_RateLimitedThereEvenWithTheRightPasswordAndWithoutHashing()
    {
        var handler = Handler(maxAttempts: 3);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(GatewayError.Unauthorized, (await handler.Handle(new LoginCommand("alice", "wrong password", null, "10.0.0.1"), default)).Failure?.Code);
        }

        _hasher.Invocations.Clear();
        var result = await handler.Handle(new LoginCommand("alice", "right password", null, "10.0.0.1"), default);

        Assert.Equal(GatewayError.RateLimited, result.Failure?.Code);
        Assert.NotNull(result.Failure!.RetryAt);
        Assert.Null(result.Value);
        _hasher.VerifyNoOtherCalls();
        _credentials.Verify(c => c.FindAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Exactly(3));
    }

    [Fact]
    public async Task Handle_GuesserFromOneAddressOverItsLimit_RealUserFromAnotherAddressLogsIn()
    {
        var handler = Handler(maxAttempts: 3);
        for (var i = 0; i < 20; i++)
        {
            await handler.Handle(new LoginCommand("alice", $"guess {i}", null, "203.0.113.9"), default);
        }

        var guesser = await handler.Handle(new LoginCommand("alice", "right password", null, "203.0.113.9"), default);
        var realUser = await handler.Handle(new LoginCommand("alice", "right password", null, "198.51.100.1"), default);

        Assert.Equal(GatewayError.RateLimited, guesser.Failure?.Code);
        Assert.Null(realUser.Failure);
    }

    [Fact]
    public async Task Handle_FailuresFromManyAddressesPastTheSlowDown_EachFurtherFailingAddressWaitsTwiceAsLong()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1));
        var handler = Handler(maxAttempts: 5, slowDownAfter: 2, time: time);
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            var address = $"192.0.2.{i}";
            await handler.Handle(new LoginCommand("alice", "wrong password", null, address), default);
            var next = await handler.Handle(new LoginCommand("alice", "wrong password", null, address), default);
            waits.Add(next.Failure?.RetryAt is { } retryAt ? retryAt - time.GetUtcNow() : TimeSpan.Zero);
        }

        var fresh = await handler.Handle(new LoginCommand("alice", "right password", null, "198.51.100.1"), default);

        // Failures 1 and 2 (address .0): no wait; the 3rd failure (address .1) → 1 s, then 2 s, 4 s, 8 s; each address's
        // second try is refused, so it counts no failure.
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)], waits);
        Assert.Null(fresh.Failure);
    }

    [Fact]
    public async Task Handle_RightPasswordAfterFailures_ClearsThatAddressesFailures()
    {
        var handler = Handler(maxAttempts: 2);
        await handler.Handle(new LoginCommand("alice", "typo", null, "10.0.0.1"), default);
        await handler.Handle(new LoginCommand("alice", "right password", null, "10.0.0.1"), default);
        await handler.Handle(new LoginCommand("alice", "typo", null, "10.0.0.1"), default);

        var result = await handler.Handle(new LoginCommand("alice", "right password", null, "10.0.0.1"), default);

        Assert.Null(result.Failure);
    }

    [Fact]
    public async Task Handle_OneClientSprayingUserIds_RateLimitedByTheClientLimitAndOtherClientsUnaffected()
    {
        var handler = Handler(maxAttemptsPerClient: 4);
        for (var i = 0; i < 4; i++)
        {
            await handler.Handle(new LoginCommand($"victim-{i}", "guess", null, "192.0.2.7"), default);
        }

        var sprayer = await handler.Handle(new LoginCommand("alice", "right password", null, "192.0.2.7"), default);
        var other = await handler.Handle(new LoginCommand("alice", "right password", null, "198.51.100.1"), default);

        Assert.Equal(GatewayError.RateLimited, sprayer.Failure?.Code);
        Assert.Null(other.Failure);
    }

    [Fact]
    public async Task Handle_ClientOverItsLimit_DoesNotCountAgainstTheUser()
    {
        var handler = Handler(maxAttempts: 2, maxAttemptsPerClient: 1);
        await handler.Handle(new LoginCommand("bob", "guess", null, "192.0.2.7"), default);
        for (var i = 0; i < 5; i++)
        {
            await handler.Handle(new LoginCommand("alice", "guess", null, "192.0.2.7"), default);
        }

        var result = await handler.Handle(new LoginCommand("alice", "right password", null, "198.51.100.1"), default);

        Assert.Null(result.Failure);
    }

    private LoginCommandHandler Handler(
        bool insecureDevLogin = false,
        int maxAttempts = 1000,
        int maxAttemptsPerClient = 1000,
        int slowDownAfter = 1000,
        TimeProvider? time = null) => new(
        _credentials.Object,
        _hasher.Object,
        _tokens.Object,
        new InMemoryRateLimiter(time ?? TimeProvider.System),
        new InMemoryLoginThrottle(time ?? TimeProvider.System),
        Options.Create(new GatewayOptions
        {
            InsecureDevLogin = insecureDevLogin,
            LoginMaxAttempts = maxAttempts,
            LoginMaxAttemptsPerClient = maxAttemptsPerClient,
            LoginSlowDownAfter = slowDownAfter,
        }),
        NullLogger<LoginCommandHandler>.Instance);
}
