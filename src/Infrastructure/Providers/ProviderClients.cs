namespace LlmGateway.Infrastructure.Providers;

/// <summary>
/// The client that calls one remote deployment, by the kind of its provider. A new kind of provider (a native API
/// rather than an OpenAI-compatible one) is one more case here and one more name the catalogue can route to.
/// </summary>
internal static class ProviderClients
{
    /// <param name="provider">The provider, with the model this deployment asks it for.</param>
    public static IChatProvider Create(RemoteProvider provider, HttpClient http, ProviderOptions options) => provider.Protocol switch
    {
        ProviderProtocol.OpenAi => new OpenAiCompatibleProvider(provider, http, options),
        ProviderProtocol.Anthropic => new AnthropicProvider(provider, http, options),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider.Protocol, "No client for this protocol."),
    };
}
