using LlmGateway.Application.ApiKeys;
using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using LlmGateway.Infrastructure.InMemory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace LlmGateway.UnitTests.Application.ApiKeys;

/// <summary>The admin commands: create, revoke, get, list.</summary>
public class ApiKeyCommandHandlerTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private readonly InMemoryApiKeyStore _keys = new();
    private readonly InMemoryCredentialStore _credentials = new();
    private readonly FakeTimeProvider _time = new(Now);

    public ApiKeyCommandHandlerTests()
    {
        _credentials.UpsertAsync(new UserAccount("svc-user", "hash", Role.User, DateTimeOffset.UnixEpoch), default).AsTask().Wait();
        _credentials.UpsertAsync(new UserAccount("svc-admin", "hash", Role.Admin, DateTimeOffset.UnixEpoch), default).AsTask().Wait();
    }

    [Fact]
    public async Task Create_ExistingUser_StoresOnlyTheHashAndReturnsAKeyThatAuthenticates()
    {
        var result = await Create("svc-user", role: null);

        var created = Assert.IsType<CreatedApiKey>(result.Value);
        var stored = await _keys.FindAsync(created.Record.Id, default);
        Assert.NotNull(stored);
        Assert.Equal(("svc-user", Role.User, "billing", "admin-1", Now), (stored.UserId, stored.Role, stored.Name, stored.CreatedBy, stored.CreatedAt));
        Assert.True(ApiKeyFormat.SecretMatches(created.Key, stored.SecretHash));
        Assert.Equal(created.Key[^4..], stored.Hint);
        Assert.DoesNotContain(created.Key, created.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_NoRoleForAnAdmin_KeyTakesTheUsersRole()
    {
        var result = await Create("svc-admin", role: null);

        Assert.Equal(Role.Admin, result.Value?.Record.Role);
    }

    [Fact]
    public async Task Create_UserRoleKeyForAnAdmin_Allowed()
    {
        var result = await Create("svc-admin", role: Roles.User);

        Assert.Equal(Role.User, result.Value?.Record.Role);
    }

    [Fact]
    public async Task Create_AdminKeyForAUserRoleAccount_ValidationFailedOnRole()
    {
        var result = await Create("svc-user", role: Roles.Admin);

        Assert.Equal(GatewayError.ValidationFailed, result.Failure?.Code);
        Assert.True(result.Failure!.Errors!.ContainsKey("role"));
        Assert.Empty(await _keys.ListAsync(default));
    }

    [Fact]
    public async Task Create_UnknownUser_NotFoundAndNothingStored()
    {
        var result = await Create("nobody", role: null);

        Assert.Equal(GatewayError.NotFound, result.Failure?.Code);
        Assert.Empty(await _keys.ListAsync(default));
    }

    [Fact]
    public async Task Create_IdAlreadyTaken_TriesAFreshId()
    {
        var keys = new Mock<IApiKeyStore>();
        keys.SetupSequence(k => k.TryAddAsync(It.IsAny<ApiKeyRecord>(), It.IsAny<CancellationToken>())).ReturnsAsync(false).ReturnsAsync(true);
        var handler = new CreateApiKeyCommandHandler(keys.Object, _credentials, _time, NullLogger<CreateApiKeyCommandHandler>.Instance);

        var result = await handler.Handle(CreateCommand("svc-user", null), default);

        Assert.NotNull(result.Value);
        keys.Verify(k => k.TryAddAsync(It.IsAny<ApiKeyRecord>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task Revoke_ExistingKey_MarkedRevokedByTheCallerNow()
    {
        var created = (await Create("svc-user", null)).Value!;

        var result = await Revoke(created.Record.Id);

        Assert.Equal((Now, "admin-2"), (result.Value?.RevokedAt, result.Value?.RevokedBy));
        Assert.Equal(Now, (await _keys.FindAsync(created.Record.Id, default))?.RevokedAt);
    }

    [Fact]
    public async Task Revoke_Twice_SucceedsAndKeepsTheFirstRevocation()
    {
        var created = (await Create("svc-user", null)).Value!;
        await Revoke(created.Record.Id);
        _time.Advance(TimeSpan.FromMinutes(5));

        var again = await Revoke(created.Record.Id);

        Assert.Equal(Now, again.Value?.RevokedAt);
    }

    [Theory]
    [InlineData("0123456789abcdef")]
    [InlineData("not-an-id")]
    [InlineData("")]
    public async Task Revoke_UnknownOrMalformedId_NotFound(string id)
    {
        var result = await Revoke(id);

        Assert.Equal(GatewayError.NotFound, result.Failure?.Code);
    }

    [Fact]
    public async Task Get_MalformedId_NotFoundWithoutAskingTheStore()
    {
        var handler = new ApiKeyQueryHandler(new Mock<IApiKeyStore>(MockBehavior.Strict).Object);

        var result = await handler.Handle(new GetApiKeyQuery(Admin("admin-1"), new RequestContext("req-1"), "../x"), default);

        Assert.Equal(GatewayError.NotFound, result.Failure?.Code);
    }

    [Fact]
    public async Task List_SeveralKeys_NewestFirstRevokedIncluded()
    {
        var first = (await Create("svc-user", null)).Value!;
        _time.Advance(TimeSpan.FromSeconds(1));
        var second = (await Create("svc-admin", null)).Value!;
        await Revoke(first.Record.Id);
        var handler = new ApiKeyQueryHandler(_keys);

        var result = await handler.Handle(new ListApiKeysQuery(Admin("admin-1"), new RequestContext("req-1")), default);

        Assert.Equal([second.Record.Id, first.Record.Id], result.Value!.Keys.Select(k => k.Record.Id));
        Assert.NotNull(result.Value.Keys[1].Record.RevokedAt);
    }

    private static Caller Admin(string userId) => new(userId, Role.Admin);

    private static CreateApiKeyCommand CreateCommand(string userId, string? role) =>
        new(Admin("admin-1"), new RequestContext("req-1"), userId, "billing", role);

    private async Task<Result<CreatedApiKey>> Create(string userId, string? role) =>
        await new CreateApiKeyCommandHandler(_keys, _credentials, _time, NullLogger<CreateApiKeyCommandHandler>.Instance).Handle(CreateCommand(userId, role), default);

    private async Task<Result<ApiKeyRecord>> Revoke(string id) =>
        await new RevokeApiKeyCommandHandler(_keys, _time, NullLogger<RevokeApiKeyCommandHandler>.Instance)
            .Handle(new RevokeApiKeyCommand(Admin("admin-2"), new RequestContext("req-2"), id), default);
}
