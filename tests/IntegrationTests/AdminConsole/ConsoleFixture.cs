using System.Globalization;
using LlmGateway.IntegrationTests.Fixtures;
using Microsoft.Playwright;

namespace LlmGateway.IntegrationTests.AdminConsole;

/// <summary>
/// One gateway on Redis, listening on a real loopback port (Kestrel), and one headless Chromium for a test class: the
/// Debian <c>chromium</c> package driven by Playwright (test.sh installs it; Playwright's own browser download is not
/// used). Each test opens its own browser context, so sessions never leak between tests. The gateway trusts a test
/// OpenID Connect issuer, with the console as its public client, for single sign-on.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    /// <summary>How long any one browser action or expectation may take before the test fails.</summary>
    public const float ActionTimeoutMs = 15_000;

    private RedisServer? _redis;
    private IPlaywright? _playwright;

    public TestOidcIssuer Issuer { get; private set; } = null!;

    public ConsoleGatewayApiFactory Gateway { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.AcquireAsync();
        Issuer = await TestOidcIssuer.StartAsync();
        Gateway = new ConsoleGatewayApiFactory(_redis.GatewaySettings, $"it-console-{Guid.NewGuid():N}:", Issuer.Issuer);
        Gateway.StartServer();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumExecutable.Find(),
            Headless = true,
            Timeout = 60_000,
        });
        Assertions.SetDefaultExpectTimeout(ActionTimeoutMs);
    }

    /// <summary>A fresh browser context (no cookies, no storage, no token) on the console's origin.</summary>
    public async Task<ConsolePage> OpenConsoleAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Gateway.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Permissions = ["clipboard-read", "clipboard-write"],
        });
        context.SetDefaultTimeout(ActionTimeoutMs);
        context.SetDefaultNavigationTimeout(ActionTimeoutMs);
        var page = await context.NewPageAsync();
        var console = new ConsolePage(context, page);
        await page.GotoAsync("/console/");
        return console;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (Issuer is not null)
        {
            await Issuer.DisposeAsync();
        }
    }
}

/// <summary>The gateway in Redis mode on a free loopback port, reachable by a browser.</summary>
public sealed class ConsoleGatewayApiFactory : GatewayApiFactory
{
    /// <summary>The audience of the issuer's access tokens for this gateway.</summary>
    public const string SsoAudience = "llm-gateway-console-tests";

    /// <summary>The issuer's group whose members are admins here.</summary>
    public const string SsoAdminGroup = "gateway-admins";

    public const string ConsoleClientId = "gateway-console";

    public ConsoleGatewayApiFactory(IReadOnlyDictionary<string, string?> redisSettings, string keyPrefix, string issuer)
        : this(redisSettings, keyPrefix, issuer, FreePorts.Next())
    {
    }

    private ConsoleGatewayApiFactory(IReadOnlyDictionary<string, string?> redisSettings, string keyPrefix, string issuer, int port)
        : base(Settings(redisSettings, keyPrefix, issuer, port))
    {
        BaseAddress = new Uri(Url(port));
        UseKestrel(port);
    }

    public Uri BaseAddress { get; }

    /// <summary>An admin client over the socket, as a second admin working next to the browser would be.</summary>
    public HttpClient CreateSocketAdminClient() => CreateSocketClient(TokenFor(NewUserId(), "admin"));

    public HttpClient CreateSocketClient(string? bearer)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    private static Dictionary<string, string?> Settings(IReadOnlyDictionary<string, string?> redisSettings, string keyPrefix, string issuer, int port)
    {
        var settings = RedisGatewayApiFactory.Defaults(keyPrefix);
        foreach (var (key, value) in redisSettings)
        {
            settings[key] = value;
        }

        settings["urls"] = Url(port);
        settings["OIDC_ISSUER"] = issuer;
        settings["OIDC_AUDIENCE"] = SsoAudience;
        settings["OIDC_ROLE_CLAIM"] = "groups";
        settings["OIDC_ROLE_MAP"] = $"{SsoAdminGroup}=admin";
        settings["OIDC_REQUIRE_HTTPS_METADATA"] = "false";
        settings["OIDC_CONSOLE_CLIENT_ID"] = ConsoleClientId;
        settings["OIDC_CONSOLE_SCOPE"] = "openid gateway";
        return settings;
    }

    private static string Url(int port) => $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>Where Debian's chromium is; <c>CHROMIUM_PATH</c> names another Chromium build.</summary>
internal static class ChromiumExecutable
{
    public const string Variable = "CHROMIUM_PATH";

    public static string Find()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            return File.Exists(configured)
                ? configured
                : throw new FileNotFoundException($"{Variable} names '{configured}', which does not exist.");
        }

        foreach (var name in (string[])["chromium", "chromium-browser", "google-chrome"])
        {
            foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException(
            "No Chromium on PATH. The console's browser tests need one: install Debian's chromium package "
            + $"(apt-get install chromium; ./test.sh does this), or set {Variable}. These tests never skip.");
    }
}
