using Anthropic.Models.Messages;
using LlmGateway.Domain.Chat;

namespace LlmGateway.Infrastructure.Providers;

/// <summary>
/// One Anthropic event stream in chat completions' stream updates: <c>message_start</c> gives the prompt's usage,
/// <c>content_block_start</c> of a <c>tool_use</c> opens a tool call (id and name), <c>text_delta</c> is text and
/// <c>input_json_delta</c> a piece of the open call's arguments, <c>message_delta</c> the finish reason and the final
/// usage. Tool calls are numbered in the order they open, as OpenAI numbers them. One reader per stream.
/// </summary>
internal sealed class AnthropicStreamReader
{
    private readonly Dictionary<long, int> _toolCallByBlock = [];
    private TokenUsage _usage;

    /// <summary>A <c>message_delta</c> with the stop reason arrived: only then is the answer whole.</summary>
    public bool Finished { get; private set; }

    /// <summary>The update this event makes, or null when it makes none (pings, block ends, an empty text block's start).</summary>
    public StreamDelta? Read(RawMessageStreamEvent streamEvent)
    {
        if (streamEvent.TryPickContentBlockDelta(out var delta))
        {
            if (delta.Delta.TryPickText(out var text))
            {
                return string.IsNullOrEmpty(text.Text) ? null : new StreamDelta(text.Text);
            }

            if (delta.Delta.TryPickInputJson(out var json) && _toolCallByBlock.TryGetValue(delta.Index, out var call) && !string.IsNullOrEmpty(json.PartialJson))
            {
                return new StreamDelta(null) { Parts = [new ChoiceDelta(0, DeltaKind.ToolCall, json.PartialJson, call)] };
            }

            return null;
        }

        if (streamEvent.TryPickContentBlockStart(out var start))
        {
            if (start.ContentBlock.TryPickToolUse(out var toolUse))
            {
                var call = _toolCallByBlock.Count;
                _toolCallByBlock[start.Index] = call;
                return new StreamDelta(null) { Parts = [new ChoiceDelta(0, DeltaKind.ToolCall, string.Empty, call, toolUse.ID, toolUse.Name)] };
            }

            return start.ContentBlock.TryPickText(out var text) && !string.IsNullOrEmpty(text.Text) ? new StreamDelta(text.Text) : null;
        }

        if (streamEvent.TryPickStart(out var messageStart))
        {
            _usage = AnthropicWireFormat.Usage(messageStart.Message.Usage);
            return null;
        }

        if (streamEvent.TryPickDelta(out var messageDelta))
        {
            Finished = true;
            // Cumulative; the prompt's part may be missing, and then message_start's stands.
            var usage = messageDelta.Usage;
            _usage = usage.InputTokens is { } input
                ? AnthropicWireFormat.Usage(input, usage.CacheCreationInputTokens, usage.CacheReadInputTokens, usage.OutputTokens)
                : _usage with { CompletionTokens = AnthropicWireFormat.Tokens(usage.OutputTokens) };
            return new StreamDelta(null, AnthropicWireFormat.FinishReason(messageDelta.Delta.StopReason), _usage);
        }

        return null;
    }
}
