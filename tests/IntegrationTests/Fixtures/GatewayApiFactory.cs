using System.Net.Http.Headers;
using System.Text;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace LlmGateway.IntegrationTests.Fixtures;

/// <summary>
/// The gateway in memory, configured only through the variables of docs/configuration.md (flat names at the configuration
/// root), exactly as an operator would. Every log event the app writes is also rendered as JSON into
/// <see cref="Logs"/>. Tokens are minted here with the test key, so most tests skip the slow /login.
/// </summary>
public class GatewayApiFactory : WebApplicationFactory<Program>
{
    public const string JwtSecret = "integration-tests-only-hmac-key-0123456789-abcdefghijklmnopqrstuv";
    public const string JwtIssuer = "llm-gateway-integration-tests";
    public const string JwtAudience = "llm-gateway-integration-clients";
    public const int JwtExpiryMinutes = 30;
    public const string AdminUserId = "bootstrap-admin";
    public const string AdminPassword = "bootstrap-admin-password-for-tests-9f3c";
    public const int DefaultRateLimit = 1000;

    /// <summary>Every prompt the suite sends contains this; the logs must never contain it.</summary>
    public const string PromptMarker = "pm-7f3kq9zx";

    private readonly Dictionary<string, string?> _settings;
    private readonly string _environment;

    public GatewayApiFactory()
        : this(new Dictionary<string, string?>())
    {
    }

    protected GatewayApiFactory(IReadOnlyDictionary<string, string?> overrides, string environment = "Production")
    {
        _environment = environment;
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["JWT_SECRET"] = JwtSecret,
            ["JWT_ISSUER"] = JwtIssuer,
            ["JWT_AUDIENCE"] = JwtAudience,
            ["JWT_EXPIRY_MINUTES"] = JwtExpiryMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ADMIN_USER_ID"] = AdminUserId,
            ["ADMIN_PASSWORD"] = AdminPassword,
            ["RATE_LIMIT"] = DefaultRateLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RATE_WINDOW"] = "86400",
            ["INSECURE_DEV_LOGIN"] = "false",
            ["LOGIN_MAX_ATTEMPTS"] = "1000",
            ["LOGIN_MAX_ATTEMPTS_PER_CLIENT"] = "100000",
            ["LOGIN_SLOWDOWN_AFTER"] = "1000",

            // Pin the single-process, offline mode whatever the machine's environment says.
            ["OPENAI_API_KEY"] = string.Empty,
            ["REDIS_HOST"] = string.Empty,
            ["REDIS_CONFIGURATION"] = string.Empty,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = string.Empty,
        };

        foreach (var (key, value) in overrides)
        {
            _settings[key] = value;
        }
    }

    public static byte[] SigningKey { get; } = Encoding.UTF8.GetBytes(JwtSecret);

    public CapturingLogSink Logs { get; } = new();

    /// <summary>A user id no other test uses, so per-user rate limits never interfere.</summary>
    public static string NewUserId() => $"it-{Guid.NewGuid():N}";

    /// <summary>
    /// A client carrying a valid bearer token for <paramref name="userId"/> with <paramref name="role"/>; the account is
    /// seeded first when it does not exist (tokens are checked against their account on every request).
    /// </summary>
    public HttpClient CreateClientFor(string userId, string role) => CreateClientWithToken(TokenFor(userId, role));

    /// <summary>A valid token for <paramref name="userId"/>, whose account is seeded (with <paramref name="role"/>) when missing.</summary>
    public string TokenFor(string userId, string role) => TestTokens.Create(userId, role, stamp: SeedUser(userId, role));

    /// <summary>A new user id whose account (role user, stamp <see cref="TestTokens.Stamp"/>) exists.</summary>
    public string SeedUserAndReturnId()
    {
        var userId = NewUserId();
        SeedUser(userId, "user");
        return userId;
    }

    /// <summary>
    /// Makes sure the account exists, straight in the gateway's store (no PBKDF2, no admin call): a new one gets
    /// <see cref="TestTokens.Stamp"/> and a password hash nothing verifies against. Returns the account's stamp.
    /// </summary>
    /// <remarks>An instance whose Redis has just come back may refuse for a moment (its circuit breaker): retried for up to 15 s.</remarks>
    public string SeedUser(string userId, string role)
    {
        var store = Services.GetRequiredService<ICredentialStore>();
        var account = new UserAccount(userId, "seeded-no-password", role == "admin" ? Role.Admin : Role.User, DateTimeOffset.UtcNow, TestTokens.Stamp);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (store.TryAddAsync(account, default).AsTask().GetAwaiter().GetResult())
                {
                    return TestTokens.Stamp;
                }

                return store.FindAsync(userId, default).AsTask().GetAwaiter().GetResult()?.SecurityStamp ?? TestTokens.Stamp;
            }
            catch (StoreUnavailableException) when (attempt < 150)
            {
                Thread.Sleep(100);
            }
        }
    }

    /// <summary>The official OpenAI SDK pointed at this gateway, as a service would use it: base URL + key.</summary>
    public OpenAI.Chat.ChatClient CreateSdkChatClient(string? bearer = null, string model = UpstreamGatewayApiFactory.UpstreamModel) =>
        new(model, new System.ClientModel.ApiKeyCredential(bearer ?? TokenFor(NewUserId(), "user")), SdkOptions());

    /// <summary>The official OpenAI SDK's embeddings client pointed at this gateway.</summary>
    public OpenAI.Embeddings.EmbeddingClient CreateSdkEmbeddingClient(string model = UpstreamGatewayApiFactory.EmbeddingModel, string? bearer = null) =>
        new(model, new System.ClientModel.ApiKeyCredential(bearer ?? TokenFor(NewUserId(), "user")), SdkOptions());

    /// <summary>The SDK's options for a client of this gateway: its address under <c>/v1</c>, no retries of the SDK's own.</summary>
    protected OpenAI.OpenAIClientOptions SdkOptions()
    {
        var http = CreateClient();
        return new OpenAI.OpenAIClientOptions
        {
            Endpoint = new Uri(http.BaseAddress!, "/v1"),
            Transport = new System.ClientModel.Primitives.HttpClientPipelineTransport(http),
            RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(maxRetries: 0),
        };
    }

    public HttpClient CreateUserClient() => CreateClientFor(NewUserId(), "user");

    public HttpClient CreateAdminClient() => CreateClientFor(NewUserId(), "admin");

    public HttpClient CreateClientWithToken(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);

        // Host settings reach the app before Program runs (AddInfrastructure reads REDIS_HOST there to choose the
        // adapters); the app-configuration copy wins over the machine's environment for everything bound later.
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(_settings));
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<ILogEventSink>(Logs);
        });
    }
}

/// <summary>RATE_LIMIT=3 for the user role, for the rate-limit tests.</summary>
public sealed class RateLimitedGatewayApiFactory() : GatewayApiFactory(new Dictionary<string, string?>
{
    ["RATE_LIMIT"] = RateLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
    ["ADMIN_USER_ID"] = null,
    ["ADMIN_PASSWORD"] = null,
})
{
    public const int RateLimit = 3;
}

/// <summary>
/// Its own instance for the hostile-input catalogue: a 256 KiB body cap (so "over the cap" costs little), and a
/// policy that only its own cases touch.
/// </summary>
public sealed class HostileInputGatewayApiFactory() : GatewayApiFactory(new Dictionary<string, string?>
{
    ["MAX_REQUEST_BODY_BYTES"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
})
{
    public const int MaxBodyBytes = 256 * 1024;
}

/// <summary>
/// Tight login limits (3 failures per user id and address, 8 attempts per client, per minute; the slow-down after 5
/// failures of a user id, from 1 s), for the brute-force tests.
/// </summary>
public sealed class LoginThrottleGatewayApiFactory() : GatewayApiFactory(new Dictionary<string, string?>
{
    ["LOGIN_MAX_ATTEMPTS"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
    ["LOGIN_MAX_ATTEMPTS_PER_CLIENT"] = MaxAttemptsPerClient.ToString(System.Globalization.CultureInfo.InvariantCulture),
    ["LOGIN_WINDOW_SECONDS"] = "60",
    ["LOGIN_SLOWDOWN_AFTER"] = SlowDownAfter.ToString(System.Globalization.CultureInfo.InvariantCulture),
    ["LOGIN_SLOWDOWN_SECONDS"] = "1",
})
{
    public const int MaxAttempts = 3;
    public const int MaxAttemptsPerClient = 8;
    public const int SlowDownAfter = 5;

    /// <summary>The test server has no network peer; this header stands in for the client's address.</summary>
    public const string ClientAddressHeader = "X-Test-Client-Address";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, ClientAddressFromHeader>());
    }

    private sealed class ClientAddressFromHeader : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                if (System.Net.IPAddress.TryParse(http.Request.Headers[ClientAddressHeader].ToString(), out var address))
                {
                    http.Connection.RemoteIpAddress = address;
                }

                return nextMiddleware(http);
            });
            next(app);
        };
    }
}

/// <summary>INSECURE_DEV_LOGIN=true, which the gateway accepts only in Development.</summary>
public sealed class DevLoginGatewayApiFactory() : GatewayApiFactory(
    new Dictionary<string, string?>
    {
        ["INSECURE_DEV_LOGIN"] = "true",
        ["ADMIN_USER_ID"] = null,
        ["ADMIN_PASSWORD"] = null,
    },
    environment: "Development");

/// <summary>The main gateway instance, shared by every test class that needs no special configuration.</summary>
[CollectionDefinition(Name)]
public sealed class SharedGateway : ICollectionFixture<GatewayApiFactory>
{
    public const string Name = "Gateway";
}
