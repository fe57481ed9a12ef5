using LlmGateway.IntegrationTests.Fixtures;

namespace LlmGateway.IntegrationTests;

/// <summary>A misconfigured gateway refuses to start, and says which variable to fix (docs/configuration.md).</summary>
public sealed class StartupValidationTests
{
    /// <summary>Variable, bad value (in Production) → the name the failure must mention.</summary>
    public static TheoryData<string, string?, string> Misconfigurations => new()
    {
        { "JWT_SECRET", string.Empty, "JWT_SECRET" },
        { "JWT_SECRET", "only-31-bytes-long-secret-value", "JWT_SECRET" },
        { "INSECURE_DEV_LOGIN", "true", "INSECURE_DEV_LOGIN" },
        { "ADMIN_PASSWORD", "short-pw", "ADMIN_PASSWORD" },
        { "ADMIN_PASSWORD", null, "ADMIN_PASSWORD" },
        { "RATE_LIMIT", "0", "RATE_LIMIT" },
    };

    [Theory]
    [MemberData(nameof(Misconfigurations))]
    public async Task Start_WithMisconfigurationInProduction_FailsNamingTheVariable(string key, string? value, string expectedInMessage)
    {
        await using var factory = new ConfiguredFactory(new Dictionary<string, string?> { [key] = value }, "Production");

        var exception = Record.Exception(() => factory.CreateClient().Dispose());

        Assert.NotNull(exception);
        // WebApplicationFactory reports a failed start as a disposed service provider; the operator sees the log.
        Assert.True(factory.Logs.Text.Contains(expectedInMessage, StringComparison.Ordinal), $"The start-up failure does not name {expectedInMessage}. Log:\n{factory.Logs.Text}\n{exception}");
    }

    [Fact]
    public async Task Start_WithABrokenModelCatalogue_FailsNamingEachSettingToFix()
    {
        await using var factory = new ConfiguredFactory(
            new Dictionary<string, string?>
            {
                ["OPENAI_MODEL"] = "gpt-4o",
                ["Models:0:Name"] = "gpt-4o",
                ["Models:0:Deployments:0:Provider"] = "azure-openai",
                ["Models:0:Fallbacks:0"] = "gpt-4o-mini",
                ["Models:1:Name"] = "gpt-4o-mini",
                ["Models:1:Deployments:0:Provider"] = "local",
                ["Models:1:Deployments:0:Weight"] = "0",
                ["Models:1:Fallbacks:0"] = "gpt-4o",
            },
            "Production");

        Assert.NotNull(Record.Exception(() => factory.CreateClient().Dispose()));

        var log = factory.Logs.Text;
        Assert.Contains("Models:0:Deployments:0:Provider", log, StringComparison.Ordinal);
        Assert.Contains("is not a configured provider: one of local", log, StringComparison.Ordinal);
        Assert.Contains("Models:1:Deployments:0:Weight must be between 1 and 1000", log, StringComparison.Ordinal);
        Assert.Contains("the fallbacks form a cycle (gpt-4o -> gpt-4o-mini -> gpt-4o)", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithoutJwtSecretInDevelopment_StartsWithARandomKey()
    {
        await using var factory = new ConfiguredFactory(new Dictionary<string, string?> { ["JWT_SECRET"] = string.Empty, ["ADMIN_USER_ID"] = null, ["ADMIN_PASSWORD"] = null }, "Development");
        using var client = factory.CreateClient();

        using var health = await client.GetAsync("/health");
        using var rejected = factory.CreateClientFor(GatewayApiFactory.NewUserId(), "user");
        using var response = await rejected.PostGenerateAsync($"random key {GatewayApiFactory.PromptMarker}");

        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("JWT_SECRET is not set", factory.Logs.Text, StringComparison.Ordinal);
        // A token signed with the configured test key means nothing to a gateway that made up its own.
        await response.AssertProblemAsync(System.Net.HttpStatusCode.Unauthorized, "unauthorized");
    }

    private sealed class ConfiguredFactory(IReadOnlyDictionary<string, string?> overrides, string environment)
        : GatewayApiFactory(overrides, environment);
}
