using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using Mediator;
using Microsoft.Extensions.Options;

namespace LlmGateway.Application.Chat;

public sealed class ChatCompletionCommandHandler(IChatProvider provider, IPolicyStore policies, IOptions<GatewayOptions> options)
    : ICommandHandler<ChatCompletionCommand, CompletionResult>
{
    private readonly int _defaultMaxTokens = options.Value.DefaultMaxTokens;

    public ValueTask<CompletionResult> Handle(ChatCompletionCommand command, CancellationToken cancellationToken)
    {
        var maxTokens = ProviderCall.MaxTokens(command, command.Chat, policies, _defaultMaxTokens);
        return command.Stream
            ? ProviderCall.StreamAsync(provider, command.Chat, maxTokens, command.Context, cancellationToken)
            : ProviderCall.CompleteAsync(provider, command.Chat, maxTokens, command.Context, cancellationToken);
    }
}
