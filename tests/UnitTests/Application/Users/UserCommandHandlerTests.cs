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
    private readonly InMemoryTeamStore _teams = new(TimeProvider.System);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddDays(1));
    private readonly Mock<IPasswordHasher> _hasher = new();
    private readonly Mock<ITokenService> _tokens = new();

    public UserCommandHandlerTests()
    {
        _credentials.TryAddAsync(new UserAccount("bob", "hash-old", Role.Admin, DateTimeOffset.UnixEpoch, "stamp-1"), default).AsTask().Wait();
        _hasher.Setup(h => h.Hash(It.IsAny<string>())).Returns((string p) => $"hash-of-{p.Length}");
        _hasher.Setup(h => h.Verify("current-password", "hash-old")).Returns(true);
        _tokens.Setup(t => t.Issue(It.IsAny<string>(), It.IsAny<Role>(), It.IsAny<string?>(), It.IsAny<string?>()))
            .Returns((string u, Role r, string? s, string? team) => new AccessToken($"{u}|{s}|{team}", 60));
        _teams.TryAddAsync(new Team("red", "Red", DateTimeOffset.UnixEpoch, "root"), default).AsTask().Wait();
        _teams.TryAddAsync(new Team("blue", "Blue", DateTimeOffset.UnixEpoch, "root"), default).AsTask().Wait();
        _credentials.TryAddAsync(new UserAccount("rita", "hash", Role.User, DateTimeOffset.UnixEpoch, "stamp-r", TeamId: "red"), default).AsTask().Wait();
        _credentials.TryAddAsync(new UserAccount("rex", "hash", Role.Admin, DateTimeOffset.UnixEpoch, "stamp-x", TeamId: "red"), default).AsTask().Wait();
        _credentials.TryAddAsync(new UserAccount("bert", "hash", Role.User, DateTimeOffset.UnixEpoch, "stamp-b", TeamId: "blue"), default).AsTask().Wait();
    }

    [Fact]
    public async Task Update_MoveToAnotherTeam_NewStampAndTheUsersKeysMoveToo()
    {
        await AddKeyAsync("k1", "rita", "red");
        await AddKeyAsync("k2", "bert", "blue");

        var result = await Handler().Handle(new UpdateUserCommand(Admin, Context, "rita", null, null, "blue"), default);

        Assert.Null(result.Failure);
        Assert.Equal("blue", result.Value!.TeamId);
        Assert.NotEqual("stamp-r", result.Value.SecurityStamp);
        Assert.Equal("blue", (await _keys.FindAsync("k1", default))!.TeamId);
    }

    [Fact]
    public async Task Update_MoveToUnknownTeam_ValidationFailedNamingTeamIdAndUnchanged()
    {
        var result = await Handler().Handle(new UpdateUserCommand(Admin, Context, "rita", null, null, "green"), default);

        Assert.Equal(GatewayError.ValidationFailed, result.Failure?.Code);
        Assert.Contains("team_id", result.Failure!.Errors!.Keys);
        Assert.Equal("red", (await _credentials.FindAsync("rita", default))!.TeamId);
    }

    [Fact]
    public async Task Update_TeamAdminOnAnotherTeamsUser_NotFoundAndUnchanged()
    {
        var result = await Handler().Handle(new UpdateUserCommand(RedAdmin, Context, "bert", null, true), default);

        Assert.Equal(GatewayError.NotFound, result.Failure?.Code);
        Assert.False((await _credentials.FindAsync("bert", default))!.Disabled);
    }

    [Theory]
    [InlineData("rita", "admin", null)]
    [InlineData("rex", null, null)]
    [InlineData("rita", null, "blue")]
    public async Task Update_TeamAdminBeyondItsRights_ForbiddenAndUnchanged(string userId, string? role, string? teamId)
    {
        var before = await _credentials.FindAsync(userId, default);

        var result = await Handler().Handle(new UpdateUserCommand(RedAdmin, Context, userId, role, teamId is null && role is null ? true : null, teamId), default);

        Assert.Equal(GatewayError.Forbidden, result.Failure?.Code);
        Assert.Equal(before, await _credentials.FindAsync(userId, default));
    }

    [Fact]
    public async Task Update_TeamAdminDisablesOwnTeamsUser_Done()
    {
        var result = await Handler().Handle(new UpdateUserCommand(RedAdmin, Context, "rita", null, true), default);

        Assert.Null(result.Failure);
        Assert.True((await _credentials.FindAsync("rita", default))!.Disabled);
    }

    [Fact]
    public async Task Delete_TeamAdminOnAnotherTeamsUser_NotFoundAndKept()
    {
        var result = await Handler().Handle(new DeleteUserCommand(RedAdmin, Context, "bert"), default);

        Assert.Equal(GatewayError.NotFound, result.Failure?.Code);
        Assert.NotNull(await _credentials.FindAsync("bert", default));
    }

    [Fact]
    public async Task ResetPassword_TeamAdminOnAnotherTeamsUser_NotFoundAndUnchanged()
    {
        var result = await Handler().Handle(new ResetPasswordCommand(RedAdmin, Context, "bert", "a-new-password-123"), default);

        Assert.Equal(GatewayError.NotFound, result.Failure?.Code);
        Assert.Equal("stamp-b", (await _credentials.FindAsync("bert", default))!.SecurityStamp);
    }

    [Fact]
    public async Task ResetPassword_TeamAdminOnAnAdminOfItsTeam_ForbiddenAndUnchanged()
    {
        var result = await Handler().Handle(new ResetPasswordCommand(RedAdmin, Context, "rex", "a-new-password-123"), default);

        Assert.Equal(GatewayError.Forbidden, result.Failure?.Code);
        Assert.Equal("stamp-x", (await _credentials.FindAsync("rex", default))!.SecurityStamp);
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
        Assert.Equal($"bob|{stored.SecurityStamp}|default", result.Value!.Token.Token);
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

    private static Caller RedAdmin { get; } = new("ralph", Role.TeamAdmin) { TeamId = "red" };

    private static RequestContext Context { get; } = new("req-1");

    private Task<bool> AddKeyAsync(string id, string userId, string teamId = "default") =>
        _keys.TryAddAsync(new ApiKeyRecord(id, "svc", userId, Role.User, new byte[32], "abcd", DateTimeOffset.UnixEpoch, "root", TeamId: teamId), default).AsTask();

    private UserCommandHandler Handler(GatewayOptions? options = null) => new(
        _credentials,
        _keys,
        _teams,
        _hasher.Object,
        _tokens.Object,
        new InMemoryRateLimiter(_time),
        Options.Create(options ?? new GatewayOptions()),
        _time,
        NullLogger<UserCommandHandler>.Instance);
}
