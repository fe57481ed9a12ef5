using Microsoft.Extensions.Options;

namespace LlmGateway.Application.Chat;

public sealed class ChatCompletionCommandHandler(IChatProvider provider, IOptions<GatewayOptions> options)
    : ICommandHandler<ChatCompletionCommand, CompletionResult>
{
    private readonly int _defaultMaxTokens = options.Value.DefaultMaxTokens;

    public ValueTask<CompletionResult> Handle(ChatCompletionCommand command, CancellationToken cancellationToken)
    {
        var maxTokens = ProviderCall.MaxTokens(command, command.Chat, _defaultMaxTokens);
        return command.Stream
            ? ProviderCall.StreamAsync(provider, command.Chat, maxTokens, cancellationToken)
            : ProviderCall.CompleteAsync(provider, command.Chat, maxTokens, cancellationToken);
    }
}
