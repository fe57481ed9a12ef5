using Microsoft.Extensions.Options;

namespace LlmGateway.Application.Chat;

public sealed class ChatCompletionCommandHandler(IChatProvider provider, EndUserIds endUsers, IOptions<GatewayOptions> options)
    : ICommandHandler<ChatCompletionCommand, CompletionResult>
{
    private readonly int _defaultMaxTokens = options.Value.DefaultMaxTokens;

    public ValueTask<CompletionResult> Handle(ChatCompletionCommand command, CancellationToken cancellationToken)
    {
        var maxTokens = ProviderCall.MaxTokens(command, command.Chat, _defaultMaxTokens);
        var chat = endUsers.ForProvider(command.Chat, command.Caller);
        return command.Stream
            ? ProviderCall.StreamAsync(provider, chat, maxTokens, cancellationToken)
            : ProviderCall.CompleteAsync(provider, chat, maxTokens, cancellationToken);
    }
}
