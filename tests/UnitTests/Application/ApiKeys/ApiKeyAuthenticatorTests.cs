using LlmGateway.Application.ApiKeys;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using LlmGateway.Infrastructure.InMemory;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace LlmGateway.UnitTests.Application.ApiKeys;

public class ApiKeyAuthenticatorTests
{
    private readonly InMemoryApiKeyStore _keys = new();
    private readonly InMemoryCredentialStore _credentials = new();

    public ApiKeyAuthenticatorTests()
    {
        _credentials.UpsertAsync(new UserAccount("svc-user", "hash", Role.User, DateTimeOffset.UnixEpoch), default).AsTask().Wait();
        _credentials.UpsertAsync(new UserAccount("svc-admin", "hash", Role.Admin, DateTimeOffset.UnixEpoch), default).AsTask().Wait();
    }

    [Theory]
    [InlineData("svc-user", Role.User)]
    [InlineData("svc-admin", Role.Admin)]
    [InlineData("svc-admin", Role.User)]
    public async Task AuthenticateAsync_ValidKey_AcceptedAsTheKeysUserWithTheKeysRole(string userId, Role role)
    {
        var key = await MintAsync(userId, role);

        var outcome = await Authenticator().AuthenticateAsync(key.Key, default);

        Assert.Equal(ApiKeyVerdict.Accepted, outcome.Verdict);
        Assert.Equal(userId, outcome.Caller?.UserId);
        Assert.Equal(role, outcome.Caller?.Role);
        Assert.Equal(key.Id, outcome.KeyId);
    }

    [Fact]
    public async Task AuthenticateAsync_AdminKeyOfAUserNowDemoted_RoleCappedAtTheUsersRole()
    {
        var key = await MintAsync("svc-admin", Role.Admin);
        await _credentials.UpsertAsync(new UserAccount("svc-admin", "hash", Role.User, DateTimeOffset.UnixEpoch), default);

        var outcome = await Authenticator().AuthenticateAsync(key.Key, default);

        Assert.Equal(ApiKeyVerdict.Accepted, outcome.Verdict);
        Assert.Equal(Role.User, outcome.Caller?.Role);
    }

    [Fact]
    public async Task AuthenticateAsync_RevokedKey_Rejected()
    {
        var key = await MintAsync("svc-user", Role.User);
        await _keys.RevokeAsync(key.Id, DateTimeOffset.UnixEpoch, "admin", default);

        var outcome = await Authenticator().AuthenticateAsync(key.Key, default);

        Assert.Equal(ApiKeyVerdict.Rejected, outcome.Verdict);
        Assert.Null(outcome.Caller);
    }

    [Fact]
    public async Task AuthenticateAsync_KeyWhoseUserNoLongerExists_Rejected()
    {
        var key = await MintAsync("svc-user", Role.User);
        var credentials = new Mock<ICredentialStore>();
        credentials.Setup(c => c.FindAsync("svc-user", It.IsAny<CancellationToken>())).ReturnsAsync((UserAccount?)null);

        var outcome = await new ApiKeyAuthenticator(_keys, credentials.Object, NullLogger<ApiKeyAuthenticator>.Instance).AuthenticateAsync(key.Key, default);

        Assert.Equal(ApiKeyVerdict.Rejected, outcome.Verdict);
    }

    [Fact]
    public async Task AuthenticateAsync_RightIdWrongSecret_Rejected()
    {
        var key = await MintAsync("svc-user", Role.User);
        var forged = key.Key[..20] + ApiKeyFormat.Generate().Key[20..];

        var outcome = await Authenticator().AuthenticateAsync(forged, default);

        Assert.Equal(ApiKeyVerdict.Rejected, outcome.Verdict);
    }

    [Fact]
    public async Task AuthenticateAsync_WellFormedButUnknownKey_Rejected()
    {
        var outcome = await Authenticator().AuthenticateAsync(ApiKeyFormat.Generate().Key, default);

        Assert.Equal(ApiKeyVerdict.Rejected, outcome.Verdict);
    }

    [Theory]
    [InlineData("gk_")]
    [InlineData("gk_not-a-key")]
    [InlineData("gk_0123456789abcdef_tooshort")]
    public async Task AuthenticateAsync_Malformed_RejectedWithoutAskingTheStore(string token)
    {
        var keys = new Mock<IApiKeyStore>(MockBehavior.Strict);

        var outcome = await new ApiKeyAuthenticator(keys.Object, _credentials, NullLogger<ApiKeyAuthenticator>.Instance).AuthenticateAsync(token, default);

        Assert.Equal(ApiKeyVerdict.Rejected, outcome.Verdict);
    }

    [Fact]
    public async Task AuthenticateAsync_KeyStoreUnavailable_StoreUnavailableNotAccepted()
    {
        var keys = new Mock<IApiKeyStore>();
        keys.Setup(k => k.FindAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(new StoreUnavailableException("down"));

        var outcome = await new ApiKeyAuthenticator(keys.Object, _credentials, NullLogger<ApiKeyAuthenticator>.Instance)
            .AuthenticateAsync(ApiKeyFormat.Generate().Key, default);

        Assert.Equal(ApiKeyVerdict.StoreUnavailable, outcome.Verdict);
        Assert.Null(outcome.Caller);
    }

    [Fact]
    public async Task AuthenticateAsync_CredentialStoreUnavailable_StoreUnavailableNotAccepted()
    {
        var key = await MintAsync("svc-user", Role.User);
        var credentials = new Mock<ICredentialStore>();
        credentials.Setup(c => c.FindAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(new StoreUnavailableException("down"));

        var outcome = await new ApiKeyAuthenticator(_keys, credentials.Object, NullLogger<ApiKeyAuthenticator>.Instance).AuthenticateAsync(key.Key, default);

        Assert.Equal(ApiKeyVerdict.StoreUnavailable, outcome.Verdict);
        Assert.Null(outcome.Caller);
    }

    private ApiKeyAuthenticator Authenticator() => new(_keys, _credentials, NullLogger<ApiKeyAuthenticator>.Instance);

    private async Task<GeneratedApiKey> MintAsync(string userId, Role role)
    {
        var generated = ApiKeyFormat.Generate();
        var record = new ApiKeyRecord(generated.Id, "test", userId, role, generated.SecretHash, generated.Hint, DateTimeOffset.UnixEpoch, "admin");
        Assert.True(await _keys.TryAddAsync(record, default));
        return generated;
    }
}
