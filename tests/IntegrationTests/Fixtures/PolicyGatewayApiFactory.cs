namespace LlmGateway.IntegrationTests.Fixtures;

/// <summary>
/// A gateway of its own for tests that change the live policy, so the shared instance keeps the default policy
/// the other tests rely on. xunit builds one per test class that takes it as a class fixture.
/// </summary>
public sealed class PolicyGatewayApiFactory() : GatewayApiFactory(new Dictionary<string, string?>());
