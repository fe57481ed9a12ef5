using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Reflection;

namespace LlmGateway.IntegrationTests.Fixtures;

/// <summary>
/// The built gateway (<c>dotnet LlmGateway.Api.dll</c>) as a separate operating-system process on a free loopback
/// port, configured only through environment variables, exactly as an operator runs several instances. Killed by
/// its own process handle on dispose, and by a process-exit safety net if a run ends without disposing.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly OutputTail _output = new(300);

    private GatewayProcess(string name, Process process, Uri baseAddress)
    {
        Name = name;
        _process = process;
        BaseAddress = baseAddress;
    }

    public string Name { get; }

    public Uri BaseAddress { get; }

    /// <summary>The last lines the gateway wrote (stdout and stderr), for failure messages.</summary>
    public string Output => _output.Text;

    /// <summary>The Api's build output, next to its project (IntegrationTests.csproj builds it first).</summary>
    public static string ApiAssembly
    {
        get
        {
            foreach (var metadata in typeof(GatewayProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>())
            {
                if (metadata.Key == "GatewayApi" && metadata.Value is { } path)
                {
                    var full = Path.GetFullPath(path);
                    Assert.True(File.Exists(full), $"The gateway was not built at {full}.");
                    return full;
                }
            }

            throw new InvalidOperationException("IntegrationTests.csproj names no GatewayApi assembly.");
        }
    }

    /// <summary>Starts <c>dotnet LlmGateway.Api.dll</c> with <paramref name="environment"/> on top of this process's environment.</summary>
    /// <param name="workingDirectory">Where it is started from; the build output directory unless given.</param>
    public static GatewayProcess Start(string name, IReadOnlyDictionary<string, string?> environment, string? workingDirectory = null)
    {
        var port = FreePorts.Next();
        var baseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var assembly = ApiAssembly;
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(assembly)!,
        };
        start.ArgumentList.Add(assembly);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["ASPNETCORE_URLS"] = baseAddress.ToString().TrimEnd('/');

        var process = new Process { StartInfo = start };
        var gateway = new GatewayProcess(name, process, baseAddress);
        process.OutputDataReceived += (_, e) => gateway._output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => gateway._output.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += gateway.OnProcessExit;
        return gateway;
    }

    public HttpClient CreateClient(string? bearer = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    /// <summary>Fails with the gateway's own output when it has exited.</summary>
    public void AssertRunning() =>
        Assert.False(_process.HasExited, $"Gateway {Name} exited with code {(_process.HasExited ? _process.ExitCode : 0)}. Its output:\n{Output}");

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        using (_process)
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                }

                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (InvalidOperationException)
            {
                // Never started or already gone.
            }
        }
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }

}

/// <summary>
/// Three gateway processes on one Redis and one fake OpenAI upstream, with the per-user limit
/// <see cref="RateLimit"/> per <c>RATE_WINDOW</c> (long enough never to roll over during a test).
/// </summary>
public sealed class GatewayProcessesFixture : IAsyncLifetime
{
    public const int RateLimit = 10;
    public const int Instances = 3;

    private readonly List<GatewayProcess> _gateways = [];
    private RedisServer? _redis;

    public string KeyPrefix { get; } = $"mi-{Guid.NewGuid():N}:";

    public FakeOpenAiUpstream Upstream { get; private set; } = null!;

    /// <summary>The StackExchange.Redis configuration string of the shared Redis, for looking at what the gateways stored.</summary>
    public string RedisConfiguration
    {
        get
        {
            var settings = _redis!.GatewaySettings;
            return settings.TryGetValue("REDIS_CONFIGURATION", out var full) && !string.IsNullOrEmpty(full)
                ? full
                : $"{settings["REDIS_HOST"]}:{settings["REDIS_PORT"]}";
        }
    }

    public IReadOnlyList<GatewayProcess> Gateways => _gateways;

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch (Exception e)
        {
            var outputs = string.Join("\n", _gateways.Select(g => $"--- gateway {g.Name}:\n{g.Output}"));
            await DisposeAsync();
            throw new InvalidOperationException($"The gateway processes did not start: {e.Message}\n{outputs}", e);
        }
    }

    private async Task StartAsync()
    {
        // A missing redis-server fails here with what to install; it is never a reason to skip.
        _redis = await RedisServer.AcquireAsync();
        Upstream = await FakeOpenAiUpstream.StartAsync();

        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["JWT_SECRET"] = GatewayApiFactory.JwtSecret,
            ["JWT_ISSUER"] = GatewayApiFactory.JwtIssuer,
            ["JWT_AUDIENCE"] = GatewayApiFactory.JwtAudience,
            ["ADMIN_USER_ID"] = GatewayApiFactory.AdminUserId,
            ["ADMIN_PASSWORD"] = GatewayApiFactory.AdminPassword,
            ["RATE_LIMIT"] = RateLimit.ToString(CultureInfo.InvariantCulture),
            ["RATE_WINDOW"] = "3600",
            ["REDIS_KEY_PREFIX"] = KeyPrefix,

            // Generous for a busy two-core machine: a call that times out fails open and would let N+1 through.
            ["REDIS_TIMEOUT_MS"] = "1000",
            ["OPENAI_API_KEY"] = UpstreamGatewayApiFactory.UpstreamApiKey,
            ["OPENAI_BASE_URL"] = Upstream.BaseUrl + "/v1",
            ["OPENAI_MODEL"] = UpstreamGatewayApiFactory.UpstreamModel,
            ["PROVIDER_TIMEOUT_SECONDS"] = "10",
            ["INSECURE_DEV_LOGIN"] = "false",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = string.Empty,
            ["Serilog__MinimumLevel__Default"] = "Warning",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        foreach (var (key, value) in _redis.GatewaySettings)
        {
            environment[key] = value;
        }

        for (var i = 0; i < Instances; i++)
        {
            _gateways.Add(GatewayProcess.Start(((char)('A' + i)).ToString(), environment));
        }

        await WaitUntilInSyncAsync();
    }

    /// <summary>
    /// A valid token for <paramref name="userId"/>, whose account is written straight into the shared Redis (as the
    /// gateways store accounts) when missing: tokens are checked against their account on every request.
    /// </summary>
    public async Task<string> TokenForAsync(string userId, string role)
    {
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(RedisConfiguration);
        var account = new System.Text.Json.Nodes.JsonObject
        {
            ["user_id"] = userId,
            ["password_hash"] = "seeded-no-password",
            ["role"] = role == "admin" ? 1 : 0,
            ["created_at"] = DateTimeOffset.UtcNow,
            ["security_stamp"] = TestTokens.Stamp,
        };
        await redis.GetDatabase().StringSetAsync($"{KeyPrefix}user:{userId}", account.ToJsonString(), when: StackExchange.Redis.When.NotExists);
        return TestTokens.Create(userId, role);
    }

    /// <summary>Waits until every process answers ready on one published policy version (≥ 1).</summary>
    public async Task WaitUntilInSyncAsync()
    {
        var versions = new long[_gateways.Count];
        await RedisGatewayCalls.EventuallyAsync(
            async () =>
            {
                for (var i = 0; i < _gateways.Count; i++)
                {
                    _gateways[i].AssertRunning();
                    using var client = _gateways[i].CreateClient();
                    try
                    {
                        var (status, body) = await client.ReadinessAsync();
                        versions[i] = status == HttpStatusCode.OK ? body.GetProperty("policy_version").GetInt64() : -1;
                    }
                    catch (HttpRequestException)
                    {
                        versions[i] = -1; // not listening yet
                    }
                }

                return versions.All(v => v >= 1 && v == versions[0]);
            },
            // Three processes JIT-compiling at once on a busy two-core machine take a while (~30 s idle here).
            TimeSpan.FromSeconds(90),
            "the gateway processes never became ready on one policy version",
            TimeSpan.FromMilliseconds(200));
    }

    public async Task DisposeAsync()
    {
        foreach (var gateway in _gateways)
        {
            await gateway.DisposeAsync();
        }

        if (Upstream is not null)
        {
            await Upstream.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DeleteKeysAsync(KeyPrefix);
            await _redis.DisposeAsync();
        }
    }
}
