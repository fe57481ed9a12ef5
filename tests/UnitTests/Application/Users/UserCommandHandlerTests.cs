using LlmGateway.Application;
using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using LlmGateway.Application.Users;
using LlmGateway.Domain;
using LlmGateway.Infrastructure.InMemory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace LlmGateway.UnitTests.Application.Users;

public class UserCommandHandlerTests
{
    private readonly InMemoryCredentialStore _credentials = new();
    private readonly InMemoryApiKeyStore _keys = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddDays(1));
    private readonly Mock<IPasswordHasher> _hasher = new();
    private readonly Mock<ITokenService> _tokens = new();

    public UserCommandHandlerTests()
    {
        _credentials.TryAddAsync(new UserAccount("bob", "hash-old", Role.Admin, DateTimeOffset.UnixEpoch, "stamp-1"), default).AsTask().Wait();
        _hasher.Setup(h => h.Hash(It.IsAny<string>())).Returns((string p) => $"hash-of-{p.Length}");
        _hasher.Setup(h => h.Verify("current-password", "hash-old")).Returns(true);
        _tokens.Setup(t => t.Issue(It.IsAny<string>(), It.IsAny<Role>(), It.IsAny<string?>()))
            .Returns((string u, Role r, string? s) => new AccessToken($"{u}|{s}", 60));
    }

    [Theory]
    [InlineData("user", null, true)]
    [InlineData(null, true, true)]
    [InlineData("admin", null, false)]
    [InlineData(null, false, false)]
    public async Task Update_DemotionOrDisable_NewStampOtherwiseKept(string? role, bool? disabled, bool stampChanges)
    {
        var result = await Handler().Handle(new UpdateUserCommand(Admin, Context, "bob", role, disabled), default);

        Assert.Null(result.Failure);
        Assert.Equal(stampChanges, result.Value!.SecurityStamp != "stamp-1");
        Assert.Equal(result.Value, await _credentials.FindAsync("bob", default));
    }

    [Fact]
    public async Task Update_OwnAccountDemoted_ConflictAndUnchanged()
    {
        var result = await Handler().Handle(new UpdateUserCommand(new Caller("bob", Role.Admin), Context, "bob", "user", null), default);

        Assert.Equal(GatewayError.Conflict, result.Failure?.Code);
        Assert.Equal(Role.Admin, (await _credentials.FindAsync("bob", default))!.Role);
    }

    [Fact]
    public async Task Update_UnknownUser_NotFound()
    {
        var result = await Handler().Handle(new UpdateUserCommand(Admin, Context, "nobody", "user", null), default);

        Assert.Equal(GatewayError.NotFound, result.Failure?.Code);
    }

    [Fact]
    public async Task Delete_UserWithKeys_AccountGoneAndItsKeysRevokedOthersKept()
    {
        await AddKeyAsync("k1", "bob");
        await AddKeyAsync("k2", "carol");

        var result = await Handler().Handle(new DeleteUserCommand(Admin, Context, "bob"), default);

        Assert.Null(result.Failure);
        Assert.Null(await _credentials.FindAsync("bob", default));
        Assert.NotNull((await _keys.FindAsync("k1", default))!.RevokedAt);
        Assert.Null((await _keys.FindAsync("k2", default))!.RevokedAt);
    }

    [Fact]
    public async Task ResetPassword_KnownUser_NewHashAndNewStamp()
    {
        var result = await Handler().Handle(new ResetPasswordCommand(Admin, Context, "bob", "a-new-password-123"), default);

        var stored = await _credentials.FindAsync("bob", default);
        Assert.Null(result.Failure);
        Assert.Equal("hash-of-18", stored!.PasswordHash);
        Assert.NotEqual("stamp-1", stored.SecurityStamp);
    }

    [Fact]
    public async Task ChangePassword_RightCurrentPassword_NewStampAndATokenCarryingIt()
    {
        var result = await Handler().Handle(new ChangePasswordCommand(new Caller("bob", Role.Admin), Context, "current-password", "a-new-password-123"), default);

        var stored = await _credentials.FindAsync("bob", default);
        Assert.Null(result.Failure);
        Assert.NotEqual("stamp-1", stored!.SecurityStamp);
        Assert.Equal($"bob|{stored.SecurityStamp}", result.Value!.Token.Token);
    }

    [Fact]
    public async Task ChangePassword_WrongCurrentPassword_ForbiddenAndUnchanged()
    {
        var result = await Handler().Handle(new ChangePasswordCommand(new Caller("bob", Role.Admin), Context, "guess", "a-new-password-123"), default);

        Assert.Equal(GatewayError.Forbidden, result.Failure?.Code);
        Assert.Equal("stamp-1", (await _credentials.FindAsync("bob", default))!.SecurityStamp);
    }

    [Fact]
    public async Task ChangePassword_OverTheAttemptLimit_RateLimitedWithoutVerifying()
    {
        var handler = Handler(new GatewayOptions { LoginMaxAttempts = 2 });
        for (var i = 0; i < 2; i++)
        {
            await handler.Handle(new ChangePasswordCommand(new Caller("bob", Role.Admin), Context, "guess", "a-new-password-123"), default);
        }

        var result = await handler.Handle(new ChangePasswordCommand(new Caller("bob", Role.Admin), Context, "current-password", "a-new-password-123"), default);

        Assert.Equal(GatewayError.RateLimited, result.Failure?.Code);
        _hasher.Verify(h => h.Verify("current-password", It.IsAny<string>()), Times.Never);
    }

    private static Caller Admin { get; } = new("root", Role.Admin);

    private static RequestContext Context { get; } = new("req-1");

    private Task<bool> AddKeyAsync(string id, string userId) =>
        _keys.TryAddAsync(new ApiKeyRecord(id, "svc", userId, Role.User, new byte[32], "abcd", DateTimeOffset.UnixEpoch, "root"), default).AsTask();

    private UserCommandHandler Handler(GatewayOptions? options = null) => new(
        _credentials,
        _keys,
        _hasher.Object,
        _tokens.Object,
        new InMemoryRateLimiter(_time),
        Options.Create(options ?? new GatewayOptions()),
        _time,
        NullLogger<UserCommandHandler>.Instance);
}
