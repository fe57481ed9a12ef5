namespace LlmGateway.Domain.Chat;

/// <summary>What is asked of a model. Everything here except <see cref="EndUser"/> decides the answer, so it goes into the cache key.</summary>
/// <param name="MaxTokens">As the caller sent it; null lets the gateway choose.</param>
/// <param name="Stop">Up to four sequences at which the model stops; null or empty for none.</param>
/// <param name="EndUser">The caller's own end-user id (OpenAI's <c>user</c>), passed on for the provider's abuse monitoring.</param>
public sealed record ChatRequest(
    IReadOnlyList<ChatMessage> Messages,
    string Model,
    int? MaxTokens,
    double? Temperature = null,
    double? TopP = null,
    IReadOnlyList<string>? Stop = null,
    string? EndUser = null)
{
    /// <summary>The client's own body, sent on as it came except where the gateway rewrites it; null when the gateway
    /// built the request (<c>/generate</c>). Whatever of it decides the answer is part of the cache key.</summary>
    public ForwardedRequest? Forwarded { get; init; }

    /// <summary>The client asked for JSON output (<c>response_format</c> <c>json_object</c> or <c>json_schema</c>): the
    /// answer is filtered inside its JSON strings, so that a redaction keeps it valid JSON.</summary>
    public bool JsonOutput { get; init; }

    /// <summary>OpenAI's <c>n</c>: how many choices the model is asked for.</summary>
    public int ChoiceCount { get; init; } = 1;

    public static ChatRequest FromPrompt(string prompt, string model, int? maxTokens) =>
        new([new ChatMessage(ChatRole.User, prompt)], model, maxTokens);

    /// <summary>How many messages the client sent: <see cref="Messages"/> without the text read beside them (<see cref="ChatMessage.IsDefinitions"/>).</summary>
    public int ConversationLength
    {
        get
        {
            var beside = 0;
            while (beside < Messages.Count && Messages[beside].IsDefinitions)
            {
                beside++;
            }

            return Messages.Count - beside;
        }
    }

    /// <summary>The content of the last message the client sent with role user, or null when there is none.</summary>
    public string? LastUserMessage()
    {
        for (var i = Messages.Count - 1; i >= 0; i--)
        {
            if (Messages[i].Role == ChatRole.User && !Messages[i].IsDefinitions)
            {
                return Messages[i].Content;
            }
        }

        return null;
    }

    /// <summary>The provider-independent estimate of the prompt's size, for providers that report no usage.</summary>
    public int EstimatePromptTokens()
    {
        var tokens = 0;
        foreach (var message in Messages)
        {
            tokens += TokenUsage.EstimateTokens(message.Content);
        }

        return tokens;
    }
}
