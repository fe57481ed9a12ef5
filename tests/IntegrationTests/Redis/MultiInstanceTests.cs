using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmGateway.IntegrationTests.Fixtures;
using LlmGateway.IntegrationTests.OpenAi;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace LlmGateway.IntegrationTests.Redis;

/// <summary>
/// Issue 8, many instances: three gateway processes (the built Api, not in-memory hosts) on one Redis, under
/// concurrent load from several users. The limit holds exactly across them, a policy change made on one reaches the
/// others, and every request gets exactly one answer — its own — with each cache-missing prompt reaching the upstream once.
/// </summary>
public sealed partial class MultiInstanceTests(GatewayProcessesFixture fixture, ITestOutputHelper output) : IClassFixture<GatewayProcessesFixture>
{
    private const int Users = 5;
    private const int Limit = GatewayProcessesFixture.RateLimit;

    /// <summary>A generous bound against hangs on a busy two-core machine; the measured figures are written to the output.</summary>
    private static readonly TimeSpan PropagationBound = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Login_GuesserFromOneAddressOverThreeInstances_IsThrottledEverywhereAndTheRealUserLogsInFromAnother()
    {
        const int MaxFailures = 10; // LOGIN_MAX_ATTEMPTS's default: failures per (user id, client address)
        const string Password = "the-real-users-password-77";
        var userId = $"mi-login-{Guid.NewGuid():N}";
        using (var admin = fixture.Gateways[0].CreateClient(await fixture.TokenForAsync($"mi-admin-{Guid.NewGuid():N}", "admin")))
        using (var created = await admin.PostAsync("/admin/users", JsonContent(new { user_id = userId, password = Password, role = "user" })))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        // Two loopback addresses as two clients: the gateways see 127.0.0.2 and 127.0.0.3 as the peers.
        var attacker = Enumerable.Range(0, GatewayProcessesFixture.Instances).Select(i => ClientFrom(fixture.Gateways[i], "127.0.0.2")).ToList();
        var realUser = ClientFrom(fixture.Gateways[1], "127.0.0.3");
        try
        {
            for (var i = 0; i < MaxFailures; i++)
            {
                using var guess = await attacker[i % attacker.Count].PostAsync("/login", JsonContent(new { user_id = userId, password = $"guess-{i}-long-enough" }));
                Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
            }

            var throttled = new List<HttpResponseMessage>();
            foreach (var client in attacker)
            {
                throttled.Add(await client.PostAsync("/login", JsonContent(new { user_id = userId, password = Password })));
            }

            using var loggedIn = await realUser.PostAsync("/login", JsonContent(new { user_id = userId, password = Password }));

            // Counted in Redis: every instance refuses the guesser's address, the right password included.
            Assert.All(throttled, r => Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode));
            Assert.All(throttled, r => Assert.True(r.Headers.RetryAfter?.Delta > TimeSpan.Zero));
            throttled.ForEach(r => r.Dispose());
            Assert.Equal(HttpStatusCode.OK, loggedIn.StatusCode);
        }
        finally
        {
            attacker.ForEach(c => c.Dispose());
            realUser.Dispose();
        }

        static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
    }

    /// <summary>A client of <paramref name="gateway"/> whose connections leave from the loopback address <paramref name="localAddress"/>.</summary>
    private static HttpClient ClientFrom(GatewayProcess gateway, string localAddress)
    {
        var local = IPAddress.Parse(localAddress);
        var handler = new System.Net.Http.SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    [Fact]
    public async Task ConcurrentUsersOverThreeInstances_ExactlyTheLimitSucceedsAndEveryRequestGetsItsOwnAnswerOnce()
    {
        var run = Guid.NewGuid().ToString("N")[..8];

        // Each user sends 3 × the limit at once, spread round-robin over the three instances.
        var requests = new List<Sent>();
        for (var user = 0; user < Users; user++)
        {
            var token = await fixture.TokenForAsync($"mi-{run}-user{user}", "user");
            for (var i = 0; i < 3 * Limit; i++)
            {
                requests.Add(new Sent(user, i % GatewayProcessesFixture.Instances, token, Prompt(run, user, i)));
            }
        }

        var answers = await Task.WhenAll(requests.Select(SendAsync));

        // Exactly one answer per request, each with its own request id.
        Assert.Equal(requests.Count, answers.Length);
        Assert.Equal(answers.Length, answers.Select(a => a.RequestId).Distinct(StringComparer.Ordinal).Count());
        var unexpected = answers.Where(a => a.Status is not (HttpStatusCode.OK or HttpStatusCode.TooManyRequests)).ToList();
        Assert.True(unexpected.Count == 0, $"Answers other than 200/429: {string.Join("; ", unexpected.Select(a => $"{(int)a.Status} {a.Body}"))}");

        for (var user = 0; user < Users; user++)
        {
            var mine = answers.Where(a => a.Request.User == user).ToList();
            var served = mine.Count(a => a.Status == HttpStatusCode.OK);
            var limited = mine.Count(a => a.Status == HttpStatusCode.TooManyRequests);
            output.WriteLine($"multi-instance: user {user}: {served} × 200, {limited} × 429 (limit {Limit}, sent {mine.Count} over {GatewayProcessesFixture.Instances} instances: {string.Join("/", mine.GroupBy(a => a.Request.Instance).OrderBy(g => g.Key).Select(g => $"{g.Count(a => a.Status == HttpStatusCode.OK)} ok on {fixture.Gateways[g.Key].Name}"))})");
            Assert.Equal(Limit, served);
            Assert.Equal(2 * Limit, limited);
        }

        foreach (var answer in answers)
        {
            using var document = JsonDocument.Parse(answer.Body);
            if (answer.Status == HttpStatusCode.OK)
            {
                // Its own answer (the fake echoes the prompt), from the upstream, which saw this prompt exactly once.
                Assert.Equal(FakeOpenAiUpstream.EchoPrefix + answer.Request.Prompt, Content(document.RootElement));
                Assert.Equal("MISS", answer.Cache);
                Assert.Equal(1, fixture.Upstream.Attempts(answer.Request.Prompt));
            }
            else
            {
                Assert.Equal("rate_limited", document.RootElement.GetProperty("error").GetProperty("code").GetString());
                Assert.True(answer.RetryAfter > 0, "A 429 without Retry-After.");
                Assert.Equal(0, fixture.Upstream.Attempts(answer.Request.Prompt));
            }
        }

        // The same prompts again, by other users and each on another instance than before: all from the shared cache.
        var servedPrompts = answers.Where(a => a.Status == HttpStatusCode.OK).Select(a => a.Request).ToList();
        await RedisGatewayCalls.EventuallyAsync(
            async () => await CachedAnswersAsync() >= servedPrompts.Count,
            TimeSpan.FromSeconds(10),
            "the answers were not all written to the shared cache");
        var readers = new string[Users];
        for (var reader = 0; reader < Users; reader++)
        {
            readers[reader] = await fixture.TokenForAsync($"mi-{run}-reader{reader}", "user");
        }

        var again = servedPrompts.Select((first, i) => new Sent(
            first.User,
            (first.Instance + 1) % GatewayProcessesFixture.Instances,
            readers[i % Users],
            first.Prompt)).ToList();
        var hits = await Task.WhenAll(again.Select(SendAsync));
        foreach (var hit in hits)
        {
            Assert.True(hit.Status == HttpStatusCode.OK, $"{(int)hit.Status}: {hit.Body}");
            using var document = JsonDocument.Parse(hit.Body);
            Assert.Equal("HIT", hit.Cache);
            Assert.Equal(FakeOpenAiUpstream.EchoPrefix + hit.Request.Prompt, Content(document.RootElement));
            Assert.Equal(1, fixture.Upstream.Attempts(hit.Request.Prompt));
        }

        output.WriteLine($"multi-instance: {answers.Length} concurrent requests → {answers.Count(a => a.Status == HttpStatusCode.OK)} × 200, {answers.Count(a => a.Status == HttpStatusCode.TooManyRequests)} × 429, {answers.Select(a => a.RequestId).Distinct(StringComparer.Ordinal).Count()} distinct request ids; then {hits.Length} cache hits on other instances, upstream calls per prompt: exactly 1");
    }

    [Fact]
    public async Task PolicyChangedOnOneInstance_ReachesAllThree()
    {
        const int Changes = 20;
        var admin = await fixture.TokenForAsync($"mi-admin-{Guid.NewGuid():N}", "admin");
        using var adminClient = fixture.Gateways[0].CreateClient(admin);
        var others = fixture.Gateways.Skip(1).ToList();
        var probes = others.Select(g => g.CreateClient()).ToList();
        var samples = new List<double>();
        string? lastTerm = null;
        try
        {
            for (var change = 0; change < Changes; change++)
            {
                var live = await adminClient.GetPolicyAsync();
                var expected = live.Version + 1;
                lastTerm = $"mi-term-{Guid.NewGuid():N}";
                live.Policy["blocked_terms"] = new JsonArray(lastTerm);

                var started = Stopwatch.GetTimestamp();
                var seen = probes.Select(probe => SeenAtAsync(probe, expected, started)).ToList();
                using (var put = await adminClient.PutPolicyAsync(live.Policy, live.ETag))
                {
                    var body = await put.ReadJsonAsync(HttpStatusCode.OK);
                    Assert.Equal(expected, body.GetProperty("version").GetInt64());
                }

                foreach (var elapsed in await Task.WhenAll(seen))
                {
                    samples.Add(elapsed.TotalMilliseconds);
                }
            }
        }
        finally
        {
            foreach (var probe in probes)
            {
                probe.Dispose();
            }
        }

        samples.Sort();
        var median = Percentile(samples, 0.50);
        var p99 = Percentile(samples, 0.99);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"policy propagation over processes: {Changes} changes on {fixture.Gateways[0].Name}, {samples.Count} samples on {string.Join("+", others.Select(g => g.Name))} (from the PUT being sent until the instance enforces the version): median {median:0.0} ms, p99 {p99:0.0} ms, max {samples[^1]:0.0} ms"));
        Assert.True(samples[^1] < PropagationBound.TotalMilliseconds, $"A change took {samples[^1]:0} ms to reach an instance.");

        // What a user notices: the last change's blocked term is refused on every instance.
        foreach (var gateway in fixture.Gateways)
        {
            using var user = gateway.CreateClient(await fixture.TokenForAsync(GatewayApiFactory.NewUserId(), "user"));
            using var refused = await user.PostRawJsonAsync("/v1/chat/completions", OpenAiSdkTests.ChatBody($"Tell me about {lastTerm} {GatewayApiFactory.PromptMarker}"));
            var error = (await refused.ReadJsonAsync(HttpStatusCode.Forbidden)).GetProperty("error");
            Assert.Equal("policy_denied", error.GetProperty("code").GetString());
        }
    }

    private static string Prompt(string run, int user, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"Question {index} of user {user} in run {run} [[fake:echo]] {GatewayApiFactory.PromptMarker} marker-{Guid.NewGuid():N}");

    private static string? Content(JsonElement completion) =>
        completion.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>Polls an instance's readiness until it enforces <paramref name="version"/>; the time since <paramref name="started"/>.</summary>
    private static async Task<TimeSpan> SeenAtAsync(HttpClient probe, long version, long started)
    {
        while (true)
        {
            if (await probe.PolicyVersionAsync() >= version)
            {
                return Stopwatch.GetElapsedTime(started);
            }

            if (Stopwatch.GetElapsedTime(started) > 2 * PropagationBound)
            {
                return Stopwatch.GetElapsedTime(started); // reported and failed by the caller
            }

            await Task.Delay(2);
        }
    }

    private async Task<Answer> SendAsync(Sent request)
    {
        using var client = fixture.Gateways[request.Instance].CreateClient(request.Token);
        using var response = await client.PostRawJsonAsync("/v1/chat/completions", OpenAiSdkTests.ChatBody(request.Prompt));
        var body = await response.Content.ReadAsStringAsync();
        return new Answer(
            request,
            response.StatusCode,
            body,
            response.Headers.TryGetValues("X-Request-Id", out var id) ? id.Single() : string.Empty,
            response.Headers.TryGetValues("X-Cache", out var cache) ? cache.Single() : null,
            response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0);
    }

    private async Task<int> CachedAnswersAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.RedisConfiguration);
        var count = 0;
        foreach (var server in redis.GetServers())
        {
            if (!server.IsReplica)
            {
                await foreach (var _ in server.KeysAsync(pattern: $"{fixture.KeyPrefix}cache:*"))
                {
                    count++;
                }
            }
        }

        return count;
    }

    private sealed record Sent(int User, int Instance, string Token, string Prompt);

    private sealed record Answer(Sent Request, HttpStatusCode Status, string Body, string RequestId, string? Cache, double RetryAfter);
}
