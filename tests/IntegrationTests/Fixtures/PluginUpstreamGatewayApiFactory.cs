namespace LlmGateway.IntegrationTests.Fixtures;

/// <summary>The plugins of <see cref="PluginGatewayApiFactory"/> in front of a <see cref="FakeOpenAiUpstream"/>: answers the test scripts.</summary>
public sealed class PluginUpstreamGatewayApiFactory() : UpstreamGatewayApiFactory(PluginGatewayApiFactory.WithPlugins(new Dictionary<string, string?>()));
