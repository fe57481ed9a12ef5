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
    /// Not a turn of the conversation but text the model reads beside the messages, held to inspection and the blocked
    /// terms and not counted as one of the client's messages: the request's tool definitions and output schema (names,
    /// descriptions, parameter names), with the role <see cref="ChatRole.System"/>, and the top-level fields the gateway
    /// does not know, with the role <see cref="ChatRole.User"/>. Such messages come first.
    /// </summary>
    public bool IsDefinitions { get; init; }
}
