using LlmGateway.Domain.Chat;

namespace LlmGateway.Application.Ports;

/// <summary>Counts tokens the way the model's own tokenizer does, for the token limits and budgets reserved before a call.</summary>
public interface ITokenCounter
{
    /// <summary>The prompt's tokens as the provider will bill them: every message's text plus the chat format's per-message overhead.</summary>
    int CountPrompt(ChatRequest request);

    /// <summary>The tokens of <paramref name="text"/> in <paramref name="model"/>'s encoding.</summary>
    int CountText(string model, string text);
}
