using LlmGateway.Application;
using LlmGateway.Application.Common;
using LlmGateway.Domain;
using LlmGateway.Domain.Chat;
using Microsoft.Extensions.Options;

namespace LlmGateway.UnitTests.Application.Common;

public class EndUserIdsTests
{
    private const string Secret = "a-signing-secret-of-at-least-32-bytes!!";

    private static readonly ChatRequest Chat = new([new ChatMessage(ChatRole.User, "Hello")], "gpt-4o", MaxTokens: null, EndUser: "claimed-ceo");

    private static readonly Caller Alice = new("alice", Role.User);

    [Fact]
    public void ForProvider_Default_ThePseudonymOfTheAuthenticatedCallerNotTheClaimedUser()
    {
        var sent = Ids().ForProvider(Chat, Alice);

        Assert.Matches("^gw-[0-9a-f]{32}$", sent.EndUser);
        Assert.DoesNotContain("alice", sent.EndUser, StringComparison.Ordinal);
        Assert.Equal(Chat.Messages, sent.Messages);
    }

    [Fact]
    public void ForProvider_TwoInstancesSharingTheSigningSecret_SamePseudonym()
    {
        Assert.Equal(Ids().ForProvider(Chat, Alice).EndUser, Ids().ForProvider(Chat with { EndUser = null }, Alice).EndUser);
    }

    [Fact]
    public void ForProvider_OtherCallerOrOtherKey_OtherPseudonym()
    {
        var alice = Ids().ForProvider(Chat, Alice).EndUser;

        Assert.NotEqual(alice, Ids().ForProvider(Chat, new Caller("bob", Role.User)).EndUser);
        Assert.NotEqual(alice, Ids(key: "a-dedicated-pseudonym-key").ForProvider(Chat, Alice).EndUser);
        Assert.NotEqual(alice, Ids(secret: Secret + "2").ForProvider(Chat, Alice).EndUser);
    }

    [Fact]
    public void ForProvider_Forward_TheClientsValueAsSent()
    {
        Assert.Same(Chat, Ids(EndUserIdMode.Forward).ForProvider(Chat, Alice));
    }

    [Fact]
    public void ForProvider_Drop_NoUser()
    {
        Assert.Null(Ids(EndUserIdMode.Drop).ForProvider(Chat, Alice).EndUser);
    }

    private static EndUserIds Ids(EndUserIdMode mode = EndUserIdMode.Pseudonym, string? key = null, string secret = Secret) =>
        new(Options.Create(new GatewayOptions { EndUserId = mode, EndUserIdKey = key, SigningSecret = secret }));
}
