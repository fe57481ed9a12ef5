using System.Text.RegularExpressions;
using LlmGateway.Application.Behaviors;
using LlmGateway.Application.Common;
using LlmGateway.Domain;
using LlmGateway.Domain.Chat;
using LlmGateway.Domain.Policies;

namespace LlmGateway.UnitTests.Application.Behaviors;

public partial class ResponseCacheKeyTests
{
    private const string Prompt = "Write a haiku about autumn";

    private static readonly ChatRequest Baseline = new(
        [new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, Prompt)],
        "gpt-4o-mini",
        MaxTokens: 256,
        Temperature: 0.7,
        TopP: 1.0);

    public static TheoryData<string, ChatRequest, Role, long> Variations => new()
    {
        { "model", Baseline with { Model = "gpt-4o" }, Role.User, 1 },
        { "max_tokens", Baseline with { MaxTokens = 257 }, Role.User, 1 },
        { "max_tokens unset", Baseline with { MaxTokens = null }, Role.User, 1 },
        { "temperature", Baseline with { Temperature = 0.8 }, Role.User, 1 },
        { "temperature unset", Baseline with { Temperature = null }, Role.User, 1 },
        { "top_p", Baseline with { TopP = 0.9 }, Role.User, 1 },
        { "top_p unset", Baseline with { TopP = null }, Role.User, 1 },
        { "policy version", Baseline, Role.User, 2 },
        { "role", Baseline, Role.Admin, 1 },
        { "message role", Baseline with { Messages = [new ChatMessage(ChatRole.User, "Be brief."), new ChatMessage(ChatRole.User, Prompt)] }, Role.User, 1 },
        { "message content", Baseline with { Messages = [new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, Prompt + ".")] }, Role.User, 1 },
        { "message dropped", Baseline with { Messages = [new ChatMessage(ChatRole.User, Prompt)] }, Role.User, 1 },
        { "message order", Baseline with { Messages = [new ChatMessage(ChatRole.User, Prompt), new ChatMessage(ChatRole.System, "Be brief.")] }, Role.User, 1 },
        { "stop added", Baseline with { Stop = ["\n\n"] }, Role.User, 1 },
    };

    [Fact]
    public void Compute_TeamScope_SameTeamSharesWhateverTheRoleOtherTeamsDoNot()
    {
        var redUser = new Caller("alice", Role.User) { TeamId = "red" };
        var redAdmin = new Caller("bob", Role.Admin) { TeamId = "red" };
        var blueUser = new Caller("carol", Role.User) { TeamId = "blue" };

        var red = ResponseCacheKey.Compute(Baseline, redUser, CacheScope.Team, 1, 0);

        Assert.Equal(red, ResponseCacheKey.Compute(Baseline, redAdmin, CacheScope.Team, 1, 0));
        Assert.NotEqual(red, ResponseCacheKey.Compute(Baseline, blueUser, CacheScope.Team, 1, 0));
    }

    [Fact]
    public void Compute_TeamOverlayMergedIn_NeverTheKeyOfTheGlobalPolicyOrAnotherOverlay()
    {
        var caller = new Caller("alice", Role.User);

        var global = ResponseCacheKey.Compute(Baseline, caller, CacheScope.Global, 1, 0);
        var red = ResponseCacheKey.Compute(Baseline, caller, CacheScope.Global, 1, 0, "red", 1);

        Assert.NotEqual(global, red);
        Assert.NotEqual(red, ResponseCacheKey.Compute(Baseline, caller, CacheScope.Global, 1, 0, "red", 2));
        Assert.NotEqual(red, ResponseCacheKey.Compute(Baseline, caller, CacheScope.Global, 1, 0, "blue", 1));
    }

    [Fact]
    public void Compute_SameInputInEqualButDistinctObjects_SameKey()
    {
        var copy = new ChatRequest(
            [new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, string.Concat("Write a haiku ", "about autumn"))],
            "gpt-4o-mini",
            256,
            0.7,
            1.0);

        Assert.Equal(Key(Baseline, Role.User, 1, 0), Key(copy, Role.User, 1, 0));
    }

    [Theory]
    [MemberData(nameof(Variations))]
    public void Compute_OneInputChanged_DifferentKey(string changed, ChatRequest chat, Role role, long policyVersion)
    {
        var baseline = Key(Baseline, Role.User, 1, 0);

        Assert.True(baseline != Key(chat, role, policyVersion, 0), $"The key ignores a change of {changed}.");
    }

    [Theory]
    [InlineData(new[] { "END" }, new[] { "STOP" })]
    [InlineData(new[] { "a", "b" }, new[] { "ab" })]
    [InlineData(new[] { "a", "b" }, new[] { "b", "a" })]
    [InlineData(new[] { "a" }, new[] { "a", "b" })]
    public void Compute_DifferentStopSequences_DifferentKeys(string[] stop, string[] otherStop)
    {
        Assert.NotEqual(
            Key(Baseline with { Stop = stop }, Role.User, 1, 0),
            Key(Baseline with { Stop = otherStop }, Role.User, 1, 0));
    }

    [Fact]
    public void Compute_SameStopSequencesInDistinctLists_SameKey()
    {
        Assert.Equal(
            Key(Baseline with { Stop = ["END", "\n"] }, Role.User, 1, 0),
            Key(Baseline with { Stop = new List<string> { "END", "\n" } }, Role.User, 1, 0));
    }

    [Fact]
    public void Compute_DifferentEndUser_DifferentKeys()
    {
        var key = Key(Baseline, Role.User, 1, 0);
        var customer17 = Key(Baseline with { EndUser = "customer-17" }, Role.User, 1, 0);

        Assert.NotEqual(key, customer17);
        Assert.NotEqual(customer17, Key(Baseline with { EndUser = "customer-18" }, Role.User, 1, 0));
        Assert.NotEqual(key, Key(Baseline with { EndUser = "" }, Role.User, 1, 0));
    }

    [Fact]
    public void Compute_RoleScope_SharedByUsersOfTheRoleOnly()
    {
        var alice = Key(Baseline, Role.User, 1, 0, CacheScope.Role, "alice");

        Assert.Equal(alice, Key(Baseline, Role.User, 1, 0, CacheScope.Role, "bob"));
        Assert.NotEqual(alice, Key(Baseline, Role.Admin, 1, 0, CacheScope.Role, "alice"));
    }

    [Fact]
    public void Compute_UserScope_OneEntryPerUser()
    {
        var alice = Key(Baseline, Role.User, 1, 0, CacheScope.User, "alice");

        Assert.NotEqual(alice, Key(Baseline, Role.User, 1, 0, CacheScope.User, "bob"));
        Assert.NotEqual(alice, Key(Baseline, Role.User, 1, 0, CacheScope.Role, "alice"));
        Assert.Equal(alice, Key(Baseline, Role.Admin, 1, 0, CacheScope.User, "alice"));
    }

    [Fact]
    public void Compute_GlobalScope_SharedAcrossUsersAndRoles()
    {
        var alice = Key(Baseline, Role.User, 1, 0, CacheScope.Global, "alice");

        Assert.Equal(alice, Key(Baseline, Role.Admin, 1, 0, CacheScope.Global, "bob"));
        Assert.NotEqual(alice, Key(Baseline, Role.User, 1, 0, CacheScope.Role, "alice"));
    }

    [Fact]
    public void Compute_OtherOutputGuards_DifferentKey()
    {
        Assert.NotEqual(Key(Baseline, Role.User, 1, 0), Key(Baseline, Role.User, 1, 42));
    }

    [Fact]
    public void Compute_SameTextSplitDifferentlyAcrossMessages_DifferentKeys()
    {
        var abC = Baseline with { Messages = [new ChatMessage(ChatRole.User, "ab"), new ChatMessage(ChatRole.User, "c")] };
        var aBc = Baseline with { Messages = [new ChatMessage(ChatRole.User, "a"), new ChatMessage(ChatRole.User, "bc")] };

        Assert.NotEqual(Key(abC, Role.User, 1, 0), Key(aBc, Role.User, 1, 0));
    }

    [Fact]
    public void Compute_Always_VersionPrefixAndLowerHexSha256WithoutPromptText()
    {
        var key = Key(Baseline, Role.User, 1, 0);

        Assert.Matches(KeyFormat(), key);
        Assert.DoesNotContain("haiku", key, StringComparison.OrdinalIgnoreCase);
    }

    private static string Key(ChatRequest chat, Role role, long policyVersion, long outputGuardsId, CacheScope scope = CacheScope.Role, string userId = "alice") =>
        ResponseCacheKey.Compute(chat, new Caller(userId, role), scope, policyVersion, outputGuardsId);

    [GeneratedRegex("^v3:[0-9a-f]{64}$")]
    private static partial Regex KeyFormat();
}
