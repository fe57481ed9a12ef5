namespace LlmGateway.Domain.Chat;

/// <summary>What is asked of a model. Everything here decides the answer, so all of it goes into the cache key.</summary>
/// <param name="MaxTokens">As the caller sent it; null lets the gateway choose.</param>
public sealed record ChatRequest(
    IReadOnlyList<ChatMessage> Messages,
    string Model,
    int? MaxTokens,
    double? Temperature = null,
    double? TopP = null)
{
    public static ChatRequest FromPrompt(string prompt, string model, int? maxTokens) =>
        new([new ChatMessage(ChatRole.User, prompt)], model, maxTokens);
}
