using LlmGateway.Application.ApiKeys;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using LlmGateway.Infrastructure.InMemory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace LlmGateway.UnitTests.Application.ApiKeys;

public class ApiKeyAuthenticatorTests
{
    private readonly InMemoryApiKeyStore _keys = new();
    private readonly InMemoryCredentialStore _credentials = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddDays(1));

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
        await _keys.UpdateAsync(key.Id, k => k with { RevokedAt = DateTimeOffset.UnixEpoch, RevokedBy = "admin" }, default);

        var outcome = await Authenticator().AuthenticateAsync(key.Key, default);

        Assert.Equal(ApiKeyVerdict.Rejected, outcome.Verdict);
        Assert.Null(outcome.Caller);
    }

    [Fact]
    public async Task AuthenticateAsync_KeyWhoseUserNoLongerExists_Rejected()
    {
        var key = await MintAsync("svc-user", Role.User);
        await _credentials.DeleteAsync("svc-user", default);

        var outcome = await Authenticator().AuthenticateAsync(key.Key, default);

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
        var cache = new Mock<ICredentialCache>(MockBehavior.Strict);

        var outcome = await new ApiKeyAuthenticator(cache.Object, _keys, _time, NullLogger<ApiKeyAuthenticator>.Instance).AuthenticateAsync(token, default);

        Assert.Equal(ApiKeyVerdict.Rejected, outcome.Verdict);
    }

    [Fact]
    public async Task AuthenticateAsync_KeyStoreUnavailable_StoreUnavailableNotAccepted()
    {
        var cache = new Mock<ICredentialCache>();
        cache.Setup(k => k.FindKeyAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(new StoreUnavailableException("down"));

        var outcome = await new ApiKeyAuthenticator(cache.Object, _keys, _time, NullLogger<ApiKeyAuthenticator>.Instance)
            .AuthenticateAsync(ApiKeyFormat.Generate().Key, default);

        Assert.Equal(ApiKeyVerdict.StoreUnavailable, outcome.Verdict);
        Assert.Null(outcome.Caller);
    }

    [Fact]
    public async Task AuthenticateAsync_CredentialStoreUnavailable_StoreUnavailableNotAccepted()
    {
        var key = await MintAsync("svc-user", Role.User);
        var cache = new Mock<ICredentialCache>();
        cache.Setup(c => c.FindKeyAsync(key.Id, It.IsAny<CancellationToken>())).Returns(() => _keys.FindAsync(key.Id, default));
        cache.Setup(c => c.FindUserAsync(It.IsAny<string>(), false, It.IsAny<CancellationToken>())).ThrowsAsync(new StoreUnavailableException("down"));

        var outcome = await new ApiKeyAuthenticator(cache.Object, _keys, _time, NullLogger<ApiKeyAuthenticator>.Instance).AuthenticateAsync(key.Key, default);

        Assert.Equal(ApiKeyVerdict.StoreUnavailable, outcome.Verdict);
        Assert.Null(outcome.Caller);
    }

    [Fact]
    public async Task AuthenticateAsync_KeyOfADisabledUser_Rejected()
    {
        var key = await MintAsync("svc-user", Role.User);
        await _credentials.UpdateAsync("svc-user", a => a with { Disabled = true }, default);

        var outcome = await Authenticator().AuthenticateAsync(key.Key, default);

        Assert.Equal(ApiKeyVerdict.Rejected, outcome.Verdict);
    }

    [Fact]
    public async Task AuthenticateAsync_KeyOlderThanItsUsersAccount_RejectedAsTheKeyOfADeletedNamesake()
    {
        var key = await MintAsync("svc-user", Role.User);
        await _credentials.DeleteAsync("svc-user", default);
        await _credentials.TryAddAsync(new UserAccount("svc-user", "hash", Role.User, DateTimeOffset.UnixEpoch.AddHours(1)), default);

        var outcome = await Authenticator().AuthenticateAsync(key.Key, default);

        Assert.Equal(ApiKeyVerdict.Rejected, outcome.Verdict);
    }

    [Fact]
    public async Task AuthenticateAsync_PastExpiresAt_RejectedAndBeforeItAccepted()
    {
        var key = await MintAsync("svc-user", Role.User, r => r with { ExpiresAt = _time.GetUtcNow().AddMinutes(5) });

        Assert.Equal(ApiKeyVerdict.Accepted, (await Authenticator().AuthenticateAsync(key.Key, default)).Verdict);
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(ApiKeyVerdict.Rejected, (await Authenticator().AuthenticateAsync(key.Key, default)).Verdict);
    }

    [Fact]
    public async Task AuthenticateAsync_RotatedKey_OldSecretAcceptedOnlyWithinGraceNewOneAfter()
    {
        var old = await MintAsync("svc-user", Role.User);
        var rotated = ApiKeyFormat.Generate(old.Id);
        await _keys.UpdateAsync(
            old.Id,
            r => r with { SecretHash = rotated.SecretHash, PreviousSecretHash = r.SecretHash, PreviousSecretExpiresAt = _time.GetUtcNow().AddSeconds(60) },
            default);

        Assert.Equal(ApiKeyVerdict.Accepted, (await Authenticator().AuthenticateAsync(old.Key, default)).Verdict);
        Assert.Equal(ApiKeyVerdict.Accepted, (await Authenticator().AuthenticateAsync(rotated.Key, default)).Verdict);
        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(ApiKeyVerdict.Rejected, (await Authenticator().AuthenticateAsync(old.Key, default)).Verdict);
        Assert.Equal(ApiKeyVerdict.Accepted, (await Authenticator().AuthenticateAsync(rotated.Key, default)).Verdict);
    }

    [Fact]
    public async Task AuthenticateAsync_KeyWithModels_CallerCarriesThemAndMayUseOnlyThose()
    {
        var key = await MintAsync("svc-user", Role.User, r => r with { Models = ["gpt-4o-mini"] });

        var caller = (await Authenticator().AuthenticateAsync(key.Key, default)).Caller!;

        Assert.True(caller.MayUse("gpt-4o-mini"));
        Assert.False(caller.MayUse("gpt-4o"));
    }

    [Fact]
    public async Task AuthenticateAsync_ManyRequests_LastUseWrittenOncePerMinute()
    {
        var key = await MintAsync("svc-user", Role.User);
        var keys = new Mock<IApiKeyStore>();
        var authenticator = new ApiKeyAuthenticator(new InMemoryCredentialCache(_credentials, _keys), keys.Object, _time, NullLogger<ApiKeyAuthenticator>.Instance);

        for (var i = 0; i < 10; i++)
        {
            await authenticator.AuthenticateAsync(key.Key, default);
            _time.Advance(TimeSpan.FromSeconds(5));
        }

        keys.Verify(k => k.RecordUse(key.Id, It.IsAny<DateTimeOffset>()), Times.Once);
        _time.Advance(TimeSpan.FromSeconds(10));
        await authenticator.AuthenticateAsync(key.Key, default);
        keys.Verify(k => k.RecordUse(key.Id, It.IsAny<DateTimeOffset>()), Times.Exactly(2));
    }

    private ApiKeyAuthenticator Authenticator() =>
        new(new InMemoryCredentialCache(_credentials, _keys), _keys, _time, NullLogger<ApiKeyAuthenticator>.Instance);

    private async Task<GeneratedApiKey> MintAsync(string userId, Role role, Func<ApiKeyRecord, ApiKeyRecord>? customise = null)
    {
        var generated = ApiKeyFormat.Generate();
        var record = new ApiKeyRecord(generated.Id, "test", userId, role, generated.SecretHash, generated.Hint, DateTimeOffset.UnixEpoch, "admin");
        Assert.True(await _keys.TryAddAsync(customise is null ? record : customise(record), default));
        return generated;
    }
}
