using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using LlmGateway.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace LlmGateway.IntegrationTests.Redis;

/// <summary>Two instances on one Redis with the default test policy and a one-second periodic policy check.</summary>
public sealed class PolicyRedisFixture : RedisGatewaysFixture;

/// <summary>
/// The live policy is one across instances: a change published on A is enforced on B (pub/sub, with the periodic
/// check behind it), a new instance starts on it, and If-Match is checked against the shared version.
/// </summary>
public sealed class RedisPolicyTests(PolicyRedisFixture fixture, ITestOutputHelper output) : IClassFixture<PolicyRedisFixture>
{
    private const int Changes = 20;

    /// <summary>Generous: the change message takes milliseconds, and the periodic check runs every second.</summary>
    private static readonly TimeSpan PropagationBound = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task PutPolicy_OnInstanceA_IsEnforcedOnInstanceBWithinSeconds()
    {
        using var adminA = fixture.A.CreateAdminClient();
        using var readyB = fixture.B.CreateClient();
        var rules = (await adminA.GetPolicyAsync()).Policy.Rules().Count;

        var propagation = new List<double>(Changes);
        for (var i = 0; i < Changes; i++)
        {
            // A user per change, so the polling never meets the rate limit.
            using var userB = fixture.B.CreateUserClient();
            var term = NewTerm();
            using (var before = await userB.PostGenerateAsync(Prompt(term)))
            {
                Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            }

            var version = await adminA.ChangePolicyAsync(policy => policy["blocked_terms"] = new JsonArray(term));
            var published = Stopwatch.GetTimestamp();

            // Poll B as fast as it answers: the first refusal is the moment B enforces the new version.
            while (true)
            {
                using var response = await userB.PostGenerateAsync(Prompt(term));
                if (response.StatusCode == HttpStatusCode.Forbidden)
                {
                    await response.AssertProblemAsync(HttpStatusCode.Forbidden, "policy_denied");
                    break;
                }

                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.True(Stopwatch.GetElapsedTime(published) < PropagationBound, $"Instance B did not enforce policy v{version} within {PropagationBound.TotalSeconds} s.");
                await Task.Delay(1);
            }

            propagation.Add(Stopwatch.GetElapsedTime(published).TotalMilliseconds);
            Assert.Equal(version, await readyB.PolicyVersionAsync());
        }

        propagation.Sort();
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Policy propagation A -> B over {Changes} changes (from the PUT's answer on A until B first refuses the new term; "
                + $"the default policy, {rules} inspection rules): "
                + $"median {Percentile(propagation, 0.50):0.0} ms, p99 {Percentile(propagation, 0.99):0.0} ms, max {propagation[^1]:0.0} ms"));
        Assert.All(propagation, ms => Assert.True(ms < PropagationBound.TotalMilliseconds));
    }

    [Fact]
    public async Task PutPolicy_InstanceStartedAfterTheChange_EnforcesTheNewVersionFromItsStart()
    {
        using var adminA = fixture.A.CreateAdminClient();
        var term = NewTerm();
        var version = await adminA.ChangePolicyAsync(policy => policy["blocked_terms"] = new JsonArray(term));

        var late = fixture.StartInstance();

        // No polling: the instance loads the live version while it starts.
        using var anonymous = late.CreateClient();
        var (status, readiness) = await anonymous.ReadinessAsync();
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(version, readiness.GetProperty("policy_version").GetInt64());
        using var user = late.CreateUserClient();
        using var refused = await user.PostGenerateAsync(Prompt(term));
        await refused.AssertProblemAsync(HttpStatusCode.Forbidden, "policy_denied");
    }

    [Fact]
    public async Task PutPolicy_StaleIfMatchOnInstanceBAfterAChangeOnA_Returns412PreconditionFailed()
    {
        using var adminA = fixture.A.CreateAdminClient();
        using var adminB = fixture.B.CreateAdminClient();
        var live = await adminB.GetPolicyAsync();
        var changed = WithBlockedTerm(live.Policy, NewTerm());

        using var onA = await adminA.PutPolicyAsync(changed, live.ETag);
        var newVersion = (await onA.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("version").GetInt64();
        Assert.Equal(live.Version + 1, newVersion);

        using var stale = await adminB.PutPolicyAsync(WithBlockedTerm(live.Policy, NewTerm()), live.ETag);
        await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");

        // Nothing was published by the refused change; B reads A's version, and its ETag works there.
        var current = await adminB.GetPolicyAsync();
        Assert.Equal(newVersion, current.Version);
        Assert.Equal(changed.ToJsonString(), current.Policy.ToJsonString());
        using var fresh = await adminB.PutPolicyAsync(live.Policy, current.ETag);
        Assert.Equal(newVersion + 1, (await fresh.ReadJsonAsync(HttpStatusCode.OK)).GetProperty("version").GetInt64());
    }

    /// <summary>
    /// <c>(a+)+$</c> runs on the non-backtracking engine (no match, 200); the lookahead forces the backtracking
    /// engine, whose match timeout counts as a match (fail closed, 400). Either way the answer comes promptly.
    /// </summary>
    [Theory]
    [InlineData("(a+)+$", HttpStatusCode.OK)]
    [InlineData("^(a+)+(?=b)", HttpStatusCode.BadRequest)]
    public async Task PutPolicy_CatastrophicBacktrackingRule_GenerateStillAnswersOnBothInstances(string pattern, HttpStatusCode expected)
    {
        using var adminA = fixture.A.CreateAdminClient();
        var original = (await adminA.GetPolicyAsync()).Policy;
        var version = await adminA.ChangePolicyAsync(policy => policy.Rules().Add(new JsonObject
        {
            ["id"] = "catastrophic-backtracking",
            ["kind"] = "regex",
            ["pattern"] = pattern,
            ["score"] = 1.0,
        }));
        try
        {
            using var readyB = fixture.B.CreateClient();
            await RedisGatewayCalls.EventuallyAsync(async () => await readyB.PolicyVersionAsync() == version, PropagationBound, $"B never loaded v{version}");

            foreach (var gateway in (RedisGatewayApiFactory[])[fixture.A, fixture.B])
            {
                using var user = gateway.CreateUserClient();
                user.Timeout = ClientTimeout;
                using var response = await user.PostGenerateAsync("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!");
                if (expected == HttpStatusCode.OK)
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                }
                else
                {
                    await response.AssertProblemAsync(expected, "prompt_blocked");
                }
            }
        }
        finally
        {
            // The rule matches far more than this test's prompt; the other tests of the class must not meet it.
            using var restored = await adminA.PutPolicyAsync(original);
            Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        }
    }

    private static JsonObject WithBlockedTerm(JsonObject policy, string term)
    {
        var copy = policy.DeepClone().AsObject();
        copy["blocked_terms"] = new JsonArray(term);
        return copy;
    }

    private static string NewTerm() => $"forbiddenterm{Guid.NewGuid():N}";

    private static string Prompt(string term) => $"Tell me about {term} {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}";

    private static double Percentile(List<double> sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Count) - 1, 0, sorted.Count - 1)];
}
