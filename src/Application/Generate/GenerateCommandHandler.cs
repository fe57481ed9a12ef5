using LlmGateway.Application.Chat;
using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using Mediator;
using Microsoft.Extensions.Options;

namespace LlmGateway.Application.Generate;

public sealed class GenerateCommandHandler(IChatProvider provider, IPolicyStore policies, IOptions<GatewayOptions> options)
    : ICommandHandler<GenerateCommand, CompletionResult>
{
    private readonly int _defaultMaxTokens = options.Value.DefaultMaxTokens;

    public ValueTask<CompletionResult> Handle(GenerateCommand command, CancellationToken cancellationToken) =>
        ProviderCall.CompleteAsync(provider, command.Chat, ProviderCall.MaxTokens(command, command.Chat, policies, _defaultMaxTokens), command.Context, cancellationToken);
}
