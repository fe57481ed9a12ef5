using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using Mediator;

namespace LlmGateway.Application.Behaviors;

/// <summary>Redacts policy keywords and secrets from the provider's answer before it leaves (or is cached).</summary>
public sealed class OutputFilteringBehavior<TMessage, TResponse>(IPolicyStore policies) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IOutputFilteredRequest, IMessage
    where TResponse : ICompletionResponse<TResponse>
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var pending = next(message, cancellationToken);
        return pending.IsCompletedSuccessfully ? ValueTask.FromResult(Filter(message, pending.Result)) : AwaitAndFilter(message, pending);

        async ValueTask<TResponse> AwaitAndFilter(TMessage message, ValueTask<TResponse> pending) => Filter(message, await pending);
    }

    private TResponse Filter(TMessage message, TResponse response)
    {
        if (response.Completion is not { } completion)
        {
            return response;
        }

        var filtered = message.Context.PolicyFrom(policies).OutputFilter.Filter(completion.Text);
        if (filtered.Redactions.Count == 0)
        {
            return response;
        }

        return TResponse.FromCompletion(completion with { Text = filtered.Text, Redactions = [.. completion.Redactions, .. filtered.Redactions] });
    }
}
