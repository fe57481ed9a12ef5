namespace LlmGateway.Domain.Chat;

public enum ChatRole
{
    System,
    User,
    Assistant,
}

public sealed record ChatMessage(ChatRole Role, string Content)
{
    /// <summary>
    /// Not a turn of the conversation but the text of the request's tool definitions and output schema (names,
    /// descriptions, parameter names) and of any top-level field the gateway does not know, which the model reads beside
    /// the messages: inspected and held to the blocked terms like a system message, not counted as one of the client's
    /// messages.
    /// </summary>
    public bool IsDefinitions { get; init; }
}
