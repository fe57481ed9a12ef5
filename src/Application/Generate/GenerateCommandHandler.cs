using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using Mediator;
using Microsoft.Extensions.Options;

namespace LlmGateway.Application.Generate;

public sealed class GenerateCommandHandler(IChatProvider provider, IPolicyStore policies, IOptions<GatewayOptions> options)
    : ICommandHandler<GenerateCommand, CompletionResult>
{
    private readonly int _defaultMaxTokens = options.Value.DefaultMaxTokens;

    public async ValueTask<CompletionResult> Handle(GenerateCommand command, CancellationToken cancellationToken)
    {
        var roleMax = command.Context.PolicyFrom(policies).LimitsFor(command.Caller.Role).MaxTokens;
        var maxTokens = command.Chat.MaxTokens ?? Math.Min(_defaultMaxTokens, roleMax);

        var result = await provider.CompleteAsync(command.Chat, maxTokens, cancellationToken);
        if (result.Completion is { } completion)
        {
            command.Context.Provider = completion.Provider;
            return CompletionResult.FromCompletion(completion);
        }

        return CompletionResult.FromFailure(result.Failure!);
    }
}
