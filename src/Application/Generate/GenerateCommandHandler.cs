using LlmGateway.Application.Chat;
using Microsoft.Extensions.Options;

namespace LlmGateway.Application.Generate;

public sealed class GenerateCommandHandler(IChatProvider provider, EndUserIds endUsers, IOptions<GatewayOptions> options)
    : ICommandHandler<GenerateCommand, CompletionResult>
{
    private readonly int _defaultMaxTokens = options.Value.DefaultMaxTokens;

    public ValueTask<CompletionResult> Handle(GenerateCommand command, CancellationToken cancellationToken) =>
        ProviderCall.CompleteAsync(provider, endUsers.ForProvider(command.Chat, command.Caller), ProviderCall.MaxTokens(command, command.Chat, _defaultMaxTokens), cancellationToken);
}
