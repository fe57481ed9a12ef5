namespace LlmGateway.Application.Models;

/// <summary>The one answer for a model the caller cannot use: 404, naming <c>model</c>, in OpenAI's words.</summary>
public static class ModelFailures
{
    /// <summary>
    /// The same for a model nobody serves and one an allow-list hides (<c>GET /v1/models/{id}</c>), and for a chat request
    /// naming a model the catalogue does not have: the caller learns only what it may use.
    /// </summary>
    public static GatewayFailure NotFound(string model)
    {
        var message = $"The model '{model}' does not exist or you do not have access to it.";
        return new GatewayFailure(GatewayError.NotFound, message)
        {
            Errors = new Dictionary<string, string[]>(StringComparer.Ordinal) { ["model"] = [message] },
        };
    }
}
