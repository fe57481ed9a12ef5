namespace LlmGateway.Infrastructure.Providers;

/// <summary>
/// The client that calls one remote deployment, by the kind of its provider. A new kind of provider (a native API
/// rather than an OpenAI-compatible one) is one more case here and one more name the catalogue can route to.
/// </summary>
internal static class ProviderClients
{
    /// <param name="deployment">A remote deployment: the provider, with the model it is asked for, and its HTTP clients' names.</param>
    public static IChatProvider Create(DeploymentPlan deployment, IHttpClientFactory clients, ProviderOptions options)
    {
        var provider = deployment.Remote!;
        var http = clients.CreateClient(deployment.HttpClientName);
        return provider.Protocol switch
        {
            ProviderProtocol.OpenAi => new OpenAiCompatibleProvider(provider, http, options, clients.CreateClient(deployment.EmbeddingsHttpClientName)),
            ProviderProtocol.Anthropic => new AnthropicProvider(provider, http, options),
            _ => throw new ArgumentOutOfRangeException(nameof(deployment), provider.Protocol, "No client for this protocol."),
        };
    }
}
