using OpenAI.Chat;

namespace LlmGateway.IntegrationTests.Fixtures;

/// <summary>
/// The one function tool the tool-calling tests offer (<c>lookup</c>, a required <c>key</c>), and what a streamed call
/// of it delivered through the OpenAI SDK: its id, name, finish reason and the argument pieces as they arrived.
/// </summary>
public sealed record LookupTool(string? Id, string? Name, ChatFinishReason? Finish, IReadOnlyList<string> ArgumentPieces)
{
    public static readonly BinaryData Parameters = BinaryData.FromString("""{"type":"object","properties":{"key":{"type":"string"},"city":{"type":"string"}},"required":["key"]}""");

    public string Arguments => string.Concat(ArgumentPieces);

    public static ChatCompletionOptions Options() => new()
    {
        Tools = { ChatTool.CreateFunctionTool("lookup", "Looks a key up.", Parameters) },
        ToolChoice = ChatToolChoice.CreateAutoChoice(),
        AllowParallelToolCalls = false,
        MaxOutputTokenCount = 50,
    };

    /// <summary>Streams <paramref name="prompt"/> with <see cref="Options"/> and gathers the tool call it is answered with.</summary>
    public static async Task<LookupTool> StreamAsync(ChatClient chat, string prompt)
    {
        var pieces = new List<string>();
        string? name = null;
        string? id = null;
        ChatFinishReason? finish = null;
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage(prompt)], Options()))
        {
            foreach (var call in update.ToolCallUpdates)
            {
                name ??= call.FunctionName;
                id ??= call.ToolCallId;
                pieces.Add(call.FunctionArgumentsUpdate?.ToString() ?? string.Empty);
            }

            finish = update.FinishReason ?? finish;
        }

        return new LookupTool(id, name, finish, pieces);
    }
}
