using LlmGateway.Application;
using LlmGateway.Application.Ports;
using LlmGateway.Application.Users;
using LlmGateway.Domain;
using LlmGateway.Infrastructure.InMemory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace LlmGateway.UnitTests.Application.Users;

public class SessionAuthenticatorTests
{
    private readonly InMemoryCredentialStore _credentials = new();

    public SessionAuthenticatorTests()
    {
        _credentials.TryAddAsync(new UserAccount("alice", "hash", Role.Admin, DateTimeOffset.UnixEpoch, "stamp-1"), default).AsTask().Wait();
    }

    [Fact]
    public async Task AuthenticateAsync_StampOfTheAccount_AcceptedWithTheTokensRole()
    {
        var session = await Authenticator().AuthenticateAsync("alice", "stamp-1", Role.Admin, default);

        Assert.Equal(new SessionAuthentication(SessionVerdict.Accepted, Role.Admin, "default"), session);
    }

    [Fact]
    public async Task AuthenticateAsync_AdminDemotedThroughTheApi_TokenHeldBeforeIsRejected()
    {
        await _credentials.UpdateAsync("alice", a => SecurityStamps.Apply(a, Role.User, null, DateTimeOffset.UnixEpoch), default);

        var session = await Authenticator().AuthenticateAsync("alice", "stamp-1", Role.Admin, default);

        Assert.Equal(SessionVerdict.Rejected, session.Verdict);
    }

    [Fact]
    public async Task AuthenticateAsync_RoleEditedInTheStoreStampKept_RoleCappedToTheAccounts()
    {
        await _credentials.UpdateAsync("alice", a => a with { Role = Role.User }, default);

        var session = await Authenticator().AuthenticateAsync("alice", "stamp-1", Role.Admin, default);

        Assert.Equal(new SessionAuthentication(SessionVerdict.Accepted, Role.User, "default"), session);
    }

    [Fact]
    public async Task AuthenticateAsync_DisabledOrDeletedOrPasswordReset_Rejected()
    {
        await _credentials.UpdateAsync("alice", a => a with { Disabled = true }, default);
        Assert.Equal(SessionVerdict.Rejected, (await Authenticator().AuthenticateAsync("alice", "stamp-1", Role.Admin, default)).Verdict);

        await _credentials.UpdateAsync("alice", a => a with { Disabled = false, SecurityStamp = "stamp-2" }, default);
        Assert.Equal(SessionVerdict.Rejected, (await Authenticator().AuthenticateAsync("alice", "stamp-1", Role.Admin, default)).Verdict);
        Assert.Equal(SessionVerdict.Accepted, (await Authenticator().AuthenticateAsync("alice", "stamp-2", Role.Admin, default)).Verdict);

        await _credentials.DeleteAsync("alice", default);
        Assert.Equal(SessionVerdict.Rejected, (await Authenticator().AuthenticateAsync("alice", "stamp-2", Role.Admin, default)).Verdict);
    }

    [Theory]
    [InlineData(false, SessionVerdict.Rejected)]
    [InlineData(true, SessionVerdict.Accepted)]
    public async Task AuthenticateAsync_TokenWithoutStamp_AcceptedOnlyUnderTheInsecureDevLogin(bool devLogin, SessionVerdict expected)
    {
        var session = await Authenticator(devLogin).AuthenticateAsync("dev", null, Role.Admin, default);

        Assert.Equal(expected, session.Verdict);
    }

    [Fact]
    public async Task AuthenticateAsync_StoreUnavailable_StoreUnavailableNotAccepted()
    {
        var cache = new Mock<ICredentialCache>();
        cache.Setup(c => c.FindUserAsync("alice", true, It.IsAny<CancellationToken>())).ThrowsAsync(new StoreUnavailableException("down"));

        var session = await new SessionAuthenticator(cache.Object, Options.Create(new GatewayOptions()), NullLogger<SessionAuthenticator>.Instance)
            .AuthenticateAsync("alice", "stamp-1", Role.Admin, default);

        Assert.Equal(SessionVerdict.StoreUnavailable, session.Verdict);
    }

    private SessionAuthenticator Authenticator(bool insecureDevLogin = false) => new(
        new InMemoryCredentialCache(_credentials, new InMemoryApiKeyStore()),
        Options.Create(new GatewayOptions { InsecureDevLogin = insecureDevLogin }),
        NullLogger<SessionAuthenticator>.Instance);
}
